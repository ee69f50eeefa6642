import type { Usage } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readTokenCount as count } from '../shared/read-token-count.js';

/** The usageMetadata a Gemini client receives; every count is a number. */
export interface GeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

/**
 * A Gemini `usageMetadata` → canonical Usage (core/usage.ts conventions). `promptTokenCount`
 * already includes `cachedContentTokenCount` (the cache read); tool-use prompt tokens (search
 * results and the like) are input too. `thoughtsTokenCount` is apart from `candidatesTokenCount`
 * on Gemini's wire and billed as output: output = candidates + thoughts, reasoning = thoughts.
 * Gemini has no cache-write count. In a stream every chunk carries the totals so far, so each
 * parse replaces the last (bill the last, never the sum). A chunk without counts (Vertex's
 * `trafficType` alone) gives no usage at all; `raw` keeps the object.
 */
export function parseUsage(raw: unknown): Usage {
  if (!isRecord(raw)) return {};
  const usage: Usage = {};
  const prompt = count(raw.promptTokenCount);
  const toolPrompt = count(raw.toolUsePromptTokenCount);
  const candidates = count(raw.candidatesTokenCount);
  const thoughts = count(raw.thoughtsTokenCount);
  const cached = count(raw.cachedContentTokenCount);
  if (prompt !== undefined || toolPrompt !== undefined) usage.inputTokens = (prompt ?? 0) + (toolPrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined) usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (Object.keys(usage).length === 0) return {};
  usage.raw = raw;
  return usage;
}

/**
 * Canonical Usage → Gemini's usageMetadata, with 0 for counts nobody reported. Cache writes
 * (an Anthropic upstream's) have no Gemini field: they stay inside promptTokenCount.
 */
export function renderUsage(usage: Usage): GeminiUsage {
  const prompt = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const thoughts = Math.min(usage.reasoningTokens ?? 0, output);
  const out: GeminiUsage = { promptTokenCount: prompt, candidatesTokenCount: output - thoughts, totalTokenCount: prompt + output };
  if ((usage.cacheReadTokens ?? 0) > 0) out.cachedContentTokenCount = usage.cacheReadTokens;
  if (thoughts > 0) out.thoughtsTokenCount = thoughts;
  return out;
}
