import { AUTO_GOALS, AUTO_PREFIX } from '../routing/choose-auto-model.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import type { Gateway } from '../pipeline/gateway.js';
import { keyCandidates } from '../pipeline/authenticate.js';
import type { Router } from './router.js';
import { serveChat } from './serve-chat.js';
import { serveCountTokens } from './serve-count-tokens.js';
import { authenticateRequest } from './authenticate-request.js';
import { sendJson } from './send-response.js';
import { visibleModels } from '../admin/account-views.js';

/** The Anthropic protocol front door (`/anthropic`, what Claude Code calls). */
export function registerAnthropicRoutes(router: Router, gw: Gateway): void {
  router.add('POST', '/anthropic/v1/messages', (ex) => serveChat(gw, ex, anthropicMessages, keyCandidates(ex.req.headers)));

  router.add('POST', '/anthropic/v1/messages/count_tokens', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    await serveCountTokens(gw, ex, key, (body) => anthropicMessages.parseRequest({ max_tokens: 1, ...body, stream: false }), (inputTokens) => ({ input_tokens: inputTokens }));
  });

  router.add('GET', '/anthropic/v1/models', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const created = new Date(gw.now()).toISOString();
    const ids = [...visibleModels(gw.config, key).map((m) => m.id), ...AUTO_GOALS.map((g) => `${AUTO_PREFIX}${g}`)];
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: created }));
    sendJson(ex, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
  });
}
