import type { FnTransformer } from '../shared/fn-transformer.js';
import type { StreamEvent, Usage } from '../../core/index.js';
import { mergeUsage } from '../shared/merge-usage.js';
import { renderFinishReason } from './map-finish-reason.js';
import { renderUsage } from './map-usage.js';
import { renderError } from './render-error.js';

export interface RenderStreamMeta {
  /** The generation id; every chunk carries it as `id`. */
  id: string;
  /** The public model id the client sent. */
  model: string;
  created: number;
  /** Builds the final chunk's `x_chuizi` from the stream's usage (cost, latency, …). */
  trailer: (usage: Usage) => Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * Canonical StreamEvents → the SSE text of an OpenAI `chat.completion.chunk` stream, one
 * `data: …\n\n` frame per string. At the normal end it always adds the usage chunk with
 * `x_chuizi` and `data: [DONE]` (spec §6, even without include_usage). An `error` event is
 * rendered in-band as `data: {"error":…}` and ends the stream: nothing follows it.
 */
export function createRenderTransformer(meta: RenderStreamMeta): FnTransformer<StreamEvent, string> {
  let usage: Usage = {};
  let ended = false;
  const roleSent = new Set<number>();

  const frame = (body: Json) => `data: ${JSON.stringify(body)}\n\n`;
  const chunk = (choices: Json[], extra?: Json): Json => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices,
    ...extra,
  });
  /** One choice's delta; the first frame of each choice also carries the role. */
  const delta = (choice: number, fields: Json, finishReason: string | null = null, logprobs: unknown = null): string => {
    const d: Json = roleSent.has(choice) ? fields : { role: 'assistant', ...fields };
    roleSent.add(choice);
    return frame(chunk([{ index: choice, delta: d, logprobs, finish_reason: finishReason }]));
  };

  return {
    transform(event, controller) {
      if (ended) return;
      switch (event.type) {
        case 'start':
          if (event.usage) usage = mergeUsage(usage, event.usage);
          break;
        case 'text-delta':
          controller.enqueue(delta(event.choice, { content: event.text }, null, event.logprobs ?? null));
          break;
        case 'refusal-delta':
          controller.enqueue(delta(event.choice, { refusal: event.text }));
          break;
        case 'reasoning-delta':
          // The field OpenAI-compatible reasoning vendors use; OpenAI's own SDKs pass it through.
          controller.enqueue(delta(event.choice, { reasoning_content: event.text }));
          break;
        case 'reasoning-signature':
        case 'reasoning-redacted':
        case 'citation':
        case 'native-block':
          break; // Anthropic-only data (signatures, citations, server-tool blocks): an OpenAI client has no place for it.
        case 'tool-call-start':
          controller.enqueue(
            delta(event.choice, {
              tool_calls: [{ index: event.toolIndex, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }],
            }),
          );
          break;
        case 'tool-call-delta':
          controller.enqueue(delta(event.choice, { tool_calls: [{ index: event.toolIndex, function: { arguments: event.argumentsDelta } }] }));
          break;
        case 'finish':
          controller.enqueue(delta(event.choice, {}, renderFinishReason(event.finishReason)));
          break;
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          break;
        case 'error':
          ended = true;
          controller.enqueue(frame(renderError(event.error).body));
          break;
        default:
          unknownEvent(event);
      }
    },
    flush(controller) {
      if (ended) return;
      controller.enqueue(frame(chunk([], { usage: renderUsage(usage), x_chuizi: meta.trailer(usage) })));
      controller.enqueue('data: [DONE]\n\n');
    },
  };
}

/** Compile-time exhaustiveness; at run time an unknown event renders nothing. */
function unknownEvent(_event: never): void {}

/** The same converter as a Web TransformStream. */
export function createRenderStream(meta: RenderStreamMeta): TransformStream<StreamEvent, string> {
  return new TransformStream<StreamEvent, string>(createRenderTransformer(meta));
}
