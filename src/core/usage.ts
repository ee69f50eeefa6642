/**
 * Token usage normalised across protocols.
 * - inputTokens: ALL input tokens, including cache reads and cache writes (OpenAI's and
 *   Gemini's convention; Anthropic's input_tokens excludes them, its parser adds them).
 * - cacheReadTokens / cacheWriteTokens: the parts of inputTokens read from / written to a cache.
 * - outputTokens: ALL output tokens, including reasoning.
 * - reasoningTokens: the part of outputTokens spent on reasoning.
 * A count the upstream did not report is undefined, never an invented 0.
 * `raw` keeps the upstream's own usage object: billing disputes are settled from it.
 */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  raw?: unknown;
}

export type UsageSource = 'upstream' | 'estimated';
