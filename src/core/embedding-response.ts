import type { Usage } from './usage.js';

/** One vector as the upstream sent it: floats, or base64 of little-endian float32 (converted at the edge when the client asked otherwise). */
export type EmbeddingVector = { type: 'float'; values: number[] } | { type: 'base64'; data: string };

/** An embedding answer, canonical: one vector per input, in input order. */
export interface EmbeddingResponse {
  upstreamModel?: string;
  embeddings: EmbeddingVector[];
  /** inputTokens only; undefined when the upstream reported none (the gateway then bills its own count). */
  usage: Usage;
}
