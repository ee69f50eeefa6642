import type { Usage, UsageSource } from '../core/usage.js';
import type { Money } from '../core/money.js';
import { priceUsage, type Cost } from '../billing/price-usage.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { GenerationRecord, GenerationStatus, KeyRecord } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import { releaseSlot } from './check-limits.js';

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

const RETRY_DELAYS_MS = [50, 500, 2000];

/**
 * Step 8 (always, exactly once): charge the actual cost, release the rest of the hold and
 * write the generation record, atomically in the store. The store makes a second settle of
 * the same hold a no-op. A transient store failure is retried so a charge is never lost.
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
  try {
    await settleWithRetry(gw, ctx, generation, cost.cost);
  } finally {
    gw.inflight.delete(ctx.generationId);
    releaseSlot(gw, ctx);
  }
}

async function settleWithRetry(gw: Gateway, ctx: RequestContext, generation: GenerationRecord, charge: Money): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const settled = await gw.store.ledger.settle({ holdId: ctx.generationId, charge, generation });
      if (!settled) gw.log.error({ generationId: ctx.generationId, requestId: ctx.requestId }, 'hold was already settled or released');
      return;
    } catch (err) {
      if (i >= RETRY_DELAYS_MS.length) {
        gw.log.error({ generationId: ctx.generationId, requestId: ctx.requestId, err: String(err), charge }, 'settle failed; the hold is left for the reaper');
        return;
      }
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[i]));
    }
  }
}
