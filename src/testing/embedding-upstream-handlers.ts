import { createHash } from 'node:crypto';
import { json, type MockHandler } from './mock-upstream-server.js';
import { floatsToBase64 } from '../protocols/shared/convert-embedding.js';

/** Input tokens the fake OpenAI embeddings upstream reports for every call (exact cost arithmetic in tests). */
export const FAKE_EMBEDDING_TOKENS = 1000;

/** A deterministic vector for a text, every value exactly representable as float32 (base64 round trips are exact). */
export function fakeVector(text: string, dims = 8): number[] {
  const h = createHash('sha256').update(text).digest();
  return Array.from({ length: dims }, (_, i) => (h[i % h.length] - 128) / 256);
}

/**
 * A fake OpenAI `/v1/embeddings` upstream: one vector per input (a text, or token ids joined
 * by commas), `dimensions` long (default 8), base64 when asked unless `alwaysFloat` (an upstream
 * that cannot encode), with `usage.prompt_tokens` = FAKE_EMBEDDING_TOKENS unless `usage: false`.
 */
export function openaiEmbeddingsHandler(opts: { alwaysFloat?: boolean; usage?: boolean } = {}): MockHandler {
  return (req, res) => {
    const body = req.body ?? {};
    const inputs: unknown[] = typeof body.input === 'string' || typeof body.input?.[0] === 'number' ? [body.input] : body.input;
    const base64 = body.encoding_format === 'base64' && !opts.alwaysFloat;
    const data = inputs.map((x, index) => {
      const v = fakeVector(Array.isArray(x) ? x.join(',') : String(x), body.dimensions ?? 8);
      return { object: 'embedding', index, embedding: base64 ? floatsToBase64(v) : v };
    });
    json(res, 200, {
      object: 'list', data: data.reverse(), model: body.model,
      ...(opts.usage === false ? {} : { usage: { prompt_tokens: FAKE_EMBEDDING_TOKENS, total_tokens: FAKE_EMBEDDING_TOKENS } }),
    });
  };
}

/**
 * A fake Gemini embeddings upstream: `models/{m}:embedContent` → `{embedding:{values}}`,
 * `:batchEmbedContents` → `{embeddings:[{values}]}` (at most 100 requests, as the real API),
 * `outputDimensionality` long (default 8); no usage, like the Gemini API. Rejects a call
 * without `x-goog-api-key` with Google's error envelope.
 */
export function geminiEmbeddingsHandler(): MockHandler {
  return (req, res) => {
    if (!req.headers['x-goog-api-key']) return json(res, 403, { error: { code: 403, message: 'Method doesn\'t allow unregistered callers', status: 'PERMISSION_DENIED' } });
    const body = req.body ?? {};
    const vector = (r: { content?: { parts?: Array<{ text?: string }> }; outputDimensionality?: number }) => ({ values: fakeVector(r.content?.parts?.map((p) => p.text ?? '').join('') ?? '', r.outputDimensionality ?? 8) });
    if (req.path.endsWith(':embedContent')) return json(res, 200, { embedding: vector(body) });
    if (req.path.endsWith(':batchEmbedContents')) {
      const requests = body.requests ?? [];
      if (requests.length > 100) return json(res, 400, { error: { code: 400, message: 'at most 100 requests can be in one batch', status: 'INVALID_ARGUMENT' } });
      return json(res, 200, { embeddings: requests.map(vector) });
    }
    json(res, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
  };
}
