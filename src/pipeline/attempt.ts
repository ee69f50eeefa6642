import { GatewayError } from '../core/gateway-error.js';
import type { ChatRequest } from '../core/chat-request.js';
import type { ModelEntry } from '../config/gateway-config.js';
import { callUpstream, type UpstreamResult } from '../upstream/call-upstream.js';
import { isAbortError } from '../upstream/map-transport-error.js';
import { selectTargets, type RoutedTarget } from '../routing/select-targets.js';
import type { Outcome } from '../routing/breaker.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { AttemptReport } from './call-observer.js';

/**
 * Step 4 (503 no healthy upstream, 429 every target throttled), before the limits and the hold:
 * the model's route targets whose provider exists, in order, minus those their circuit breaker
 * skips now. A refusal here is counted nowhere and holds nothing.
 */
export function route(gw: Gateway, model: ModelEntry): RoutedTarget[] {
  const now = gw.now();
  const { usable, nextRetryAt, allThrottled } = selectTargets(model, gw.config.providers, gw.health.snapshot(), now, gw.config.upstreamTimeoutMs);
  if (usable.length > 0) return usable;
  if (!model.routes.some((t) => gw.config.providers.has(t.providerId))) {
    throw new GatewayError('provider_unavailable', 'No upstream is available for this model', { detail: `model ${model.id} has no usable route` });
  }
  const retryAfter = Math.max(1, Math.ceil(((nextRetryAt ?? now + 1000) - now) / 1000));
  if (allThrottled) throw new GatewayError('rate_limit_exceeded', `Rate limit exceeded. Retry after ${retryAfter} seconds.`, { retryAfter, detail: `every route of ${model.id} is throttled upstream` });
  throw new GatewayError('provider_unavailable', 'No healthy upstream is available for this model', { retryAfter, detail: `every route of ${model.id} is down (circuit breaker open)` });
}

/**
 * Step 8 (502/503/504, 429 after failover): try each target in order. A target its breaker
 * skips now is passed over (another call may have opened it since `route`; a down target past
 * its cool-down gets this call as its one trial). A retryable failure (429, 5xx, connection
 * failure, timeout, no first token in time, error before the stream's first output) moves to
 * the next target; anything else, or the client leaving, stops at once. Each outcome is
 * reported to the health book — a stream's when it ends, so an error after the commit point
 * counts too. The request is rendered anew for each target; the hold is not repeated.
 */
export async function attempt(gw: Gateway, ctx: RequestContext, req: ChatRequest, targets: RoutedTarget[], maxTokens: number): Promise<UpstreamResult> {
  return attemptWith(gw, ctx, targets, req.stream, ({ target, provider }, onStreamEnd) =>
    callUpstream(gw.pool, {
      provider, target, request: req, signal: ctx.signal,
      clientHeaders: ctx.headers, clientProtocol: ctx.protocol, defaultMaxTokens: maxTokens,
      firstTokenTimeoutMs: gw.config.timeouts.firstTokenMs,
      onStreamEnd,
    }),
  );
}

/** What one attempt returns: an answer, or a committed stream (whose end is reported through `onStreamEnd`). */
export interface AttemptResult {
  type: 'response' | 'stream';
  warnings: string[];
}

/** Sends one attempt to one target (a chat call, an embedding call). */
export type SendAttempt<R extends AttemptResult> = (to: RoutedTarget, onStreamEnd: (end: 'done' | 'error' | 'cancelled') => void) => Promise<R>;

/** The failover loop of `attempt`, for any kind of call (`streamed`: whether the call asked for a stream). */
export async function attemptWith<R extends AttemptResult>(gw: Gateway, ctx: RequestContext, targets: RoutedTarget[], streamed: boolean, send: SendAttempt<R>): Promise<R> {
  let last: GatewayError | undefined;
  ctx.upstreamStartedAt = gw.now();
  for (const { target, provider, key } of targets) {
    if (ctx.signal.aborted) break;
    const admitted = gw.health.admit(key, gw.now());
    if (admitted === 'skip') continue;
    const sentAt = gw.now();
    let committedAt = sentAt;
    const observed = (outcome: AttemptReport['outcome'], streamed: boolean, error?: GatewayError) =>
      gw.observer.attemptEnded(ctx, { providerId: provider.id, upstreamModel: target.model, outcome, error, streamed, sentAt, endedAt: gw.now() });
    const report = (outcome: Outcome) => {
      const { from, to, health } = gw.health.report(key, outcome, gw.now());
      // Opening and closing are logged (the operator's signal; the admin view has the details).
      if (from !== to && (to === 'down' || to === 'throttled' || from === 'down' || from === 'half_open')) {
        gw.log[to === 'healthy' ? 'info' : 'warn']({ provider: provider.id, upstreamModel: target.model, from, to, consecutiveFailures: health.consecutiveFailures, reason: health.lastError?.reason }, 'route target state changed');
      }
    };
    try {
      // After the commit point the upstream has answered: only an error in the stream counts
      // against it. A trial stream closed the breaker at its commit (a long stream must not keep
      // the target half-open); its end only reports an error.
      const result = await send({ target, provider, key }, (end) => {
        if (end === 'error') report({ type: 'failure', reason: 'stream_error' });
        else if (admitted !== 'trial') report({ type: 'success', latencyMs: committedAt - sentAt });
        observed(end === 'error' ? 'failure' : end === 'cancelled' ? 'abandoned' : 'success', true);
      });
      committedAt = gw.now();
      if (result.type === 'response' || admitted === 'trial') report({ type: 'success', latencyMs: committedAt - sentAt });
      ctx.providerId = provider.id;
      if (result.type === 'response') observed('success', false);
      else gw.observer.firstToken(ctx, committedAt);
      for (const w of result.warnings) ctx.warnings.push(w);
      return result;
    } catch (err) {
      if (isAbortError(err) || ctx.signal.aborted) {
        report({ type: 'abandoned' });
        observed('abandoned', streamed);
        throw err;
      }
      const e = err instanceof GatewayError ? err : new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail: String(err) });
      const outcome = outcomeOf(e, committedAt - sentAt);
      report(outcome);
      ctx.providerId = provider.id;
      observed(outcome.type === 'throttled' ? 'throttled' : 'failure', streamed, e);
      last = e;
      if (!e.retryable) throw e;
    }
  }
  throw last ?? new GatewayError('provider_unavailable', 'No healthy upstream is available for this model', { retryAfter: 1, detail: 'every route was skipped by its circuit breaker' });
}

/** What a failed attempt says about its target: a retryable failure counts against it; any other answer shows it alive. */
function outcomeOf(e: GatewayError, latencyMs: number): Outcome {
  if (!e.retryable) return e.upstreamStatus !== undefined ? { type: 'success', latencyMs } : { type: 'abandoned' };
  if (e.status === 429) return { type: 'throttled', reason: `upstream_429`, retryAfterMs: e.retryAfter !== undefined ? Math.round(e.retryAfter * 1000) : undefined };
  const reason = e.upstreamStatus !== undefined ? `upstream_${e.upstreamStatus}` : e.reason;
  return { type: 'failure', reason };
}
