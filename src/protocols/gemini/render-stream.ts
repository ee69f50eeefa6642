import type { FinishReason, StreamEvent, Usage } from '../../core/index.js';
import type { FnTransformer } from '../shared/fn-transformer.js';
import { mergeUsage } from '../shared/merge-usage.js';
import type { RenderStreamMeta } from '../shared/protocol.js';
import { renderFinishReason } from './map-finish-reason.js';
import { renderUsage } from './map-usage.js';
import { renderError } from './render-error.js';
import { parseArgs } from './render-parts.js';

export type { RenderStreamMeta };

type Json = Record<string, unknown>;
type Sink = { enqueue(frame: string): void };

interface PendingCall {
  choice: number;
  id: string;
  name: string;
  args: string;
  signature?: string;
}

/**
 * Canonical events → a Gemini client's stream: one `GenerateContentResponse` chunk per text or
 * thought delta; a tool call buffered until its arguments are complete, then sent whole as one
 * `functionCall` part (Gemini clients read calls whole); a gemini thought signature put on the
 * part that follows it (or on an empty text part at the end, as Gemini sends it). The last chunk
 * carries each candidate's finishReason and the `usageMetadata`. Frames are SSE
 * (`data: {chunk}\r\n\r\n`) or, with `framing: 'json-array'`, bare JSON elements the HTTP writer
 * puts in one array. An error becomes Google's error object, then the stream ends.
 */
export function createRenderTransformer(meta: Pick<RenderStreamMeta, 'id' | 'model' | 'framing'>): FnTransformer<StreamEvent, string> {
  const framing = meta.framing ?? 'sse';
  let usage: Usage = {};
  let ended = false;
  const finishes = new Map<number, FinishReason>();
  const calls = new Map<string, PendingCall>();
  const signatures = new Map<number, string>();

  const frame = (body: Json) => (framing === 'sse' ? `data: ${JSON.stringify(body)}\r\n\r\n` : JSON.stringify(body));
  const chunk = (candidates: Json[], extra: Json = {}): Json => ({ candidates, ...extra, modelVersion: meta.model, responseId: meta.id });
  const emitPart = (sink: Sink, choice: number, part: Json, signature = takeSignature(choice)) => {
    sink.enqueue(frame(chunk([{ content: { role: 'model', parts: [signature ? { ...part, thoughtSignature: signature } : part] }, index: choice }])));
  };
  const takeSignature = (choice: number) => {
    const s = signatures.get(choice);
    signatures.delete(choice);
    return s;
  };
  const flushCalls = (sink: Sink, choice?: number) => {
    for (const [key, call] of calls) {
      if (choice !== undefined && call.choice !== choice) continue;
      calls.delete(key);
      emitPart(sink, call.choice, { functionCall: { id: call.id, name: call.name, args: parseArgs(call.args) } }, call.signature);
    }
  };

  return {
    transform(event, sink) {
      if (ended) return;
      switch (event.type) {
        case 'start':
          if (event.usage) usage = mergeUsage(usage, event.usage);
          return;
        case 'text-delta':
        case 'refusal-delta':
          flushCalls(sink, event.choice);
          if (event.text !== '') emitPart(sink, event.choice, { text: event.text });
          return;
        case 'reasoning-delta':
          flushCalls(sink, event.choice);
          if (event.text !== '') emitPart(sink, event.choice, { text: event.text, thought: true });
          return;
        case 'reasoning-signature':
        case 'reasoning-redacted':
        case 'citation':
          return; // Anthropic's: a Gemini client has no place for them.
        case 'tool-call-start': {
          const signature = takeSignature(event.choice);
          calls.set(`${event.choice}:${event.toolIndex}`, { choice: event.choice, id: event.id, name: event.name, args: '', ...(signature ? { signature } : {}) });
          return;
        }
        case 'tool-call-delta': {
          const call = calls.get(`${event.choice}:${event.toolIndex}`);
          if (call) call.args += event.argumentsDelta;
          return;
        }
        case 'native-block': {
          if (event.part.protocol !== 'gemini') return;
          const block = event.part.block;
          if (block.type === 'thought_signature' && typeof block.thoughtSignature === 'string') signatures.set(event.choice, block.thoughtSignature);
          else {
            flushCalls(sink, event.choice);
            emitPart(sink, event.choice, { ...block });
          }
          return;
        }
        case 'finish':
          flushCalls(sink, event.choice);
          finishes.set(event.choice, event.finishReason);
          return;
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          return;
        case 'error':
          flushCalls(sink);
          sink.enqueue(frame(renderError(event.error).body));
          ended = true;
          return;
      }
    },
    flush(sink) {
      if (ended) return;
      ended = true;
      flushCalls(sink);
      const choices = finishes.size > 0 ? [...finishes.keys()] : [0];
      const candidates = choices.map((choice) => {
        const signature = takeSignature(choice);
        return { content: { role: 'model', parts: [signature ? { text: '', thoughtSignature: signature } : { text: '' }] }, finishReason: renderFinishReason(finishes.get(choice)), index: choice };
      });
      sink.enqueue(frame(chunk(candidates, { usageMetadata: renderUsage(usage) })));
    },
  };
}

export function createRenderStream(meta: Pick<RenderStreamMeta, 'id' | 'model' | 'framing'>): TransformStream<StreamEvent, string> {
  return new TransformStream<StreamEvent, string>(createRenderTransformer(meta));
}

