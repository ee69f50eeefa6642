import type { Usage } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount as count } from '../shared/read-token-count.js';

/** The usage object of a Responses API response. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * An upstream Responses usage object → canonical Usage. `input_tokens` includes cached tokens and
 * `output_tokens` includes reasoning tokens (OpenAI's convention, the canonical one), so they map
 * straight across; cache writes (already inside input_tokens) are read from
 * `input_tokens_details.cache_write_tokens` (the field OpenRouter and the AI SDK use); counts not
 * reported stay undefined; `raw` keeps the object.
 */
export function parseUsage(raw: unknown): Usage {
  if (!isRecord(raw)) return {};
  const usage: Usage = {};
  const input = count(raw.input_tokens);
  const output = count(raw.output_tokens);
  const details = isRecord(raw.input_tokens_details) ? raw.input_tokens_details : {};
  const cached = count(details.cached_tokens);
  const written = count(details.cache_write_tokens);
  const reasoning = count(isRecord(raw.output_tokens_details) ? raw.output_tokens_details.reasoning_tokens : undefined);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (written !== undefined) usage.cacheWriteTokens = written;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  usage.raw = raw;
  return usage;
}

/**
 * Canonical Usage → the Responses usage object, 0 for counts nobody reported. Cache writes (inside
 * input_tokens, priced apart, e.g. by an Anthropic upstream) are added as
 * `input_tokens_details.cache_write_tokens` when there were any, so a client can reconcile its cost.
 */
export function renderUsage(usage: Usage): ResponsesUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: (usage.cacheWriteTokens ?? 0) > 0 ? { cached_tokens: usage.cacheReadTokens ?? 0, cache_write_tokens: usage.cacheWriteTokens ?? 0 } : { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}
