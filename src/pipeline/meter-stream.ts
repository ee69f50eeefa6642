import type { StreamEvent } from '../core/stream-event.js';
import type { Usage } from '../core/usage.js';
import type { FinishReason } from '../core/finish-reason.js';
import type { GatewayError } from '../core/gateway-error.js';
import { countTextTokens } from '../billing/count-text-tokens.js';
import { withMargin } from '../billing/estimate-input-tokens.js';

export interface StreamTally {
  /** Usage reported by the upstream, merged field by field across usage events. */
  usage: Usage;
  /** Text of everything delivered (text, reasoning, refusals, tool names and arguments). */
  delivered: string[];
  finishReason?: FinishReason;
  /** An in-band error the upstream stream ended with. */
  error?: GatewayError;
  /** True when the gateway cut the stream because delivered output passed the output bound. */
  cut?: boolean;
}

export type StreamEnd = 'done' | 'aborted';

/**
 * Passes events through while tallying usage and delivered output, and calls `onEnd` exactly
 * once however the stream ends: normally, with an in-band error, when the upstream read
 * fails, or when the consumer cancels (client gone). `onEnd` may return (or resolve to) a
 * usage event to append before a normal close (the gateway's own count when the upstream sent
 * none); a normal close waits for it.
 *
 * `maxOutputTokens` is the output bound the hold was priced for: once the output delivered
 * (counted by the gateway's tokenizer) passes it, the upstream is cancelled (its connection
 * closed) and the stream ends normally with a `length` finish for each choice — an upstream
 * that ignores the output limit cannot run up output nobody pays for. The gateway's tokenizer
 * is not the upstream's (cl100k counts up to ~25% more than larger vocabularies), so the cut
 * comes only past the bound plus the same margin the hold gives input: an upstream that honours
 * the limit is never cut short. Billing is capped at the bound itself (describe-outcome).
 */
export function meterStream(
  events: ReadableStream<StreamEvent>,
  onEnd: (tally: StreamTally, end: StreamEnd) => Usage | undefined | Promise<Usage | undefined>,
  maxOutputTokens = Number.MAX_SAFE_INTEGER,
): ReadableStream<StreamEvent> {
  const reader = events.getReader();
  const tally: StreamTally = { usage: {}, delivered: [] };
  const output = new OutputCounter(maxOutputTokens >= Number.MAX_SAFE_INTEGER ? maxOutputTokens : withMargin(maxOutputTokens));
  /** Choices that have output and no finish yet. */
  const open = new Set<number>();
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
      const e = next.value;
      if (e.type === 'finish') open.delete(e.choice);
      else if ('choice' in e) open.add(e.choice);
      const text = deliveredText(e);
      if (text === undefined || !output.add(text)) return;
      // Past the bound: stop reading the upstream, finish every open choice with `length`.
      tally.cut = true;
      reader.cancel(new Error('output bound reached')).catch(() => undefined);
      for (const choice of open) {
        const cut: StreamEvent = { type: 'finish', choice, finishReason: { unified: 'length' } };
        tally.finishReason = cut.finishReason;
        controller.enqueue(cut);
      }
      const extra = await finish('done');
      if (extra) controller.enqueue({ type: 'usage', usage: extra });
      controller.close();
    },
    cancel(reason) {
      finish('aborted');
      return reader.cancel(reason).catch(() => undefined);
    },
  });
}

function deliveredText(e: StreamEvent): string | undefined {
  switch (e.type) {
    case 'text-delta':
    case 'refusal-delta':
    case 'reasoning-delta':
      return e.text;
    case 'tool-call-start':
      return e.name;
    case 'tool-call-delta':
      return e.argumentsDelta;
    default:
      return undefined;
  }
}

/**
 * Counts delivered output tokens without tokenizing every delta: a token is at least one
 * UTF-8 byte (≤ 3 per UTF-16 unit), so text is only tokenized once the byte bound of what is
 * pending could pass the limit. `add` returns true once the count passes the limit.
 */
class OutputCounter {
  #counted = 0;
  #pending = '';
  readonly #limit: number;
  constructor(limit: number) {
    this.#limit = limit;
  }
  add(text: string): boolean {
    this.#pending += text;
    if (this.#counted + this.#pending.length * 3 <= this.#limit) return false;
    this.#counted += countTextTokens(this.#pending);
    this.#pending = '';
    return this.#counted > this.#limit;
  }
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
