import type { Usage } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount as count } from '../shared/read-token-count.js';

/** The usage object an Anthropic client receives; every count is a number (the SDK types require it). */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * An upstream Anthropic usage object → canonical Usage (core/usage.ts conventions).
 * Anthropic's `input_tokens` EXCLUDES cache reads and writes, so the canonical inputTokens is
 * input_tokens + cache_read_input_tokens + cache_creation_input_tokens (the counts present);
 * cacheReadTokens / cacheWriteTokens are the two cache counts. output_tokens already includes
 * thinking. Counts the upstream did not send stay undefined; `raw` keeps the object.
 */
export function parseUsage(raw: unknown): Usage {
  if (!isRecord(raw)) return {};
  const usage: Usage = {};
  const input = count(raw.input_tokens);
  const cacheRead = count(raw.cache_read_input_tokens);
  const cacheWrite = count(raw.cache_creation_input_tokens);
  const output = count(raw.output_tokens);
  const inputs = [input, cacheRead, cacheWrite].filter((n): n is number => n !== undefined);
  if (inputs.length > 0) usage.inputTokens = inputs.reduce((a, b) => a + b, 0);
  if (output !== undefined) usage.outputTokens = output;
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  usage.raw = raw;
  return usage;
}

/**
 * Canonical Usage → Anthropic's four counts, with 0 for counts nobody reported. input_tokens is
 * the canonical total minus the cache reads and writes (never negative), so parse → render gives
 * back the upstream's three input numbers and nothing is counted twice.
 */
export function renderUsage(usage: Usage): AnthropicUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
