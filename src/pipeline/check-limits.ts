import { GatewayError } from '../core/gateway-error.js';
import type { GatewayConfig, ModelEntry } from '../config/gateway-config.js';
import type { AuthenticatedKey, RateWindow, WindowState } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { LimitLayer } from './call-observer.js';

const MINUTE = 60_000;
/** The limit layer of a window, by its key's first letter (see rateWindows). */
const WINDOW_LAYER: Record<string, LimitLayer> = { k: 'key_rpm', a: 'account_rpm', m: 'model_rpm' };

/**
 * The three sliding 60-second windows of a model call (billing-and-limits.md §4):
 * per key (key rpm, else the account's default, else the system's), per account (that limit
 * × the multiplier, across all the account's keys), per account per model.
 */
export function rateWindows(config: GatewayConfig, key: AuthenticatedKey, model: ModelEntry): RateWindow[] {
  return [
    ...requestWindows(config, key),
    { key: `m:${key.accountId}:${model.id}`, limit: key.accountModelRpmLimit ?? config.limits.modelRpm, windowMs: MINUTE },
  ];
}

/**
 * Step 4 (429): takes one of the key's concurrent slots (when it has a max_concurrent), and
 * counts the call in all three windows, or in none when any is full. The
 * x-ratelimit-* headers describe the tightest window; a refusal carries Retry-After = the
 * whole seconds until the window has room again.
 */
export async function checkLimits(gw: Gateway, ctx: RequestContext, key: AuthenticatedKey, model: ModelEntry): Promise<void> {
  // The key's concurrency slot first: a call refused by any limit holds no slot and counts in no window.
  const slot = key.maxConcurrent !== null ? `c:${key.id}` : undefined;
  if (slot && !(await gw.counters.acquire(slot, key.maxConcurrent as number))) {
    gw.observer.limited('concurrency', ctx);
    throw new GatewayError('rate_limit_exceeded', 'Rate limit exceeded. Retry after 1 seconds.', { retryAfter: 1, detail: `max ${key.maxConcurrent} concurrent calls` });
  }
  const windows = rateWindows(gw.config, key, model);
  const at = gw.now();
  try {
    await countIn(gw, ctx.responseHeaders, windows, at, ctx);
  } catch (err) {
    if (slot) await gw.counters.release(slot);
    throw err;
  }
  ctx.concurrencySlot = slot;
  ctx.rateHit = { windows, at };
}

/**
 * The windows of an authenticated request that is not a model call (`count_tokens`, model
 * lists, key info, generation lookups): the key's and the account's, where it counts as one
 * request (weight 1), like a model call. It has no model, so no per-model window.
 */
export function requestWindows(config: GatewayConfig, key: AuthenticatedKey): RateWindow[] {
  const keyLimit = key.rpmLimit ?? key.accountRpmLimit ?? config.limits.keyRpm;
  return [
    { key: `k:${key.id}`, limit: keyLimit, windowMs: MINUTE },
    { key: `a:${key.accountId}`, limit: Math.ceil(keyLimit * config.limits.accountRpmMultiplier), windowMs: MINUTE },
  ];
}

/** Step 2 of every authenticated request other than a model call (429): counts it in requestWindows, or nowhere when refused. */
export async function checkRequestLimit(gw: Gateway, responseHeaders: Record<string, string>, key: AuthenticatedKey): Promise<void> {
  await countIn(gw, responseHeaders, requestWindows(gw.config, key));
}

/** Counts a request in all `windows` or (refused, 429) in none; sets the x-ratelimit-* headers. */
async function countIn(gw: Gateway, responseHeaders: Record<string, string>, windows: RateWindow[], at = gw.now(), ctx?: RequestContext): Promise<void> {
  const result = await gw.counters.hit(windows, at);
  const tightest = result.allowed ? pickTightest(result.windows) : result.windows[result.blocked];
  responseHeaders['x-ratelimit-limit'] = String(tightest.limit);
  responseHeaders['x-ratelimit-remaining'] = String(tightest.remaining);
  responseHeaders['x-ratelimit-reset'] = String(Math.ceil(tightest.resetMs / 1000));
  if (!result.allowed) {
    gw.observer.limited(WINDOW_LAYER[windows[result.blocked].key[0]] ?? 'key_rpm', ctx);
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    responseHeaders['x-ratelimit-reset'] = String(seconds);
    throw new GatewayError('rate_limit_exceeded', `Rate limit exceeded. Retry after ${seconds} seconds.`, { retryAfter: seconds });
  }
}

function pickTightest(windows: WindowState[]): WindowState {
  let best = windows[0];
  for (const w of windows) if (w.remaining < best.remaining || (w.remaining === best.remaining && w.limit < best.limit)) best = w;
  return best;
}

/** Gives back the call's concurrency slot, once (settlement, or a refusal after the limits). */
export function releaseSlot(gw: Gateway, ctx: RequestContext): void {
  const slot = ctx.concurrencySlot;
  if (!slot) return;
  ctx.concurrencySlot = undefined;
  gw.counters.release(slot).catch((err) => gw.log.error({ requestId: ctx.requestId, err: String(err) }, 'releasing a concurrency slot failed'));
}

/**
 * A call refused after the limiter but before any upstream attempt (402 hold, 403 daily cap,
 * a routing error): gives back its concurrency slot and its hit in every rate window, once,
 * so a refused request is counted nowhere (billing-and-limits.md §4).
 */
export function giveBackLimits(gw: Gateway, ctx: RequestContext): void {
  releaseSlot(gw, ctx);
  const hit = ctx.rateHit;
  if (!hit) return;
  ctx.rateHit = undefined;
  gw.counters.unhit(hit.windows, hit.at).catch((err) => gw.log.error({ requestId: ctx.requestId, err: String(err) }, 'giving back rate-limit hits failed'));
}
