import { randomAlphanumeric, type ChatResponse, type Choice, type Part } from '../../core/index.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { mapFinishReason } from './map-finish-reason.js';
import { parseUsage } from './map-usage.js';
import { parsePart } from './parse-parts.js';
import { responseSchema, type GeminiCandidate } from './upstream-schemas.js';

/**
 * A Gemini upstream's `GenerateContentResponse` → the canonical response: one choice per
 * candidate; thought parts as reasoning, function calls as tool calls (with a fresh id, Gemini
 * sends none), every part's thoughtSignature kept for a Gemini client or upstream next turn. A
 * prompt blocked before any candidate (promptFeedback.blockReason) is an empty, content-filtered answer.
 */
export function parseResponse(body: unknown): ChatResponse {
  const r = responseSchema.safeParse(body);
  if (!r.success) throw invalidUpstreamResponse(`not a Gemini response: ${summarizeIssues(r.error)}`);
  const { candidates, usageMetadata, modelVersion, responseId, promptFeedback } = r.data;
  const choices = (candidates ?? []).map((c, i) => parseCandidate(c, i));
  if (choices.length === 0) choices.push({ index: 0, content: [], finishReason: { unified: 'content-filter', raw: promptFeedback?.blockReason ?? 'OTHER' } });
  const res: ChatResponse = { choices, usage: parseUsage(usageMetadata) };
  if (responseId) res.upstreamId = responseId;
  if (modelVersion) res.upstreamModel = modelVersion;
  return res;
}

function parseCandidate(c: GeminiCandidate, position: number): Choice {
  const content: Part[] = (c.content?.parts ?? []).flatMap((p) => parsePart(p, (call) => callId(call), () => ''));
  const hasToolCalls = content.some((p) => p.type === 'tool-call');
  return { index: c.index ?? position, content, finishReason: mapFinishReason(c.finishReason ?? 'STOP', hasToolCalls) };
}

/** A call's own id when it has one, else a fresh one (clients of other protocols answer calls by id). */
export function callId(call: Record<string, unknown>): string {
  return typeof call.id === 'string' && call.id !== '' ? call.id : `call_${randomAlphanumeric(24)}`;
}
