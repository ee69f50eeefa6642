import { AUTO_GOALS, AUTO_PREFIX } from '../routing/choose-auto-model.js';
import { autoGoal } from '../pipeline/pick-auto-model.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import type { Gateway } from '../pipeline/gateway.js';
import { keyCandidates } from '../pipeline/authenticate.js';
import { resolveModel } from '../pipeline/resolve-model.js';
import { authorize, authorizeIp } from '../pipeline/authorize.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import type { Router } from './router.js';
import { serveChat } from './serve-chat.js';
import { authenticateRequest } from './authenticate-request.js';
import { sendJson } from './send-response.js';
import { parseJsonBody, readBody } from './read-body.js';
import { visibleModels } from './account-views.js';

/** The Anthropic protocol front door (`/anthropic`, what Claude Code calls). */
export function registerAnthropicRoutes(router: Router, gw: Gateway): void {
  router.add('POST', '/anthropic/v1/messages', (ex) => serveChat(gw, ex, anthropicMessages, keyCandidates(ex.req.headers)));

  // Free, not billed, but rate-limited like any request: the gateway's own count (cl100k) of
  // what the request would send — linear, bounded, and sliced so that it never blocks the loop.
  router.add('POST', '/anthropic/v1/messages/count_tokens', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const raw = await readBody(ex.req, gw.config.maxBodyBytes);
    const body = parseJsonBody(ex.req, raw);
    const req = anthropicMessages.parseRequest({ max_tokens: 1, ...body, stream: false });
    // A smart model (`auto/*`) is not resolved here: the count does not depend on the model it would pick.
    if (autoGoal(req.model)) authorizeIp(key, ex.clientIp);
    else authorize(gw.config, key, resolveModel(gw.config, req.model), ex.clientIp);
    const inputTokens = await countInputTokens(req);
    if (!ex.signal.aborted) sendJson(ex, 200, { input_tokens: inputTokens });
  });

  router.add('GET', '/anthropic/v1/models', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const created = new Date(gw.now()).toISOString();
    const ids = [...visibleModels(gw.config, key).map((m) => m.id), ...AUTO_GOALS.map((g) => `${AUTO_PREFIX}${g}`)];
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: created }));
    sendJson(ex, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
  });
}
