import { hashApiKey } from '../core/api-key.js';
import { GatewayError } from '../core/gateway-error.js';
import type { GatewayMetrics } from '../observe/create-metrics.js';
import type { Router } from './router.js';
import { baseHeaders } from './send-response.js';
import { bearerTokenCheck } from './bearer-token-check.js';

/**
 * `GET /metrics`: the Prometheus text exposition. With a token (config `metrics.token` or
 * CHUIZI_METRICS_TOKEN), a scrape must send `Authorization: Bearer <token>` (401 otherwise);
 * without one it is open, like `/health` — bind to a private address or set a token.
 */
export function registerMetricsRoute(router: Router, metrics: GatewayMetrics, token: string | undefined): void {
  const allowed = token === undefined ? () => true : bearerTokenCheck(hashApiKey(token));
  router.add('GET', '/metrics', async (ex) => {
    if (!allowed(ex.req.headers.authorization)) throw new GatewayError('invalid_api_key', 'Invalid metrics token');
    const body = await metrics.render();
    if (ex.res.headersSent || ex.res.destroyed) return;
    ex.res.writeHead(200, { ...baseHeaders(ex), 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body) });
    ex.res.end(ex.req.method === 'HEAD' ? undefined : body);
  });
}
