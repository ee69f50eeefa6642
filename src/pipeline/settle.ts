import type { Usage, UsageSource } from '../core/usage.js';
import type { Money } from '../core/money.js';
import { priceUsage, type Cost } from '../billing/price-usage.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { GenerationRecord, GenerationStatus, KeyRecord, SettleInput } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import { releaseSlot } from './check-limits.js';
import { GatewayError, toGatewayError } from '../core/gateway-error.js';
import { isAbortError } from '../upstream/map-transport-error.js';

export interface CallOutcome {
  status: Exclude<GenerationStatus, 'pending'>;
  usage: Usage;
  usageSource: UsageSource | null;
  finishReason?: string;
  errorReason?: string;
  streamed: boolean;
}

/** The cost of what was used (0 when nothing was). Pure. */
export function priceOutcome(model: ModelEntry, usage: Usage): Cost {
  return priceUsage(usage, model.price, model.markup);
}

/**
 * Settles a call whose every attempt failed (or whose client left) at $0 — `failed` with the
 * error's reason, or `cancelled` — and returns the error to answer with.
 */
export async function settleFailure(gw: Gateway, ctx: RequestContext, key: KeyRecord, model: ModelEntry, err: unknown, streamed: boolean): Promise<GatewayError> {
  const aborted = isAbortError(err) || ctx.signal.aborted;
  const e = aborted ? undefined : toGatewayError(err);
  await settle(gw, ctx, key, model, { status: aborted ? 'cancelled' : 'failed', usage: {}, usageSource: null, errorReason: e?.reason ?? 'client_disconnected', streamed }, { cost: 0, upstreamCost: 0 });
  return e ?? new GatewayError('server_error', 'client disconnected', { detail: 'client disconnected' });
}

const RETRY_DELAYS_MS = [50, 500, 2000];

/**
 * Step 8 (always, exactly once): charge the actual cost, release the rest of the hold and
 * write the generation record, atomically in the store. The store makes a second settle of
 * the same hold a no-op. A transient store failure (busy database, lost connection) is
 * retried; anything else is not (it would fail the same way again). A settlement that still
 * cannot be written is logged at error level with everything needed to redo it and kept in
 * `gw.unsettled`: the reaper never releases its hold at $0 (and retries it when the failure was
 * transient), and `chuizi ledger check --open-holds` shows the hold.
 */
export async function settle(gw: Gateway, ctx: RequestContext, key: KeyRecord, model: ModelEntry, outcome: CallOutcome, cost: Cost): Promise<void> {
  const end = gw.now();
  const u = outcome.usage;
  const generation: GenerationRecord = {
    id: ctx.generationId,
    accountId: key.accountId,
    keyId: key.id,
    requestId: ctx.requestId,
    model: model.id,
    provider: ctx.providerId ?? null,
    protocol: ctx.protocol,
    streamed: outcome.streamed,
    status: outcome.status,
    inputTokens: u.inputTokens ?? 0,
    outputTokens: u.outputTokens ?? 0,
    cachedTokens: u.cacheReadTokens ?? 0,
    cacheWriteTokens: u.cacheWriteTokens ?? 0,
    reasoningTokens: u.reasoningTokens ?? 0,
    cost: cost.cost,
    upstreamCost: cost.upstreamCost,
    latencyMs: end - ctx.startedAt,
    generationTimeMs: ctx.upstreamStartedAt !== undefined ? end - ctx.upstreamStartedAt : null,
    finishReason: outcome.finishReason ?? null,
    usageSource: outcome.usageSource,
    errorReason: outcome.errorReason ?? null,
    createdAt: new Date(ctx.startedAt).toISOString(),
  };
  const input: SettleInput = { holdId: ctx.generationId, charge: cost.cost, generation };
  try {
    const written = await settleWithRetry(gw, input, ctx.requestId);
    if (written !== true) gw.unsettled.set(input.holdId, { input, retry: written === 'transient' });
  } finally {
    gw.inflight.delete(ctx.generationId);
    releaseSlot(gw, ctx);
    gw.observer.settled(ctx, { model, outcome, cost });
  }
}

/** True for store errors that may pass on retry: a busy or locked database, a lost connection. */
export function isTransientStoreError(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; transient?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (e.transient === true) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', '57P01', '40001', '40P01'].includes(code) || code.startsWith('08')) return true;
  }
  return false;
}

/**
 * Writes a settlement, retrying transient failures. True when written (or already settled);
 * else how it failed — `transient` (may pass later) or `rejected` — already logged.
 */
export async function settleWithRetry(gw: Gateway, input: SettleInput, requestId: string | null, delays: readonly number[] = RETRY_DELAYS_MS): Promise<true | 'transient' | 'rejected'> {
  for (let i = 0; ; i++) {
    try {
      const settled = await gw.store.ledger.settle(input);
      if (!settled) gw.log.error({ generationId: input.holdId, requestId }, 'hold was already settled or released');
      return true;
    } catch (err) {
      const transient = isTransientStoreError(err);
      if (!transient || i >= delays.length) {
        gw.log.error(
          { generationId: input.holdId, requestId, err: String(err), transient, settlement: input },
          transient ? 'settlement could not be written; kept for retry, its hold is not released' : 'settlement rejected by the store; not retried, its hold is not released: redo it from this line',
        );
        return transient ? 'transient' : 'rejected';
      }
      gw.log.warn({ generationId: input.holdId, requestId, err: String(err), attempt: i + 1 }, 'settlement failed transiently; retrying');
      await new Promise((r) => setTimeout(r, delays[i]));
    }
  }
}
