import type { FnTransformer } from '../shared/fn-transformer.js';
import type { StreamEvent, Usage } from '../../core/index.js';
import { buildResponseObject, clientToolNames, type ResponseMeta } from './build-response-object.js';
import { StreamOutput } from './collect-stream-output.js';
import { customInput } from './map-tool-names.js';
import { messageItem, outputItemId, outputText, renderOutputItems } from './render-output-items.js';
import { renderError } from './render-error.js';

export interface RenderStreamMeta extends ResponseMeta {
  /** Builds the final response's `x_chuizi` from the stream's usage (cost, latency, …). */
  trailer?: (usage: Usage) => Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** An output item being streamed. */
interface OpenItem {
  index: number;
  id: string;
  kind: 'message' | 'reasoning' | 'function' | 'custom';
  /** message: the content part being streamed (`output_text` or `refusal`) and its text. */
  contentIndex: number;
  contentType?: 'output_text' | 'refusal';
  text: string;
  /** reasoning: its signature arrived (the block is complete). */
  signed?: boolean;
}

/**
 * Canonical StreamEvents → the typed SSE events of a Responses stream, as the `openai` SDK's
 * ResponseStream accumulates them: `response.created`, `response.in_progress`, then per output
 * item `response.output_item.added` … `response.output_item.done` with, in between,
 * `response.content_part.added` / `response.output_text.delta` / `.done` for text,
 * `response.reasoning_summary_part.added` / `response.reasoning_summary_text.delta` for
 * reasoning, `response.function_call_arguments.delta` / `.done` for function calls, and
 * `response.custom_tool_call_input.delta` / `.done` for freeform tools (their input is sent
 * whole when the call ends: upstream it arrives JSON-encoded). It ends with
 * `response.completed` (or `response.incomplete`) carrying the whole response, its usage and
 * `x_chuizi`. An `error` event is rendered as an `error` event (the OpenAI envelope's `error`)
 * then `response.failed`, and ends the stream. Every event has a `sequence_number`.
 */
export function createRenderTransformer(meta: RenderStreamMeta): FnTransformer<StreamEvent, string> {
  const names = clientToolNames(meta.request);
  const output = new StreamOutput();
  let seq = 0;
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let current: OpenItem | undefined;
  const tools = new Map<number, OpenItem>();
  type Sink = { enqueue(chunk: string): void };

  const send = (c: Sink, type: string, fields: Json) => c.enqueue(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`);
  const start = (c: Sink) => {
    if (started) return;
    started = true;
    const response = buildResponseObject(meta, [], { inProgress: true });
    send(c, 'response.created', { response });
    send(c, 'response.in_progress', { response });
  };
  const open = (c: Sink, kind: OpenItem['kind'], item: Json): OpenItem => {
    const index = nextIndex++;
    const prefix = kind === 'message' ? 'msg' : kind === 'reasoning' ? 'rs' : kind === 'function' ? 'fc' : 'ctc';
    const it: OpenItem = { index, id: outputItemId(prefix, meta.id, index), kind, contentIndex: -1, text: '' };
    send(c, 'response.output_item.added', { output_index: index, item: { ...item, id: it.id } });
    return it;
  };
  /** Ends the message or reasoning item being streamed (tool calls stay open until the end). */
  const closeCurrent = (c: Sink) => {
    if (!current) return;
    const it = current;
    current = undefined;
    const base = { item_id: it.id, output_index: it.index };
    if (it.kind === 'message') {
      endContentPart(c, it);
      const item = renderOutputItems(output.parts, meta.id, names)[it.index];
      send(c, 'response.output_item.done', { output_index: it.index, item: item ?? messageItem(it.id, [], 'completed') });
    } else {
      send(c, 'response.reasoning_summary_text.done', { ...base, summary_index: 0, text: it.text });
      send(c, 'response.reasoning_summary_part.done', { ...base, summary_index: 0, part: { type: 'summary_text', text: it.text } });
      send(c, 'response.output_item.done', { output_index: it.index, item: finalItem(it.index) });
    }
  };
  const endContentPart = (c: Sink, it: OpenItem) => {
    if (it.contentType === undefined) return;
    const base = { item_id: it.id, output_index: it.index, content_index: it.contentIndex };
    const part = it.contentType === 'output_text' ? outputText(it.text) : { type: 'refusal', refusal: it.text };
    if (it.contentType === 'output_text') send(c, 'response.output_text.done', { ...base, text: it.text, logprobs: [] });
    else send(c, 'response.refusal.done', { ...base, refusal: it.text });
    send(c, 'response.content_part.done', { ...base, part });
    it.contentType = undefined;
    it.text = '';
  };
  const finalItem = (index: number): Json => renderOutputItems(output.parts, meta.id, names)[index] ?? {};
  const closeTools = (c: Sink) => {
    for (const it of [...tools.values()].sort((a, b) => a.index - b.index)) {
      const item = finalItem(it.index);
      const base = { item_id: it.id, output_index: it.index };
      if (it.kind === 'custom') {
        const input = typeof item.input === 'string' ? item.input : customInput(it.text);
        if (input !== '') send(c, 'response.custom_tool_call_input.delta', { ...base, delta: input });
        send(c, 'response.custom_tool_call_input.done', { ...base, input });
      } else send(c, 'response.function_call_arguments.done', { ...base, arguments: it.text });
      send(c, 'response.output_item.done', { output_index: it.index, item });
    }
    tools.clear();
  };
  const textDelta = (c: Sink, type: 'output_text' | 'refusal', delta: string) => {
    if (current?.kind !== 'message') {
      closeCurrent(c);
      current = open(c, 'message', messageItem('', [], 'in_progress'));
    }
    const it = current;
    if (it.contentType !== type) {
      endContentPart(c, it);
      it.contentIndex++;
      it.contentType = type;
      send(c, 'response.content_part.added', { item_id: it.id, output_index: it.index, content_index: it.contentIndex, part: type === 'output_text' ? outputText('') : { type: 'refusal', refusal: '' } });
    }
    it.text += delta;
    const base = { item_id: it.id, output_index: it.index, content_index: it.contentIndex };
    if (type === 'output_text') send(c, 'response.output_text.delta', { ...base, delta, logprobs: [] });
    else send(c, 'response.refusal.delta', { ...base, delta });
  };

  return {
    transform(event, c) {
      if (ended) return;
      start(c);
      output.add(event);
      switch (event.type) {
        case 'start':
        case 'usage':
        case 'citation':
          break; // usage is reported at the end; citations have no Responses event
        case 'reasoning-signature':
          // The block is complete: its signature rides in the item's encrypted_content (map-reasoning.ts).
          if (event.choice === 0 && current?.kind === 'reasoning') current.signed = true;
          break;
        case 'reasoning-redacted': {
          if (event.choice !== 0) break;
          closeCurrent(c);
          const it = open(c, 'reasoning', { type: 'reasoning', summary: [] });
          send(c, 'response.output_item.done', { output_index: it.index, item: finalItem(it.index) });
          break;
        }
        case 'text-delta':
          if (event.choice === 0) textDelta(c, 'output_text', event.text);
          break;
        case 'refusal-delta':
          if (event.choice === 0) textDelta(c, 'refusal', event.text);
          break;
        case 'reasoning-delta': {
          if (event.choice !== 0) break;
          if (current?.kind !== 'reasoning' || current.signed) {
            closeCurrent(c);
            current = open(c, 'reasoning', { type: 'reasoning', summary: [] });
            send(c, 'response.reasoning_summary_part.added', { item_id: current.id, output_index: current.index, summary_index: 0, part: { type: 'summary_text', text: '' } });
          }
          current.text += event.text;
          send(c, 'response.reasoning_summary_text.delta', { item_id: current.id, output_index: current.index, summary_index: 0, delta: event.text });
          break;
        }
        case 'tool-call-start': {
          if (event.choice !== 0) break;
          closeCurrent(c);
          const tool = names.get(event.name);
          const ns = tool?.namespace !== undefined ? { namespace: tool.namespace } : {};
          const it = tool?.kind === 'custom'
            ? open(c, 'custom', { type: 'custom_tool_call', call_id: event.id, name: tool.name, input: '', status: 'in_progress', ...ns })
            : open(c, 'function', { type: 'function_call', call_id: event.id, name: tool?.name ?? event.name, arguments: '', status: 'in_progress', ...ns });
          tools.set(event.toolIndex, it);
          break;
        }
        case 'tool-call-delta': {
          const it = event.choice === 0 ? tools.get(event.toolIndex) : undefined;
          if (!it) break;
          it.text += event.argumentsDelta;
          // A freeform input arrives JSON-encoded: it is sent whole, decoded, when the call ends.
          if (it.kind === 'function') send(c, 'response.function_call_arguments.delta', { item_id: it.id, output_index: it.index, delta: event.argumentsDelta });
          break;
        }
        case 'native-block':
          if (event.choice !== 0 || event.part.protocol !== 'openai-responses') break;
          closeCurrent(c);
          {
            const index = nextIndex++;
            send(c, 'response.output_item.added', { output_index: index, item: event.part.block });
            send(c, 'response.output_item.done', { output_index: index, item: event.part.block });
          }
          break;
        case 'finish':
          if (event.choice !== 0) break;
          closeCurrent(c);
          closeTools(c);
          break;
        case 'error': {
          ended = true;
          const error = renderError(event.error).body.error as Json;
          send(c, 'error', { code: error.code, message: error.message, param: error.param, error });
          const items = renderOutputItems(output.parts, meta.id, names);
          send(c, 'response.failed', { response: buildResponseObject(meta, items, { usage: output.usage, error: { code: String(error.reason ?? 'server_error'), message: String(error.message) } }) });
          break;
        }
        default:
          unknownEvent(event);
      }
    },
    flush(c) {
      if (ended) return;
      start(c);
      closeCurrent(c);
      closeTools(c);
      const items = renderOutputItems(output.parts, meta.id, names);
      const response = buildResponseObject(meta, items, { finish: output.finish, usage: output.usage });
      if (meta.trailer) response.x_chuizi = meta.trailer(output.usage);
      send(c, response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
    },
  };
}

/** Compile-time exhaustiveness; at run time an unknown event renders nothing. */
function unknownEvent(_event: never): void {}

/** The same converter as a Web TransformStream. */
export function createRenderStream(meta: RenderStreamMeta): TransformStream<StreamEvent, string> {
  return new TransformStream<StreamEvent, string>(createRenderTransformer(meta));
}
