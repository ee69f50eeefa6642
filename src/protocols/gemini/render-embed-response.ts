import type { EmbeddingResponse } from '../../core/index.js';
import { convertEmbedding } from '../shared/convert-embedding.js';

/**
 * The canonical EmbeddingResponse → what a Gemini client reads: `{embedding: {values}}` for
 * `embedContent`, `{embeddings: [{values}]}` for `batchEmbedContents` (floats, whatever the
 * upstream sent). Google reports no usage for embeddings; the charge is in the generation record.
 */
export function renderEmbedResponse(res: EmbeddingResponse, batch: boolean): Record<string, unknown> {
  const values = res.embeddings.map((v) => ({ values: convertEmbedding(v, 'float') }));
  return batch ? { embeddings: values } : { embedding: values[0] };
}
