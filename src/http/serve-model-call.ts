import type { Gateway } from '../pipeline/gateway.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Exchange } from './exchange.js';
import { sendError } from './send-response.js';

/**
 * Any model call (chat on any protocol, embeddings): beyond `server.max_inflight` calls in flight
 * in this process, a new one is refused at once (503, Retry-After: 1) before anything is read or
 * counted — load is shed, not queued. Otherwise `serve` runs with the call's request context; an
 * error it throws is answered in the client's envelope, and the call's end is reported to the
 * observer (its log line, metrics and trace).
 */
export async function serveModelCall(gw: Gateway, ex: Exchange, protocol: RequestContext['protocol'], serve: (ctx: RequestContext) => Promise<void>): Promise<void> {
  if (gw.calls.active >= gw.config.maxInflight) {
    gw.observer.limited('overload');
    ex.req.resume();
    sendError(ex, new GatewayError('overloaded', 'The gateway is overloaded; retry shortly', { retryAfter: 1, detail: `${gw.calls.active} calls in flight` }));
    return;
  }
  gw.calls.active++;
  const ctx: RequestContext = {
    requestId: ex.requestId,
    generationId: ex.generationId,
    startedAt: ex.startedAt,
    protocol,
    clientIp: ex.clientIp,
    headers: ex.req.headers,
    signal: ex.signal,
    warnings: ex.warnings,
    responseHeaders: ex.responseHeaders,
  };
  try {
    await serve(ctx);
  } catch (err) {
    if (!ex.signal.aborted) sendError(ex, err);
  } finally {
    gw.calls.active--;
    // The call's log line, metrics and trace are written by the observer's subscribers.
    ex.logged = true;
    gw.observer.responseEnded(ctx, { status: ex.signal.aborted ? 499 : ex.res.statusCode, errorReason: ex.errorReason, endedAt: gw.now() });
  }
}
