import type { FnTransformer } from '../shared/fn-transformer.js';
import { GatewayError, type SseMessage, type StreamEvent } from '../../core/index.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { readSseJson } from '../shared/read-sse-json.js';
import { mapFinishReason } from './map-finish-reason.js';
import { parseUsage } from './map-usage.js';
import { chatChunkSchema, upstreamErrorMessage, type ChatChunk } from './upstream-schemas.js';

type Choice = NonNullable<ChatChunk['choices']>[number];
type ToolCallDelta = NonNullable<NonNullable<Choice['delta']>['tool_calls']>[number];

/** What is known about one streamed tool call before and after its start event. */
interface ToolState {
  id?: string;
  name?: string;
  started: boolean;
  /** Argument fragments that arrived before the name (some vendors send them first). */
  pending: string;
}

/**
 * Upstream OpenAI `chat.completion.chunk` SSE messages → canonical StreamEvents.
 * The first chunk yields `start`; `[DONE]` yields nothing; an in-stream `{"error": …}` or an
 * unparseable chunk yields one `error` event, after which the rest of the stream is ignored.
 * Never throws.
 */
export function createParseTransformer(): FnTransformer<SseMessage, StreamEvent> {
  let started = false;
  let failed = false;
  const tools = new Map<string, ToolState>();

  const fail = (controller: { enqueue(e: StreamEvent): void }, detail: string, upstreamMessage?: string) => {
    failed = true;
    const error = upstreamMessage !== undefined
      ? new GatewayError('provider_error', 'The upstream provider returned an error', { detail: `in-stream error (message of ${upstreamMessage.length} characters)` })
      : invalidUpstreamResponse(detail);
    controller.enqueue({ type: 'error', error });
  };

  /** Starts every tool call of a choice that never showed its name, so no arguments are lost. */
  const settleTools = (choice: number, emit: (e: StreamEvent) => void) => {
    for (const [key, state] of tools) {
      if (state.started || !key.startsWith(`${choice}:`)) continue;
      const toolIndex = Number(key.slice(key.indexOf(':') + 1));
      startTool(state, choice, toolIndex, emit);
    }
  };

  return {
    transform(message, controller) {
      if (failed) return;
      const read = readSseJson(message);
      if (read.type === 'skip') return;
      if (read.type === 'unparseable') {
        fail(controller, `unparseable stream chunk (${read.length} characters)`);
        return;
      }
      const { json } = read;
      const upstreamError = message.event === 'error' || (typeof json === 'object' && json !== null && 'error' in json && (json as { error: unknown }).error != null);
      if (upstreamError) {
        fail(controller, 'in-stream error', upstreamErrorMessage(json) ?? message.data.trim().slice(0, 200));
        return;
      }
      const result = chatChunkSchema.safeParse(json);
      if (!result.success) {
        fail(controller, `not a chat.completion.chunk: ${summarizeIssues(result.error)}`);
        return;
      }
      const chunk = result.data;
      const emit = (e: StreamEvent) => controller.enqueue(e);
      if (!started) {
        started = true;
        const start: StreamEvent = { type: 'start' };
        if (chunk.id != null) start.upstreamId = chunk.id;
        if (chunk.model != null) start.upstreamModel = chunk.model;
        emit(start);
      }
      for (const [position, c] of (chunk.choices ?? []).entries()) {
        const choice = c.index ?? position;
        const d = c.delta;
        const reasoning = d?.reasoning_content || d?.reasoning;
        if (reasoning) emit({ type: 'reasoning-delta', choice, text: reasoning });
        if (d?.content) {
          const event: StreamEvent = { type: 'text-delta', choice, text: d.content };
          if (c.logprobs != null) event.logprobs = c.logprobs;
          emit(event);
        }
        if (d?.refusal) emit({ type: 'refusal-delta', choice, text: d.refusal });
        for (const [i, call] of (d?.tool_calls ?? []).entries()) toolDelta(call, choice, call.index ?? i, emit);
        if (c.finish_reason != null) {
          settleTools(choice, emit);
          emit({ type: 'finish', choice, finishReason: mapFinishReason(c.finish_reason, c.stop_reason) });
        }
      }
      if (chunk.usage != null && typeof chunk.usage === 'object') emit({ type: 'usage', usage: parseUsage(chunk.usage) });
    },
    flush(controller) {
      if (failed) return;
      const choices = new Set([...tools.keys()].map((key) => Number(key.slice(0, key.indexOf(':')))));
      for (const choice of choices) settleTools(choice, (e) => controller.enqueue(e));
    },
  };

  function toolDelta(call: ToolCallDelta, choice: number, toolIndex: number, emit: (e: StreamEvent) => void): void {
    const key = `${choice}:${toolIndex}`;
    let state = tools.get(key);
    if (!state) {
      state = { started: false, pending: '' };
      tools.set(key, state);
    }
    if (call.id) state.id ??= call.id;
    if (call.function?.name) state.name ??= call.function.name;
    const args = call.function?.arguments ?? '';
    if (!state.started && state.name !== undefined) startTool(state, choice, toolIndex, emit);
    if (state.started) {
      if (args) emit({ type: 'tool-call-delta', choice, toolIndex, argumentsDelta: args });
    } else {
      state.pending += args;
    }
  }
}

function startTool(state: ToolState, choice: number, toolIndex: number, emit: (e: StreamEvent) => void): void {
  state.started = true;
  // A vendor that omits the id gets a stable stand-in, so the client can still answer the call.
  emit({ type: 'tool-call-start', choice, toolIndex, id: state.id ?? `call_${choice}_${toolIndex}`, name: state.name ?? '' });
  if (state.pending) emit({ type: 'tool-call-delta', choice, toolIndex, argumentsDelta: state.pending });
  state.pending = '';
}

/** The same converter as a Web TransformStream. */
export function createParseStream(): TransformStream<SseMessage, StreamEvent> {
  return new TransformStream<SseMessage, StreamEvent>(createParseTransformer());
}
