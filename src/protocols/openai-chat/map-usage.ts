import type { Usage } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount as count } from '../shared/read-token-count.js';

/** The usage object an OpenAI client receives; every count is a number (the format requires it). */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** `cache_write_tokens` (OpenRouter's field) only when cache writes were reported. */
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/**
 * An upstream OpenAI-style usage object → canonical Usage (core/usage.ts conventions).
 * prompt_tokens already includes cached tokens and completion_tokens already includes
 * reasoning tokens, so they map straight across. DeepSeek reports cache hits as
 * `prompt_cache_hit_tokens`; OpenRouter reports cache writes (already inside prompt_tokens) as
 * `prompt_tokens_details.cache_write_tokens`. Counts the upstream did not send stay undefined;
 * `raw` keeps the object.
 */
export function parseUsage(raw: unknown): Usage {
  if (!isRecord(raw)) return {};
  const usage: Usage = {};
  const input = count(raw.prompt_tokens);
  const output = count(raw.completion_tokens);
  const cacheRead = count(field(raw.prompt_tokens_details, 'cached_tokens')) ?? count(raw.prompt_cache_hit_tokens);
  const cacheWrite = count(field(raw.prompt_tokens_details, 'cache_write_tokens'));
  const reasoning = count(field(raw.completion_tokens_details, 'reasoning_tokens'));
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  usage.raw = raw;
  return usage;
}

/**
 * Canonical Usage → OpenAI's usage object, with 0 for counts nobody reported. Cache writes are
 * already inside prompt_tokens; OpenAI has no field for them, so a positive count is added as
 * OpenRouter's `prompt_tokens_details.cache_write_tokens` (priced apart from plain input, e.g. by
 * an Anthropic upstream, so a client can reconcile its cost), and nothing is added otherwise.
 */
export function renderUsage(usage: Usage): OpenAIUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: cacheWrite > 0 ? { cached_tokens: cacheRead, cache_write_tokens: cacheWrite } : { cached_tokens: cacheRead },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

function field(obj: unknown, key: string): unknown {
  return isRecord(obj) ? obj[key] : undefined;
}
