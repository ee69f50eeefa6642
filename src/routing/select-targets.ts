import type { ModelEntry, ProviderConfig, RouteTarget } from '../config/gateway-config.js';
import { admission, initialHealth, retryAt, type TargetHealth } from './breaker.js';
import { targetKey } from './health-book.js';

export interface RoutedTarget {
  target: RouteTarget;
  provider: ProviderConfig;
  key: string;
}

export interface Selection {
  /** Targets worth trying now, in the model's failover order. */
  usable: RoutedTarget[];
  /** The earliest time a skipped target may be tried again (undefined when none will be soon). */
  nextRetryAt?: number;
  /** True when every target was skipped only for throttling (an upstream 429's Retry-After). */
  allThrottled: boolean;
}

/**
 * Pure: a model's route targets whose provider exists, in order, minus those the health
 * snapshot says to skip now (breaker open, throttled, a trial already running).
 */
export function selectTargets(model: ModelEntry, providers: ReadonlyMap<string, ProviderConfig>, health: ReadonlyMap<string, TargetHealth>, now: number, staleTrialMs: number): Selection {
  const usable: RoutedTarget[] = [];
  let nextRetryAt: number | undefined;
  let skipped = 0;
  let throttled = 0;
  for (const target of model.routes) {
    const provider = providers.get(target.providerId);
    if (!provider) continue;
    const key = targetKey(provider.id, target.model);
    const h = health.get(key) ?? initialHealth();
    if (admission(h, now, staleTrialMs) !== 'skip') {
      usable.push({ target, provider, key });
      continue;
    }
    skipped++;
    if (h.downUntil === undefined) throttled++;
    const at = retryAt(h, now);
    if (at !== undefined) nextRetryAt = nextRetryAt === undefined ? at : Math.min(nextRetryAt, at);
  }
  return { usable, nextRetryAt, allThrottled: usable.length === 0 && skipped > 0 && throttled === skipped };
}

/** The best measured latency among a model's targets (undefined when none is measured). */
export function measuredLatency(model: ModelEntry, health: ReadonlyMap<string, TargetHealth>): number | undefined {
  let best: number | undefined;
  for (const t of model.routes) {
    const l = health.get(targetKey(t.providerId, t.model))?.latencyMs;
    if (l !== undefined && (best === undefined || l < best)) best = l;
  }
  return best;
}
