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
  if (upstreamError !== undefined) throw invalid(`upstream error body (message of ${upstreamError.length} characters)`);
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
  for (const [i, call] of (m.tool_calls ?? []).entries()) {
    const id = call.id ?? `call_${position}_${i}`;
    if ('custom' in call) {
      content.push({ type: 'tool-call', id, name: call.custom.name, arguments: call.custom.input ?? '', extensions: { protocol: 'openai', fields: { type: 'custom' } } });
      continue;
    }
    content.push({ type: 'tool-call', id, name: call.function.name, arguments: argumentsText(call.function.arguments) });
  }
  // The deprecated `function_call` (answering `functions`, which reach an upstream as an extension).
  if (m.function_call) {
    const { name } = m.function_call;
    content.push({ type: 'tool-call', id: `call_${name}`, name, arguments: argumentsText(m.function_call.arguments), extensions: { protocol: 'openai', fields: { legacy: 'function_call' } } });
  }
  const out: Choice = {
    index: choice.index ?? position,
    content,
    finishReason: choice.finish_reason != null ? mapFinishReason(choice.finish_reason, choice.stop_reason) : { unified: 'other' },
  };
  if (choice.logprobs != null) out.logprobs = choice.logprobs;
  return out;
}

/** Arguments as JSON text; a few vendors send the object itself. */
function argumentsText(args: string | Record<string, unknown> | null | undefined): string {
  return typeof args === 'string' ? args : args == null ? '' : JSON.stringify(args);
}
