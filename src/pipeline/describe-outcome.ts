import type { ChatResponse } from '../core/chat-response.js';
import type { Usage } from '../core/usage.js';
import { countTextTokens } from '../billing/count-text-tokens.js';
import { boundUsage, type BoundedUsage, type UsageBounds } from '../billing/bound-usage.js';
import type { CallOutcome } from './settle.js';
import type { StreamEnd, StreamTally } from './meter-stream.js';

/** A call's outcome, with what bounding the upstream's usage found (for the discrepancy log). */
export interface DescribedOutcome {
  outcome: CallOutcome;
  bounded: BoundedUsage;
}

/**
 * What a call is billed for: the upstream's usage when it reported it and it passes validation
 * (`usage_source: upstream`); otherwise the gateway's own count of the request and of what was
 * delivered (`estimated`, `upstream_invalid`: the input as counted for the hold, `promptTokens`) — never $0 for delivered tokens, and never more
 * output than the hold's bound (`upstream_capped` when the upstream reported more).
 */
export function responseOutcome(promptTokens: number, res: ChatResponse, bounds: UsageBounds): DescribedOutcome {
  const finish = res.choices[0]?.finishReason;
  const delivered = () => res.choices.flatMap((c) => c.content.map((p) => ('text' in p ? p.text : p.type === 'tool-call' ? p.name + p.arguments : '')));
  const bounded = boundUsage(res.usage, bounds, counter(promptTokens, delivered));
  return {
    outcome: { status: 'completed', usage: bounded.usage, usageSource: bounded.source, finishReason: finish?.raw ?? finish?.unified, streamed: false },
    bounded,
  };
}

/**
 * The outcome of a stream however it ended; `appended` is the usage to add to a normal end
 * whose upstream usage was missing, invalid or capped (the client sees what it is billed for).
 * A stream the gateway cut at the output bound (`tally.cut`) ends normally with finish reason
 * `length`; one that did not end normally is billed for what was delivered.
 */
export function streamOutcome(promptTokens: number, tally: StreamTally, end: StreamEnd, bounds: UsageBounds): DescribedOutcome & { appended?: Usage } {
  const status = end === 'aborted' ? 'cancelled' : tally.error ? 'failed' : 'completed';
  const finishReason = tally.cut ? 'length' : (tally.finishReason?.raw ?? tally.finishReason?.unified);
  const errorReason = end === 'aborted' ? 'client_disconnected' : tally.cut ? 'output_limit_reached' : tally.error?.reason;
  const complete = end === 'done' && !tally.cut && !tally.error && tally.usage.outputTokens !== undefined;
  // A cut stream passed the bound by the meter's count: it is billed at the bound.
  const count = counter(promptTokens, () => tally.delivered);
  const bounded = boundUsage(tally.usage, bounds, tally.cut ? { ...count, outputTokens: () => bounds.heldOutputTokens } : count, complete);
  const outcome: CallOutcome = { status, usage: bounded.usage, usageSource: bounded.source, finishReason, errorReason, streamed: true };
  return { outcome, bounded, appended: end === 'done' && bounded.source !== 'upstream' ? bounded.usage : undefined };
}

/** The gateway's own counts: the input as the hold counted it, the output now (linear and bounded: count-text-tokens.ts). */
function counter(promptTokens: number, delivered: () => string[]) {
  return { inputTokens: () => promptTokens, outputTokens: () => countTextTokens(delivered().join('')) };
}
