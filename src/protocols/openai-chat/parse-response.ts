import type { ChatResponse, Choice, Part } from '../../core/index.js';
import { invalidUpstreamResponse as invalid } from '../shared/invalid-upstream-response.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { mapFinishReason } from './map-finish-reason.js';
import { parseUsage } from './map-usage.js';
import { chatCompletionSchema, upstreamErrorMessage, type ChatCompletion } from './upstream-schemas.js';

type UpstreamChoice = ChatCompletion['choices'][number];

/**
 * An upstream `chat.completion` body (parsed JSON) → the canonical ChatResponse.
 * Parts come out in the order reasoning, text, refusal, tool calls. Anything that is not a
 * chat.completion shape throws GatewayError('provider_error') with the cause in `detail`.
 */
export function parseResponse(body: unknown): ChatResponse {
  const upstreamError = typeof body === 'object' && body !== null && 'error' in body ? upstreamErrorMessage(body) : undefined;
  if (upstreamError !== undefined) throw invalid(`upstream error body: ${upstreamError}`);
  const result = chatCompletionSchema.safeParse(body);
  if (!result.success) throw invalid(`not a chat.completion: ${summarizeIssues(result.error)}`);
  const c = result.data;
  const response: ChatResponse = {
    choices: c.choices.map(parseChoice),
    usage: parseUsage(c.usage),
  };
  if (c.id != null) response.upstreamId = c.id;
  if (c.model != null) response.upstreamModel = c.model;
  if (c.system_fingerprint != null) response.systemFingerprint = c.system_fingerprint;
  if (c.created != null) response.created = c.created;
  return response;
}

function parseChoice(choice: UpstreamChoice, position: number): Choice {
  const m = choice.message;
  const content: Part[] = [];
  const reasoning = m.reasoning_content || m.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  if (typeof m.content === 'string') {
    if (m.content !== '') content.push({ type: 'text', text: m.content });
  } else if (m.content) {
    for (const p of m.content) if (p.text) content.push({ type: 'text', text: p.text });
  }
  if (m.refusal) content.push({ type: 'refusal', text: m.refusal });
  // Legacy `message.function_call` is not read: it answers the deprecated `functions` field,
  // which only reaches an upstream as a same-protocol extension.
  for (const [i, call] of (m.tool_calls ?? []).entries()) {
    const args = call.function.arguments;
    content.push({
      type: 'tool-call',
      id: call.id ?? `call_${position}_${i}`,
      name: call.function.name,
      arguments: typeof args === 'string' ? args : args == null ? '' : JSON.stringify(args),
    });
  }
  const out: Choice = {
    index: choice.index ?? position,
    content,
    finishReason: choice.finish_reason != null ? mapFinishReason(choice.finish_reason, choice.stop_reason) : { unified: 'other' },
  };
  if (choice.logprobs != null) out.logprobs = choice.logprobs;
  return out;
}
