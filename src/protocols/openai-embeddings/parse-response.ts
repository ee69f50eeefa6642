import type { EmbeddingResponse, EmbeddingVector } from '../../core/index.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount } from '../shared/read-token-count.js';

/**
 * An OpenAI `/embeddings` answer → the canonical EmbeddingResponse, vectors ordered by their
 * `index`. Usage is `prompt_tokens` (embeddings have no output); absent when not reported.
 * Anything else than a list of float arrays or base64 strings is a 502.
 */
export function parseResponse(body: unknown): EmbeddingResponse {
  if (!isRecord(body) || !Array.isArray(body.data)) throw invalidUpstreamResponse('embeddings answer without a data array');
  const rows = body.data.map((d, i) => {
    if (!isRecord(d)) throw invalidUpstreamResponse(`embeddings data[${i}] is not an object`);
    const index = typeof d.index === 'number' && Number.isInteger(d.index) ? d.index : i;
    return { index, vector: readVector(d.embedding, i) };
  });
  rows.sort((a, b) => a.index - b.index);
  if (rows.some((r, i) => r.index !== i)) throw invalidUpstreamResponse('embeddings data indexes are not 0..n-1');
  const usage = isRecord(body.usage) ? body.usage : undefined;
  const inputTokens = readTokenCount(usage?.prompt_tokens) ?? readTokenCount(usage?.total_tokens);
  return {
    upstreamModel: typeof body.model === 'string' ? body.model : undefined,
    embeddings: rows.map((r) => r.vector),
    usage: inputTokens === undefined ? { raw: usage } : { inputTokens, outputTokens: 0, raw: usage },
  };
}

function readVector(v: unknown, i: number): EmbeddingVector {
  if (typeof v === 'string') return { type: 'base64', data: v };
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return { type: 'float', values: v as number[] };
  throw invalidUpstreamResponse(`embeddings data[${i}].embedding is neither a float array nor base64`);
}
