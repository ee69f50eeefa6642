import type { EmbeddingResponse, EmbeddingVector } from '../../core/index.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount } from '../shared/read-token-count.js';

/**
 * The answers of Gemini's `embedContent` (`{embedding:{values}}`) or `batchEmbedContents`
 * (`{embeddings:[{values}]}`) calls, in call order → one canonical EmbeddingResponse. The
 * Gemini API reports no token usage for embeddings; when an answer carries `usageMetadata`
 * (`promptTokenCount`) on every call it is summed, else usage stays empty and the gateway bills
 * its own count.
 */
export function parseEmbedResponse(bodies: readonly unknown[]): EmbeddingResponse {
  const embeddings: EmbeddingVector[] = [];
  let inputTokens: number | undefined = 0;
  const raw: unknown[] = [];
  for (const body of bodies) {
    if (!isRecord(body)) throw invalidUpstreamResponse('Gemini embedding answer is not an object');
    const list = Array.isArray(body.embeddings) ? body.embeddings : body.embedding !== undefined ? [body.embedding] : undefined;
    if (!list) throw invalidUpstreamResponse('Gemini embedding answer without embedding(s)');
    for (const e of list) embeddings.push(readValues(e, embeddings.length));
    const usage = isRecord(body.usageMetadata) ? body.usageMetadata : undefined;
    const n = readTokenCount(usage?.promptTokenCount);
    inputTokens = n === undefined || inputTokens === undefined ? undefined : inputTokens + n;
    if (usage) raw.push(usage);
  }
  return { embeddings, usage: inputTokens === undefined ? {} : { inputTokens, outputTokens: 0, raw } };
}

function readValues(e: unknown, i: number): EmbeddingVector {
  const values = isRecord(e) ? e.values : undefined;
  if (Array.isArray(values) && values.every((x) => typeof x === 'number' && Number.isFinite(x))) return { type: 'float', values: values as number[] };
  throw invalidUpstreamResponse(`Gemini embedding ${i} has no float values`);
}
