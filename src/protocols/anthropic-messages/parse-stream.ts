import type { FnTransformer } from '../shared/fn-transformer.js';
import { GatewayError, mapUpstreamStatus, type SseMessage, type StreamEvent } from '../../core/index.js';
import { invalidUpstreamResponse as invalid } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { mapStopReason } from './map-stop-reason.js';
import { parseUsage } from './map-usage.js';
import { statusOfErrorType, streamEventSchema, type AnthropicStreamEvent } from './upstream-schemas.js';

/** What an open content block of the upstream message is, by its `index`. */
type Block =
  | { kind: 'text' }
  | { kind: 'thinking' }
  | { kind: 'tool'; toolIndex: number; hasArguments: boolean }
  /** A block without a canonical form, gathered whole (its input JSON included) until its stop. */
  | { kind: 'native'; block: Record<string, unknown>; json: string }
  | { kind: 'other' };

const KNOWN_EVENTS: ReadonlySet<string> = new Set(streamEventSchema.options.map((o) => o.shape.type.value));

/**
 * Upstream Anthropic Messages SSE messages → canonical StreamEvents (choice 0).
 * message_start → `start` with the input usage; text / thinking / signature / input_json deltas →
 * text-delta / reasoning-delta / reasoning-signature / tool-call-delta; a tool_use block start →
 * tool-call-start (toolIndex counts tool_use blocks), and a tool_use block that streamed no input
 * at all gets the arguments `{}` at its content_block_stop (what parseResponse gives for the same
 * call; an OpenAI client cannot JSON.parse ""); a redacted_thinking block →
 * reasoning-redacted; citations_delta → `citation`; a block without a canonical form
 * (server_tool_use, web_search_tool_result, …) → one `native-block` at its content_block_stop, with
 * the input its input_json_deltas streamed; message_delta → `finish` (with the matched
 * stop_sequence) and `usage`. Usage reports are merged as they come
 * (message_start has the input counts, message_delta the cumulative output), so every usage
 * event carries the normalised totals so far. ping, message_stop, other content_block_stops and unknown
 * event or block types yield nothing. An `error` event, or data that is not a valid event, yields
 * one `error` event, after which the rest of the stream is ignored. Never throws.
 */
export function createParseTransformer(): FnTransformer<SseMessage, StreamEvent> {
  let started = false;
  let failed = false;
  let toolCount = 0;
  const blocks = new Map<number, Block>();
  const rawUsage: Record<string, unknown> = {};

  const mergedUsage = (raw: unknown) => {
    if (isRecord(raw)) Object.assign(rawUsage, raw);
    return parseUsage({ ...rawUsage });
  };

  return {
    transform(message, controller) {
      if (failed) return;
      const emit = (e: StreamEvent) => controller.enqueue(e);
      const fail = (error: GatewayError) => {
        failed = true;
        emit({ type: 'error', error });
      };
      const data = message.data.trim();
      if (data === '') return;
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        fail(invalid(`unparseable stream event: ${data.slice(0, 200)}`));
        return;
      }
      const type = isRecord(json) && typeof json.type === 'string' ? json.type : message.event;
      if (type === undefined || !KNOWN_EVENTS.has(type)) {
        if (type === undefined) fail(invalid(`stream event without a type: ${data.slice(0, 200)}`));
        return; // Anthropic may add event types; clients are told to ignore unknown ones.
      }
      const result = streamEventSchema.safeParse(isRecord(json) ? { ...json, type } : json);
      if (!result.success) {
        fail(invalid(`malformed ${type} event: ${summarizeIssues(result.error)}`));
        return;
      }
      const event = result.data;
      // A stream that skips message_start still begins with one `start`.
      if (!started && event.type !== 'message_start' && event.type !== 'error' && event.type !== 'ping') {
        started = true;
        emit({ type: 'start' });
      }
      handle(event, emit, fail);
    },
  };

  function handle(event: AnthropicStreamEvent, emit: (e: StreamEvent) => void, fail: (e: GatewayError) => void): void {
    switch (event.type) {
      case 'message_start': {
        if (started) {
          if (event.message.usage !== undefined) emit({ type: 'usage', usage: mergedUsage(event.message.usage) });
          return;
        }
        started = true;
        const start: StreamEvent = { type: 'start' };
        if (event.message.id != null) start.upstreamId = event.message.id;
        if (event.message.model != null) start.upstreamModel = event.message.model;
        if (event.message.usage !== undefined) start.usage = mergedUsage(event.message.usage);
        emit(start);
        return;
      }
      case 'content_block_start':
        blockStart(event.index, event.content_block, emit);
        return;
      case 'content_block_delta':
        blockDelta(blocks.get(event.index), event.delta, emit);
        return;
      case 'message_delta':
        if (event.delta?.stop_reason != null) emit({ type: 'finish', choice: 0, finishReason: mapStopReason(event.delta.stop_reason, event.delta.stop_sequence) });
        if (event.usage !== undefined) emit({ type: 'usage', usage: mergedUsage(event.usage) });
        return;
      case 'error':
        // overloaded_error counts as 529 (→ 503), api_error as 500 (→ 502), rate_limit_error as 429.
        fail(mapUpstreamStatus(statusOfErrorType(event.error?.type ?? undefined), event.error?.message ?? undefined));
        return;
      case 'content_block_stop':
        if (event.index !== undefined) blockStop(blocks.get(event.index), emit);
        return;
      case 'message_stop':
      case 'ping':
        return;
      default:
        unknownEvent(event);
    }
  }

  function blockStart(index: number, block: Record<string, unknown> & { type: string }, emit: (e: StreamEvent) => void): void {
    switch (block.type) {
      case 'text':
        blocks.set(index, { kind: 'text' });
        if (typeof block.text === 'string' && block.text !== '') emit({ type: 'text-delta', choice: 0, text: block.text });
        return;
      case 'thinking':
        blocks.set(index, { kind: 'thinking' });
        if (typeof block.thinking === 'string' && block.thinking !== '') emit({ type: 'reasoning-delta', choice: 0, text: block.thinking });
        if (typeof block.signature === 'string' && block.signature !== '') emit({ type: 'reasoning-signature', choice: 0, signature: block.signature });
        return;
      case 'redacted_thinking':
        blocks.set(index, { kind: 'other' });
        if (typeof block.data === 'string') emit({ type: 'reasoning-redacted', choice: 0, data: block.data });
        return;
      case 'tool_use': {
        const toolIndex = toolCount++;
        const tool = { kind: 'tool' as const, toolIndex, hasArguments: false };
        blocks.set(index, tool);
        const id = typeof block.id === 'string' ? block.id : `toolu_${toolIndex}`;
        emit({ type: 'tool-call-start', choice: 0, toolIndex, id, name: typeof block.name === 'string' ? block.name : '' });
        // Anthropic starts tool_use with input {} and streams the JSON; a filled input is sent whole.
        if (isRecord(block.input) && Object.keys(block.input).length > 0) {
          tool.hasArguments = true;
          emit({ type: 'tool-call-delta', choice: 0, toolIndex, argumentsDelta: JSON.stringify(block.input) });
        }
        return;
      }
      default: {
        // server_tool_use, web_search_tool_result, …: sent on whole at its content_block_stop.
        blocks.set(index, { kind: 'native', block: { ...block }, json: '' });
      }
    }
  }

  /** A tool call that streamed no input at all has the arguments `{}`; a native block is complete. */
  function blockStop(block: Block | undefined, emit: (e: StreamEvent) => void): void {
    if (block?.kind === 'native') {
      emit({ type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: nativeInput(block) } });
      return;
    }
    if (block?.kind !== 'tool' || block.hasArguments) return;
    block.hasArguments = true;
    emit({ type: 'tool-call-delta', choice: 0, toolIndex: block.toolIndex, argumentsDelta: '{}' });
  }

  function blockDelta(block: Block | undefined, delta: Record<string, unknown> & { type: string }, emit: (e: StreamEvent) => void): void {
    const text = (key: string) => (typeof delta[key] === 'string' ? (delta[key] as string) : '');
    switch (delta.type) {
      case 'text_delta':
        if (text('text') !== '') emit({ type: 'text-delta', choice: 0, text: text('text') });
        return;
      case 'thinking_delta':
        if (text('thinking') !== '') emit({ type: 'reasoning-delta', choice: 0, text: text('thinking') });
        return;
      case 'signature_delta':
        if (text('signature') !== '') emit({ type: 'reasoning-signature', choice: 0, signature: text('signature') });
        return;
      case 'citations_delta':
        if (isRecord(delta.citation)) emit({ type: 'citation', choice: 0, citation: delta.citation });
        return;
      case 'input_json_delta':
        if (block?.kind === 'native') block.json += text('partial_json');
        if (block?.kind === 'tool' && text('partial_json') !== '') {
          block.hasArguments = true;
          emit({ type: 'tool-call-delta', choice: 0, toolIndex: block.toolIndex, argumentsDelta: text('partial_json') });
        }
        return;
      default:
        return; // anything new
    }
  }
}

/** A gathered native block with the input its input_json_deltas streamed (kept as sent if not JSON). */
function nativeInput(b: { block: Record<string, unknown>; json: string }): Record<string, unknown> {
  if (b.json === '') return b.block;
  try {
    return { ...b.block, input: JSON.parse(b.json) as unknown };
  } catch {
    return b.block;
  }
}

/** Compile-time exhaustiveness; at run time an unknown event yields nothing. */
function unknownEvent(_event: never): void {}

/** The same converter as a Web TransformStream. */
export function createParseStream(): TransformStream<SseMessage, StreamEvent> {
  return new TransformStream<SseMessage, StreamEvent>(createParseTransformer());
}
