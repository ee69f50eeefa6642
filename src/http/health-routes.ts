import type { Gateway } from '../pipeline/gateway.js';
import type { Router } from './router.js';
import { sendJson } from './send-response.js';

/** Liveness (`/health`) and readiness (`/health/ready`, which also asks the store). */
export function registerHealthRoutes(router: Router, gw: Gateway): void {
  router.add('GET', '/health', (ex) => sendJson(ex, 200, { status: 'ok' }));
  router.add('GET', '/health/ready', async (ex) => {
    try {
      await gw.store.ping();
      sendJson(ex, 200, { status: 'ready', store: gw.store.kind });
    } catch (err) {
      gw.log.error({ requestId: ex.requestId, err: String(err) }, 'store not ready');
      sendJson(ex, 503, { status: 'unavailable', store: gw.store.kind });
    }
  });
}
