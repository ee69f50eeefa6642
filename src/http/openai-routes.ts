import { GatewayError } from '../core/gateway-error.js';
import { openaiChat } from '../protocols/openai-chat/index.js';
import type { Gateway } from '../pipeline/gateway.js';
import { keyCandidates } from '../pipeline/authenticate.js';
import { authenticateRequest } from './authenticate-request.js';
import type { Router } from './router.js';
import type { Exchange } from './exchange.js';
import { serveChat } from './serve-chat.js';
import { serveEmbeddings, type EmbeddingsCodec } from './serve-embeddings.js';
import { openaiEmbeddings } from '../protocols/openai-embeddings/index.js';
import { sendJson } from './send-response.js';
import { autoModelViews, generationView, keyInfoView, modelView, visibleModels } from '../admin/account-views.js';

const embeddingsCodec: EmbeddingsCodec = {
  protocol: 'openai',
  parseRequest: openaiEmbeddings.parseRequest,
  renderResponse: (res, { request, inputTokens, xChuizi }) => openaiEmbeddings.renderResponse(res, { model: request.model, encodingFormat: request.encodingFormat, inputTokens, xChuizi }),
};

/** The OpenAI protocol front door (`/v1`). */
export function registerOpenaiRoutes(router: Router, gw: Gateway): void {
  router.add('POST', '/v1/chat/completions', (ex) => serveChat(gw, ex, openaiChat, keyCandidates(ex.req.headers)));
  router.add('POST', '/v1/embeddings', (ex) => serveEmbeddings(gw, ex, embeddingsCodec, keyCandidates(ex.req.headers)));

  router.add('GET', '/v1/models', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const created = Math.floor(gw.now() / 1000);
    sendJson(ex, 200, { object: 'list', data: [...visibleModels(gw.config, key).map((m) => modelView(m, created)), ...autoModelViews(created)] });
  });

  router.add('GET', '/v1/key/info', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const [account, usage, fresh] = await Promise.all([gw.store.accounts.get(key.accountId), gw.store.keys.usageOn(key.id, today(gw)), gw.store.keys.get(key.id)]);
    if (!account || !fresh) throw new GatewayError('invalid_api_key', 'Invalid API key', { detail: 'key without account' });
    sendJson(ex, 200, { data: keyInfoView(fresh, account, usage, gw.config.limits.keyRpm) });
  });

  router.add('GET', '/v1/generation', (ex) => getGeneration(gw, ex));
}

async function getGeneration(gw: Gateway, ex: Exchange): Promise<void> {
  const key = await authenticateRequest(gw, ex);
  const id = ex.url.searchParams.get('id');
  if (!id) throw new GatewayError('validation_error', "Query parameter 'id' is required", { param: 'id' });
  const g = /^gen-[A-Za-z0-9]{1,64}$/.test(id) ? await gw.store.generations.get(id) : null;
  if (!g || g.accountId !== key.accountId) throw new GatewayError('generation_not_found', `Generation '${id.slice(0, 80)}' not found`, { param: 'id' });
  sendJson(ex, 200, { data: generationView(g) });
}

function today(gw: Gateway): string {
  return new Date(gw.now()).toISOString().slice(0, 10);
}
