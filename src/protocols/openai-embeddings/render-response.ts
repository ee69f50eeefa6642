import type { EmbeddingResponse } from '../../core/index.js';
import { convertEmbedding } from '../shared/convert-embedding.js';

export interface RenderEmbeddingsMeta {
  /** The public model id the client sent. */
  model: string;
  encodingFormat: 'float' | 'base64';
  /** The billed input tokens (the upstream's count, or the gateway's when it reported none). */
  inputTokens: number;
  xChuizi: Record<string, unknown>;
}

/** The canonical EmbeddingResponse → the `list` of `embedding` objects an OpenAI client receives. */
export function renderResponse(res: EmbeddingResponse, meta: RenderEmbeddingsMeta): Record<string, unknown> {
  return {
    object: 'list',
    data: res.embeddings.map((v, index) => ({ object: 'embedding', index, embedding: convertEmbedding(v, meta.encodingFormat) })),
    model: meta.model,
    usage: { prompt_tokens: meta.inputTokens, total_tokens: meta.inputTokens },
    x_chuizi: meta.xChuizi,
  };
}
