/**
 * What to embed: texts, or inputs already tokenized (token ids of the model's tokenizer —
 * LangChain and other OpenAI clients send cl100k ids for long texts).
 */
export type EmbeddingInput =
  | { type: 'text'; texts: readonly string[] }
  | { type: 'tokens'; tokens: ReadonlyArray<readonly number[]> };

/** An embedding call, canonical: the same for every client protocol and upstream. */
export interface EmbeddingRequest {
  /** The public model id or alias the client asked for. */
  model: string;
  input: EmbeddingInput;
  /** Output dimensions (models with shortened embeddings: text-embedding-3-*, gemini-embedding-001). */
  dimensions?: number;
  /** How the client wants each vector: a JSON array of floats, or base64 of little-endian float32. */
  encodingFormat: 'float' | 'base64';
  user?: string;
  /**
   * Fields of the client's body the canonical model has no place for, kept for a same-protocol
   * upstream (OpenAI: unknown top-level fields; Gemini: `perInput` — each input's `taskType` and
   * `title`) and dropped with a warning toward another.
   */
  extensions?: { protocol: 'openai' | 'gemini'; fields: Record<string, unknown> };
}

/** How many inputs an embedding request holds. */
export function embeddingInputCount(input: EmbeddingInput): number {
  return input.type === 'text' ? input.texts.length : input.tokens.length;
}
