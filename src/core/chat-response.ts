import type { Part } from './part.js';
import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';

export interface Choice {
  index: number;
  /** The assistant's output parts, in order. */
  content: Part[];
  finishReason: FinishReason;
  /** Same-protocol extras kept for fidelity (OpenAI logprobs). */
  logprobs?: unknown;
}

export interface ChatResponse {
  /** The upstream's own response id (for logs; clients see the generation id). */
  upstreamId?: string;
  /** The upstream's model name as it reported it. */
  upstreamModel?: string;
  choices: Choice[];
  usage: Usage;
  systemFingerprint?: string;
  created?: number;
}
