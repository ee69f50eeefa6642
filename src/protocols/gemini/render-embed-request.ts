import type { EmbeddingRequest } from '../../core/index.js';

/** Gemini's limit on the requests of one `batchEmbedContents` call. */
export const GEMINI_EMBED_BATCH = 100;

/** One upstream call: the method (`embedContent` or `batchEmbedContents`) and its body. */
export interface GeminiEmbedCall {
  method: 'embedContent' | 'batchEmbedContents';
  body: Record<string, unknown>;
}

/**
 * Texts to embed → the Gemini calls for `model` (the upstream's name): one `embedContent` for a
 * single text, else `batchEmbedContents` in batches of at most 100, in input order. `dimensions`
 * becomes `outputDimensionality`; a Gemini client's `taskType`/`title` stay on their input. Token-id inputs are decoded to text by the caller (Gemini
 * takes no token ids).
 */
export function renderEmbedRequest(req: EmbeddingRequest, texts: readonly string[], model: string): GeminiEmbedCall[] {
  // A Gemini client's taskType and title of each input, kept for a Gemini upstream.
  const perInput = req.extensions?.protocol === 'gemini' ? (req.extensions.fields.perInput as Array<Record<string, unknown>> | undefined) : undefined;
  const one = (text: string, i: number) => ({
    content: { parts: [{ text }] },
    ...(perInput?.[i] ?? {}),
    ...(req.dimensions !== undefined ? { outputDimensionality: req.dimensions } : {}),
  });
  if (texts.length === 1) return [{ method: 'embedContent', body: { model: `models/${model}`, ...one(texts[0], 0) } }];
  const calls: GeminiEmbedCall[] = [];
  for (let i = 0; i < texts.length; i += GEMINI_EMBED_BATCH) {
    calls.push({ method: 'batchEmbedContents', body: { requests: texts.slice(i, i + GEMINI_EMBED_BATCH).map((t, j) => ({ model: `models/${model}`, ...one(t, i + j) })) } });
  }
  return calls;
}
