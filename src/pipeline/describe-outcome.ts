import type { ChatResponse } from '../core/chat-response.js';
import type { Usage } from '../core/usage.js';
import { countTextTokens } from '../billing/count-text-tokens.js';
import type { CallOutcome } from './settle.js';
import type { StreamEnd, StreamTally } from './meter-stream.js';

/**
 * What a call is billed for. The upstream's usage when it reported it (`usage_source:
 * upstream`); otherwise the gateway's own count of the request and of what was delivered
 * (`estimated`) — never $0 for delivered tokens.
 */
export function responseOutcome(promptTokens: number, res: ChatResponse): CallOutcome {
  const finish = res.choices[0]?.finishReason;
  const outcome: CallOutcome = { status: 'completed', usage: res.usage, usageSource: 'upstream', finishReason: finish?.raw ?? finish?.unified, streamed: false };
  if (res.usage.inputTokens === undefined && res.usage.outputTokens === undefined) {
    const delivered = res.choices.flatMap((c) => c.content.map((p) => ('text' in p ? p.text : p.type === 'tool-call' ? p.name + p.arguments : '')));
    outcome.usage = estimateUsage(promptTokens, delivered, res.usage);
    outcome.usageSource = 'estimated';
  }
  return outcome;
}

/** The outcome of a stream however it ended; `appended` is the usage to add to a normal end that had none. */
export function streamOutcome(promptTokens: number, tally: StreamTally, end: StreamEnd): { outcome: CallOutcome; appended?: Usage } {
  const status = end === 'aborted' ? 'cancelled' : tally.error ? 'failed' : 'completed';
  const finishReason = tally.finishReason?.raw ?? tally.finishReason?.unified;
  const errorReason = end === 'aborted' ? 'client_disconnected' : tally.error?.reason;
  if (tally.usage.outputTokens !== undefined && tally.usage.inputTokens !== undefined) {
    return { outcome: { status, usage: tally.usage, usageSource: 'upstream', finishReason, errorReason, streamed: true } };
  }
  const usage = estimateUsage(promptTokens, tally.delivered, tally.usage);
  return { outcome: { status, usage, usageSource: 'estimated', finishReason, errorReason, streamed: true }, appended: end === 'done' ? usage : undefined };
}

/**
 * The upstream's figures where it gave them, else the tokenizer's: the input as counted for
 * the hold, the output counted now (linear and bounded: see count-text-tokens.ts).
 */
function estimateUsage(promptTokens: number, delivered: string[], reported: Usage): Usage {
  const usage: Usage = { ...reported };
  if (usage.inputTokens === undefined) usage.inputTokens = promptTokens;
  if (usage.outputTokens === undefined) usage.outputTokens = countTextTokens(delivered.join(''));
  return usage;
}
