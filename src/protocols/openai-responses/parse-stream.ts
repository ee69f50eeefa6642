import type { FnTransformer } from '../shared/fn-transformer.js';
import { GatewayError, type SseMessage, type StreamEvent } from '../../core/index.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { readSseJson } from '../shared/read-sse-json.js';
import { customArguments } from './map-tool-names.js';
import { parseStatus } from './map-status.js';
import { parseUsage } from './map-usage.js';
import { upstreamErrorMessage } from './parse-error.js';
import { callName } from './parse-response.js';

type Sink = { enqueue(e: StreamEvent): void };

/**
 * Upstream Responses API SSE events → canonical StreamEvents. `response.created` yields `start`;
 * text, refusal and reasoning-summary deltas their deltas (a reasoning item with `encrypted_content`
 * is one native block when done instead, so that a Responses client gets it whole); a
 * `function_call` item a tool call (a namespaced one flattened as its tool was)
 * (its argument deltas follow by output index); a `custom_tool_call` a tool call whose
 * arguments (the freeform input, JSON-encoded) are sent when the item is done; hosted-tool items
 * a native block. `response.completed` / `.incomplete` / `.failed` yield usage and the finish.
 * An `error` event or an unparseable one yields one `error` event, after which the rest is
 * ignored. Never throws.
 */
export function createParseTransformer(): FnTransformer<SseMessage, StreamEvent> {
  let failed = false;
  let started = false;
  let tools = 0;
  const toolIndex = new Map<number, number>();
  /** Output indexes of reasoning items carrying encrypted_content (sent whole when done). */
  const opaqueReasoning = new Set<number>();
  const fail = (c: Sink, error: GatewayError) => {
    failed = true;
    c.enqueue({ type: 'error', error });
  };

  return {
    transform(message, c) {
      if (failed) return;
      const read = readSseJson(message);
      if (read.type === 'skip') return;
      if (read.type === 'unparseable') return fail(c, invalidUpstreamResponse(`unparseable stream event (${read.length} characters)`));
      const json = read.json;
      if (!isRecord(json)) return fail(c, invalidUpstreamResponse('a stream event is not an object'));
      const type = typeof json.type === 'string' ? json.type : message.event;
      if (type === 'error') {
        const text = upstreamErrorMessage(json) ?? (typeof json.message === 'string' ? json.message : '');
        return fail(c, new GatewayError('provider_error', 'The upstream provider returned an error', { detail: `in-stream error (message of ${text.length} characters)` }));
      }
      const response = isRecord(json.response) ? json.response : undefined;
      if (!started) {
        started = true;
        const start: StreamEvent = { type: 'start' };
        if (typeof response?.id === 'string') start.upstreamId = response.id;
        if (typeof response?.model === 'string') start.upstreamModel = response.model;
        c.enqueue(start);
      }
      const outputIndex = typeof json.output_index === 'number' ? json.output_index : -1;
      const delta = typeof json.delta === 'string' ? json.delta : '';
      const item = isRecord(json.item) ? json.item : undefined;
      switch (type) {
        case 'response.output_text.delta':
          if (delta) c.enqueue({ type: 'text-delta', choice: 0, text: delta });
          return;
        case 'response.refusal.delta':
          if (delta) c.enqueue({ type: 'refusal-delta', choice: 0, text: delta });
          return;
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          if (delta && !opaqueReasoning.has(outputIndex)) c.enqueue({ type: 'reasoning-delta', choice: 0, text: delta });
          return;
        case 'response.output_item.added':
          // Reasoning with encrypted_content travels whole, as the item, once done (a Responses
          // client gets it back to send on its next turn); its summary is inside.
          if (item?.type === 'reasoning' && typeof item.encrypted_content === 'string') opaqueReasoning.add(outputIndex);
          if (item?.type === 'function_call' && typeof item.call_id === 'string' && typeof item.name === 'string') {
            toolIndex.set(outputIndex, tools);
            c.enqueue({ type: 'tool-call-start', choice: 0, toolIndex: tools++, id: item.call_id, name: callName(item) });
            if (typeof item.arguments === 'string' && item.arguments !== '') c.enqueue({ type: 'tool-call-delta', choice: 0, toolIndex: tools - 1, argumentsDelta: item.arguments });
          }
          return;
        case 'response.function_call_arguments.delta': {
          const index = toolIndex.get(outputIndex);
          if (index !== undefined && delta) c.enqueue({ type: 'tool-call-delta', choice: 0, toolIndex: index, argumentsDelta: delta });
          return;
        }
        case 'response.output_item.done':
          if (item?.type === 'custom_tool_call' && typeof item.call_id === 'string' && typeof item.name === 'string') {
            c.enqueue({ type: 'tool-call-start', choice: 0, toolIndex: tools, id: item.call_id, name: callName(item) });
            c.enqueue({ type: 'tool-call-delta', choice: 0, toolIndex: tools++, argumentsDelta: customArguments(typeof item.input === 'string' ? item.input : '') });
          } else if (item && (!['message', 'reasoning', 'function_call'].includes(String(item.type)) || (item.type === 'reasoning' && opaqueReasoning.has(outputIndex)))) {
            c.enqueue({ type: 'native-block', choice: 0, part: { type: 'native', protocol: 'openai-responses', block: item } });
          }
          return;
        case 'response.completed':
        case 'response.incomplete':
        case 'response.failed': {
          if (!response) return fail(c, invalidUpstreamResponse(`${type} without a response`));
          if (response.usage != null) c.enqueue({ type: 'usage', usage: parseUsage(response.usage) });
          const incomplete = isRecord(response.incomplete_details) && typeof response.incomplete_details.reason === 'string' ? response.incomplete_details.reason : undefined;
          c.enqueue({ type: 'finish', choice: 0, finishReason: parseStatus(typeof response.status === 'string' ? response.status : undefined, incomplete, tools > 0) });
          return;
        }
        default:
          return; // lifecycle events (created, in_progress, content_part.*, *.done) carry nothing new
      }
    },
  };
}

/** The same converter as a Web TransformStream. */
export function createParseStream(): TransformStream<SseMessage, StreamEvent> {
  return new TransformStream<SseMessage, StreamEvent>(createParseTransformer());
}
