import { GatewayError } from '../core/gateway-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { Router } from './router.js';
import type { Exchange } from './exchange.js';
import { authenticateRequest } from './authenticate-request.js';
import { sendJsonText } from './send-response.js';
import { serveResponses } from './serve-responses.js';

/** The OpenAI Responses API (`/v1/responses`): create, stream, and read back a kept response. */
export function registerResponsesRoutes(router: Router, gw: Gateway): void {
  router.add('POST', '/v1/responses', (ex) => serveResponses(gw, ex));
  router.add('GET', '/v1/responses/:id', (ex) => getResponse(gw, ex));
}

/** A kept response of the caller's account, sent as it was stored (never re-parsed); any other id is a 404. */
async function getResponse(gw: Gateway, ex: Exchange): Promise<void> {
  const key = await authenticateRequest(gw, ex);
  const id = ex.params.id ?? '';
  const record = /^resp_[A-Za-z0-9]{1,64}$/.test(id) && gw.store.responses ? await gw.store.responses.get(id, key.accountId, gw.now()) : null;
  if (!record) throw new GatewayError('not_found', `Response with id '${id.slice(0, 80)}' not found.`, { param: 'id' });
  sendJsonText(ex, 200, record.response);
}
