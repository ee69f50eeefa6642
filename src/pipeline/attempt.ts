import { GatewayError } from '../core/gateway-error.js';
import type { ChatRequest } from '../core/chat-request.js';
import type { ModelEntry, ProviderConfig, RouteTarget } from '../config/gateway-config.js';
import { callUpstream, type UpstreamResult } from '../upstream/call-upstream.js';
import { isAbortError } from '../upstream/map-transport-error.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';

/** Step 6 (404 route, 503 none): the model's route targets whose provider exists, in order. */
export function route(gw: Gateway, model: ModelEntry): Array<{ target: RouteTarget; provider: ProviderConfig }> {
  const out: Array<{ target: RouteTarget; provider: ProviderConfig }> = [];
  for (const target of model.routes) {
    const provider = gw.config.providers.get(target.providerId);
    if (provider) out.push({ target, provider });
  }
  if (out.length === 0) throw new GatewayError('provider_unavailable', 'No upstream is available for this model', { detail: `model ${model.id} has no usable route` });
  return out;
}

/**
 * Step 7 (502/503/504, 429 after failover): try each target in order. A retryable failure
 * (429, 5xx, connection failure, timeout, error before the stream's first output) moves to
 * the next target; anything else, or the client leaving, stops at once. The request is
 * rendered anew for each target (translation is per attempt); the hold is not repeated.
 */
export async function attempt(gw: Gateway, ctx: RequestContext, req: ChatRequest, targets: Array<{ target: RouteTarget; provider: ProviderConfig }>, maxTokens: number): Promise<UpstreamResult> {
  let last: GatewayError | undefined;
  ctx.upstreamStartedAt = gw.now();
  for (const { target, provider } of targets) {
    if (ctx.signal.aborted) break;
    try {
      const result = await callUpstream(gw.pool, {
        provider, target, request: req, signal: ctx.signal,
        clientHeaders: ctx.headers, clientProtocol: ctx.protocol, defaultMaxTokens: maxTokens,
      });
      ctx.providerId = provider.id;
      for (const w of result.warnings) ctx.warnings.push(w);
      return result;
    } catch (err) {
      if (isAbortError(err) || ctx.signal.aborted) throw err;
      const e = err instanceof GatewayError ? err : new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail: String(err) });
      ctx.providerId = provider.id;
      gw.log.warn({ requestId: ctx.requestId, generationId: ctx.generationId, provider: provider.id, reason: e.reason, upstreamStatus: e.upstreamStatus, detail: e.detail }, 'upstream attempt failed');
      last = e;
      if (!e.retryable) throw e;
    }
  }
  throw last ?? new GatewayError('provider_unavailable', 'No upstream is available for this model');
}
