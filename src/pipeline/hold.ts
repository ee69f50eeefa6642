import { GatewayError } from '../core/gateway-error.js';
import { formatUsd, type Money } from '../core/money.js';
import { affordableOutputTokens, estimateHold } from '../billing/estimate-hold.js';
import { withMargin } from '../billing/estimate-input-tokens.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { HoldResult, KeyRecord } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { Billable } from './billable.js';

/**
 * When the client set no output limit and the wallet or the key's daily limit cannot cover the
 * model's maximum output, the implicit limit is lowered to what both still cover — but never
 * below this many tokens: a call that cannot afford even these is refused (402/403).
 */
export const MIN_IMPLICIT_OUTPUT_TOKENS = 16;

type Refusal = Exclude<HoldResult, { ok: true }>;

/**
 * Step 5 (402, 403 daily limit): reserve the worst-case cost atomically against
 * balance − active holds and the key's daily limit. When the client set no output limit and
 * the wallet or the daily limit cannot cover the model's maximum, the output limit sent upstream
 * is lowered to what both cover (billing-and-limits.md §2.2, at least MIN_IMPLICIT_OUTPUT_TOKENS),
 * with a warning. When the client set one, the refusal says how many output tokens it can afford.
 * Returns the request to send: the same one, or one with that lowered output limit. Counting the
 * input is the costly part (linear, sliced, see count-input-tokens.ts); a large request from an
 * empty wallet is refused before it (checkWallet).
 */
export async function hold<R>(gw: Gateway, ctx: RequestContext, key: KeyRecord, model: ModelEntry, call: Billable<R>): Promise<R> {
  // Counted once: the plain count is the prompt size Anthropic streams report in message_start
  // when the upstream gives none there (issue 8), and what usage estimates bill; the hold adds the margin.
  const promptTokens = ctx.promptTokens ?? (await call.countPrompt()); // auto/* counted it to choose the model
  ctx.promptTokens = promptTokens;
  const inputTokens = withMargin(promptTokens);
  const maxOutput = call.maxOutputTokens ?? model.maxOutputTokens;
  // An embedding model has no output: nothing to lower, and a refusal is about the input alone.
  const lowerable = call.maxOutputTokens === undefined && maxOutput > 0;
  const amount = estimateHold(inputTokens, maxOutput, model.price, model.markup);
  const now = gw.now();
  const base = {
    id: ctx.generationId,
    accountId: key.accountId,
    keyId: key.id,
    owner: gw.instanceId,
    expiresAt: now + gw.config.holdLeaseMs,
    dailyLimit: key.dailyLimit,
    day: new Date(now).toISOString().slice(0, 10),
  };
  const affordable = (room: Money) => Math.min(affordableOutputTokens(room, inputTokens, model.price, model.markup), maxOutput);
  let result = await gw.store.ledger.hold({ ...base, amount });
  if (result.ok) return held(gw, ctx, call.request, inputTokens, maxOutput, amount, now);
  let refusal: Refusal = result;
  // Lowering the implicit limit: the wallet and the daily limit may each refuse in turn, so
  // the room is the least of what each refusal reported (at most one retry per constraint).
  let room = roomOf(refusal, key);
  let binding = refusal.reason;
  for (let tries = 0; lowerable && tries < 2; tries++) {
    const tokens = affordable(room);
    if (tokens < MIN_IMPLICIT_OUTPUT_TOKENS) break;
    const lowered = estimateHold(inputTokens, tokens, model.price, model.markup);
    result = await gw.store.ledger.hold({ ...base, amount: lowered });
    if (result.ok) {
      const why = binding === 'daily_limit_exceeded' ? 'what the daily limit leaves' : 'the available balance';
      ctx.warnings.push(`max output tokens lowered to ${tokens} to fit ${why}`);
      return held(gw, ctx, call.withOutputLimit(tokens), inputTokens, tokens, lowered, now);
    }
    refusal = result;
    const left = roomOf(result, key);
    if (left < room) [room, binding] = [left, result.reason];
  }
  throw refuse(refusal, key, amount, maxOutput, affordable(roomOf(refusal, key)), lowerable);
}

function held<R>(gw: Gateway, ctx: RequestContext, request: R, inputTokens: number, outputTokens: number, amount: Money, sentAt: number): R {
  gw.inflight.add(ctx.generationId);
  // The lease counts from when the hold was sent: when the write waited a third of it (a
  // stalled database), renew now rather than at the next heartbeat, before another reaper may.
  const now = gw.now();
  if (now - sentAt > gw.config.holdLeaseMs / 3) {
    gw.store.ledger.renewLeases(gw.instanceId, [ctx.generationId], now + gw.config.holdLeaseMs)
      .catch((err: unknown) => gw.log.error({ generationId: ctx.generationId, err: String(err) }, 'renewing a slow hold\'s lease failed'));
  }
  ctx.heldTokens = { inputTokens, outputTokens };
  ctx.heldAmount = amount;
  return request;
}

/** What a refusal says is still free: the wallet's available balance, or what the daily limit leaves. */
function roomOf(r: Refusal, key: KeyRecord): Money {
  return r.reason === 'insufficient_balance' ? r.available : Math.max(0, (key.dailyLimit ?? 0) - r.spentToday - r.held);
}

function refuse(r: Refusal, key: KeyRecord, required: Money, asked: number, canAfford: number, implicit: boolean): GatewayError {
  const afford = implicit
    ? ` It cannot cover even ${MIN_IMPLICIT_OUTPUT_TOKENS} output tokens.`
    : canAfford > 0
      ? ` You requested up to ${asked} output tokens, but can afford ${canAfford}: lower max_tokens${r.reason === 'insufficient_balance' ? ' or add credits' : ''}.`
      : ' It cannot cover even the input.';
  if (r.reason === 'daily_limit_exceeded') {
    return new GatewayError('daily_limit_exceeded', `Daily spend limit of ${formatUsd(key.dailyLimit ?? 0)} reached for this API key (spent today ${formatUsd(r.spentToday)}, held ${formatUsd(r.held)}, required ${formatUsd(required)}).${afford}`);
  }
  return new GatewayError('insufficient_balance', `Insufficient balance. Current: ${formatUsd(r.available)}, Required: ${formatUsd(required)}.${afford}`);
}
