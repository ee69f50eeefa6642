import type { StreamEvent } from '../core/stream-event.js';
import type { Usage } from '../core/usage.js';
import type { FinishReason } from '../core/finish-reason.js';
import type { GatewayError } from '../core/gateway-error.js';

export interface StreamTally {
  /** Usage reported by the upstream, merged field by field across usage events. */
  usage: Usage;
  /** Text of everything delivered (text, reasoning, refusals, tool names and arguments). */
  delivered: string[];
  finishReason?: FinishReason;
  /** An in-band error the upstream stream ended with. */
  error?: GatewayError;
}

export type StreamEnd = 'done' | 'aborted';

/**
 * Passes events through while tallying usage and delivered output, and calls `onEnd` exactly
 * once however the stream ends: normally, with an in-band error, when the upstream read
 * fails, or when the consumer cancels (client gone). `onEnd` may return (or resolve to) a
 * usage event to append before a normal close (the gateway's own count when the upstream sent
 * none); a normal close waits for it.
 */
export function meterStream(
  events: ReadableStream<StreamEvent>,
  onEnd: (tally: StreamTally, end: StreamEnd) => Usage | undefined | Promise<Usage | undefined>,
): ReadableStream<StreamEvent> {
  const reader = events.getReader();
  const tally: StreamTally = { usage: {}, delivered: [] };
  let ended = false;
  const finish = (end: StreamEnd): Usage | undefined | Promise<Usage | undefined> => {
    if (ended) return undefined;
    ended = true;
    return onEnd(tally, end);
  };
  return new ReadableStream<StreamEvent>({
    async pull(controller) {
      let next: ReadableStreamReadResult<StreamEvent>;
      try {
        next = await reader.read();
      } catch (err) {
        finish('aborted');
        controller.error(err);
        return;
      }
      if (next.done) {
        // A normal end waits for onEnd (the settlement), so the client's stream ends only once
        // the charge is recorded.
        const extra = await finish('done');
        if (extra) controller.enqueue({ type: 'usage', usage: extra });
        controller.close();
        return;
      }
      observe(tally, next.value);
      controller.enqueue(next.value);
    },
    cancel(reason) {
      finish('aborted');
      return reader.cancel(reason).catch(() => undefined);
    },
  });
}

function observe(t: StreamTally, e: StreamEvent): void {
  switch (e.type) {
    case 'text-delta':
    case 'refusal-delta':
    case 'reasoning-delta':
      t.delivered.push(e.text);
      return;
    case 'tool-call-start':
      t.delivered.push(e.name);
      return;
    case 'tool-call-delta':
      t.delivered.push(e.argumentsDelta);
      return;
    case 'usage':
    case 'start':
      if (e.usage) mergeUsage(t.usage, e.usage);
      return;
    case 'finish':
      t.finishReason = e.finishReason;
      return;
    case 'error':
      t.error = e.error;
      return;
    case 'native-block':
      // A server-tool call is model output (the estimate when usage is missing); its result is not.
      if (typeof e.part.block.type === 'string' && e.part.block.type.endsWith('tool_use')) t.delivered.push(JSON.stringify(e.part.block.input ?? {}));
      return;
    case 'reasoning-signature':
    case 'reasoning-redacted':
    case 'citation':
      return;
  }
}

/** Later counts replace earlier ones, field by field; raw objects are merged. */
export function mergeUsage(into: Usage, from: Usage): void {
  if (from.inputTokens !== undefined) into.inputTokens = from.inputTokens;
  if (from.outputTokens !== undefined) into.outputTokens = from.outputTokens;
  if (from.cacheReadTokens !== undefined) into.cacheReadTokens = from.cacheReadTokens;
  if (from.cacheWriteTokens !== undefined) into.cacheWriteTokens = from.cacheWriteTokens;
  if (from.reasoningTokens !== undefined) into.reasoningTokens = from.reasoningTokens;
  if (from.raw !== undefined) {
    into.raw = into.raw && typeof into.raw === 'object' && typeof from.raw === 'object' ? { ...(into.raw as object), ...(from.raw as object) } : from.raw;
  }
}
