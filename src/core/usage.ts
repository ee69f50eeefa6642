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

/**
 * Where a generation's billed counts come from: `upstream` (its usage, as reported);
 * `estimated` (the gateway's own count: the upstream reported none, or the stream was cut or
 * abandoned before its usage arrived); `upstream_capped` (the upstream reported more output than
 * the hold's output bound: charged at the bound, the excess logged as a discrepancy);
 * `upstream_invalid` (the upstream's usage failed validation — negative, not an integer,
 * implausibly large — and the gateway's own count, within the hold, was charged instead).
 */
export const USAGE_SOURCES = ['upstream', 'estimated', 'upstream_capped', 'upstream_invalid'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];
