import type { Usage } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount as count } from '../shared/read-token-count.js';

/** The usage object of a Responses API response. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * An upstream Responses usage object → canonical Usage. `input_tokens` includes cached tokens and
 * `output_tokens` includes reasoning tokens (OpenAI's convention, the canonical one), so they map
 * straight across; counts not reported stay undefined; `raw` keeps the object.
 */
export function parseUsage(raw: unknown): Usage {
  if (!isRecord(raw)) return {};
  const usage: Usage = {};
  const input = count(raw.input_tokens);
  const output = count(raw.output_tokens);
  const cached = count(isRecord(raw.input_tokens_details) ? raw.input_tokens_details.cached_tokens : undefined);
  const reasoning = count(isRecord(raw.output_tokens_details) ? raw.output_tokens_details.reasoning_tokens : undefined);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  usage.raw = raw;
  return usage;
}

/** Canonical Usage → the Responses usage object, 0 for counts nobody reported. */
export function renderUsage(usage: Usage): ResponsesUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}
