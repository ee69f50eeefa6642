import type { FnTransformer } from '../shared/fn-transformer.js';
import type { FinishReason, StreamEvent, Usage } from '../../core/index.js';
import { mergeUsage } from '../shared/merge-usage.js';
import { renderStopReason } from './map-stop-reason.js';
import { renderUsage } from './map-usage.js';
import { renderError } from './render-error.js';

export interface RenderStreamMeta {
  /** The generation id; the client sees it as the message id. */
  id: string;
  /** The public model id the client sent. */
  model: string;
  /** Accepted for signature compatibility with other protocols; Anthropic has no place for x_chuizi. */
  trailer?: (usage: Usage) => Record<string, unknown>;
  /**
   * The gateway's own count of the prompt's tokens: message_start reports it as input_tokens when
   * the upstream's stream start carries no input count (OpenAI-compatible upstreams report usage
   * only at the end). The final message_delta always carries the upstream's exact usage.
   */
  promptTokens?: number;
}

type Json = Record<string, unknown>;

/** The content block open in the client's stream. */
type OpenBlock =
  /** `hasText`: text was streamed into it (a citation after that starts a new block, as Anthropic's cited blocks begin with their citations). */
  | { kind: 'text'; index: number; hasText: boolean }
  | { kind: 'thinking'; index: number; signed: boolean }
  | { kind: 'tool'; index: number; toolIndex: number };

/**
 * Canonical StreamEvents → the SSE text of an Anthropic Messages stream, one
 * `event: <type>\ndata: <json>\n\n` frame per string, in Anthropic's exact sequence:
 * message_start (at the first event), content blocks with sequential indexes (a block opens on
 * the first delta of its kind and closes when the kind or the tool changes, or at the end),
 * then message_delta (stop reason, usage) and message_stop. A signature ends a thinking block:
 * the next reasoning delta opens a new one. Refusals stream as text; citations as citations_delta
 * of a text block; Anthropic's own blocks (server_tool_use, web_search_tool_result, …) whole.
 * message_start reports the upstream's input usage, or else `meta.promptTokens`. Events of choices other
 * than 0 are ignored. An `error` event renders as `event: error` and ends the stream there.
 * Tool calls are expected one after the other (as every upstream sends them); a delta for a
 * tool whose block was already closed cannot be placed and is dropped.
 */
export function createRenderTransformer(meta: RenderStreamMeta): FnTransformer<StreamEvent, string> {
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let usage: Usage = {};
  let finish: FinishReason | undefined;
  let toolCalls = 0;

  const frame = (body: Json & { type: string }) => `event: ${body.type}\ndata: ${JSON.stringify(body)}\n\n`;

  return {
    transform(event, controller) {
      if (ended) return;
      const emit = (body: Json & { type: string }) => controller.enqueue(frame(body));
      if (event.type === 'error') {
        ended = true;
        controller.enqueue(frame(renderError(event.error).body as Json & { type: string }));
        return;
      }
      if (event.type === 'start' && event.usage) usage = mergeUsage(usage, event.usage);
      if (!started) {
        started = true;
        emit(messageStart());
      }
      if ('choice' in event && event.choice !== 0) return;

      const close = () => {
        if (open) emit({ type: 'content_block_stop', index: open.index });
        open = undefined;
      };
      const openBlock = (block: OpenBlock, contentBlock: Json): number => {
        close();
        open = block;
        nextIndex++;
        emit({ type: 'content_block_start', index: block.index, content_block: contentBlock });
        return block.index;
      };
      /** The open thinking block's index, opening one when none is open or the open one is signed. */
      const thinkingIndex = (): number =>
        open?.kind === 'thinking' && !open.signed ? open.index : openBlock({ kind: 'thinking', index: nextIndex, signed: false }, { type: 'thinking', thinking: '', signature: '' });
      const delta = (index: number, d: Json) => emit({ type: 'content_block_delta', index, delta: d });

      switch (event.type) {
        case 'start':
        case 'usage':
          if (event.type === 'usage') usage = mergeUsage(usage, event.usage);
          return;
        case 'text-delta':
        case 'refusal-delta': {
          const index = open?.kind === 'text' ? open.index : openBlock({ kind: 'text', index: nextIndex, hasText: false }, { type: 'text', text: '' });
          if (open?.kind === 'text') open.hasText = true;
          delta(index, { type: 'text_delta', text: event.text });
          return;
        }
        case 'citation': {
          const index =
            open?.kind === 'text' && !open.hasText ? open.index : openBlock({ kind: 'text', index: nextIndex, hasText: false }, { type: 'text', text: '', citations: [] });
          delta(index, { type: 'citations_delta', citation: event.citation });
          return;
        }
        case 'native-block': {
          if (event.part.protocol !== 'anthropic') return;
          close();
          const index = nextIndex++;
          const { input, ...rest } = event.part.block;
          // A tool call's input streams as one input_json_delta after a start with input {}, as Anthropic sends it.
          const streamsInput = input !== undefined && typeof rest.type === 'string' && rest.type.endsWith('tool_use');
          emit({ type: 'content_block_start', index, content_block: streamsInput ? { ...rest, input: {} } : event.part.block });
          if (streamsInput) delta(index, { type: 'input_json_delta', partial_json: JSON.stringify(input) });
          emit({ type: 'content_block_stop', index });
          return;
        }
        case 'reasoning-delta':
          delta(thinkingIndex(), { type: 'thinking_delta', thinking: event.text });
          return;
        case 'reasoning-signature': {
          const index = thinkingIndex();
          if (open?.kind === 'thinking') open.signed = true;
          delta(index, { type: 'signature_delta', signature: event.signature });
          return;
        }
        case 'reasoning-redacted':
          close();
          emit({ type: 'content_block_start', index: nextIndex, content_block: { type: 'redacted_thinking', data: event.data } });
          emit({ type: 'content_block_stop', index: nextIndex });
          nextIndex++;
          return;
        case 'tool-call-start':
          toolCalls++;
          openBlock({ kind: 'tool', index: nextIndex, toolIndex: event.toolIndex }, { type: 'tool_use', id: event.id, name: event.name, input: {} });
          return;
        case 'tool-call-delta':
          if (open?.kind === 'tool' && open.toolIndex === event.toolIndex) delta(open.index, { type: 'input_json_delta', partial_json: event.argumentsDelta });
          return;
        case 'finish':
          finish = event.finishReason;
          return;
        default:
          unknownEvent(event);
      }
    },
    flush(controller) {
      if (ended) return;
      const emit = (body: Json & { type: string }) => controller.enqueue(frame(body));
      if (!started) emit(messageStart());
      if (open) emit({ type: 'content_block_stop', index: open.index });
      const u = renderUsage(usage);
      const stopReason = renderStopReason(finish, toolCalls > 0);
      emit({
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (finish?.stopSequence ?? null) : null },
        usage: { output_tokens: u.output_tokens, input_tokens: u.input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens, cache_read_input_tokens: u.cache_read_input_tokens },
      });
      emit({ type: 'message_stop' });
    },
  };

  function messageStart(): Json & { type: string } {
    // The upstream's input count when its stream start has one, else the gateway's count of the prompt.
    const u = renderUsage(usage.inputTokens === undefined && meta.promptTokens !== undefined ? { ...usage, inputTokens: meta.promptTokens } : usage);
    return {
      type: 'message_start',
      message: {
        id: meta.id,
        type: 'message',
        role: 'assistant',
        model: meta.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...u, output_tokens: Math.min(u.output_tokens, 1) },
      },
    };
  }
}

/** Compile-time exhaustiveness; at run time an unknown event renders nothing. */
function unknownEvent(_event: never): void {}

/** The same converter as a Web TransformStream. */
export function createRenderStream(meta: RenderStreamMeta): TransformStream<StreamEvent, string> {
  return new TransformStream<StreamEvent, string>(createRenderTransformer(meta));
}
