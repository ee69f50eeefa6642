import { GatewayError } from '../core/gateway-error.js';
import { gemini } from '../protocols/gemini/index.js';
import type { ModelEntry } from '../config/gateway-config.js';
import { AUTO_GOALS, AUTO_PREFIX } from '../routing/choose-auto-model.js';
import type { Gateway } from '../pipeline/gateway.js';
import { keyCandidates } from '../pipeline/authenticate.js';
import { isModelAllowed } from '../pipeline/authorize.js';
import type { Router } from './router.js';
import type { Exchange } from './exchange.js';
import { serveChat } from './serve-chat.js';
import { serveCountTokens } from './serve-count-tokens.js';
import { serveEmbeddings } from './serve-embeddings.js';
import { parseEmbedRequest } from '../protocols/gemini/parse-embed-request.js';
import { renderEmbedResponse } from '../protocols/gemini/render-embed-response.js';
import { authenticateRequest } from './authenticate-request.js';
import { sendJson } from './send-response.js';
import { visibleModels } from '../admin/account-views.js';

/** @google/genai 3.x defaults to `v1`; `v1beta` is what the Gemini API documents. Both are served. */
const VERSIONS = ['v1beta', 'v1'];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * The Gemini protocol front door (`/gemini`, what @google/genai calls with
 * `httpOptions.baseUrl`): generateContent, streamGenerateContent (SSE with `alt=sse`, else one
 * JSON array sent element by element), countTokens, embedContent and batchEmbedContents (embedding
 * models, through the embeddings pipeline), and the model list. `{model}` is a public id
 * or alias, bare (`gemini-2.5-flash`), provider-prefixed raw or encoded (`google/gemini-2.5-flash`,
 * `google%2Fgemini-2.5-flash`), or with Google's `models/` prefix. The key may also come as
 * `x-goog-api-key` or `?key=` (Authorization still wins).
 */
export function registerGeminiRoutes(router: Router, gw: Gateway): void {
  for (const v of VERSIONS) {
    const base = `/gemini/${v}/models`;
    router.add('POST', `${base}/*model:generateContent`, (ex) => serveChat(gw, ex, gemini, geminiKeys(ex), { url: { model: ex.params.model, stream: false } }));
    router.add('POST', `${base}/*model:streamGenerateContent`, (ex) =>
      serveChat(gw, ex, gemini, geminiKeys(ex), { url: { model: ex.params.model, stream: true }, framing: ex.url.searchParams.get('alt') === 'sse' ? 'sse' : 'json-array' }),
    );
    router.add('POST', `${base}/*model:countTokens`, async (ex) => {
      const key = await authenticateRequest(gw, ex, geminiKeys(ex));
      await serveCountTokens(gw, ex, key, (body) => gemini.parseRequest(countedRequest(body), { model: ex.params.model }), (inputTokens) => ({ totalTokens: inputTokens }));
    });
    // Embedding models (`models.embedContent` of @google/genai sends batchEmbedContents).
    for (const [method, batch] of [['embedContent', false], ['batchEmbedContents', true]] as const) {
      router.add('POST', `${base}/*model:${method}`, (ex) =>
        serveEmbeddings(gw, ex, { protocol: 'gemini', parseRequest: (body) => parseEmbedRequest(body, { model: ex.params.model, batch }), renderResponse: (res) => renderEmbedResponse(res, batch) }, geminiKeys(ex)),
      );
    }
    router.add('GET', base, (ex) => listModels(gw, ex));
    router.add('GET', `${base}/*model`, (ex) => getModel(gw, ex));
  }
}

/** The key candidates of a Gemini path: Authorization, x-api-key, x-goog-api-key, then `?key=`. */
function geminiKeys(ex: Exchange): Array<string | undefined> {
  const goog = ex.req.headers['x-goog-api-key'];
  return keyCandidates(ex.req.headers, [Array.isArray(goog) ? goog[0] : goog, ex.url.searchParams.get('key') ?? undefined]);
}

/** countTokens takes `{contents}` or a whole `{generateContentRequest}`. */
function countedRequest(body: Record<string, unknown>): Record<string, unknown> {
  const inner = body.generateContentRequest;
  if (inner === undefined) return body;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw new GatewayError('validation_error', "'generateContentRequest' must be an object", { param: 'generateContentRequest' });
  return inner as Record<string, unknown>;
}

async function listModels(gw: Gateway, ex: Exchange): Promise<void> {
  const key = await authenticateRequest(gw, ex, geminiKeys(ex));
  const all = [...visibleModels(gw.config, key).map(modelView), ...AUTO_GOALS.map((g) => autoView(`${AUTO_PREFIX}${g}`))];
  const size = pageSize(ex.url.searchParams.get('pageSize'));
  const token = ex.url.searchParams.get('pageToken');
  const start = token && /^\d{1,9}$/.test(token) ? Number(token) : 0;
  const page = all.slice(start, start + size);
  sendJson(ex, 200, { models: page, ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}) });
}

async function getModel(gw: Gateway, ex: Exchange): Promise<void> {
  const key = await authenticateRequest(gw, ex, geminiKeys(ex));
  const name = ex.params.model.replace(/^models\//, '');
  const goal = AUTO_GOALS.find((g) => `${AUTO_PREFIX}${g}` === name.toLowerCase());
  if (goal) return sendJson(ex, 200, autoView(`${AUTO_PREFIX}${goal}`));
  const model = gw.config.modelIndex.get(name.toLowerCase());
  if (!model || !isModelAllowed(gw.config, key, model)) throw new GatewayError('model_not_found', `The model '${name.slice(0, 200)}' does not exist`, { param: 'model' });
  sendJson(ex, 200, modelView(model));
}

function pageSize(raw: string | null): number {
  const n = raw !== null && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  return n > 0 ? Math.min(n, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** A model as Gemini's `models.list` / `models.get` show it (`name` is `models/` + the public id). */
function modelView(m: ModelEntry): Record<string, unknown> {
  const methods = m.type === 'embedding' ? ['embedContent'] : ['generateContent', 'streamGenerateContent', 'countTokens'];
  return {
    name: `models/${m.id}`,
    baseModelId: m.id,
    version: '1',
    displayName: m.id,
    description: `${m.id}${m.aliases.length > 0 ? ` (also: ${m.aliases.join(', ')})` : ''}, served by chuizi-gateway`,
    ...(m.contextWindow !== undefined ? { inputTokenLimit: m.contextWindow } : {}),
    outputTokenLimit: m.maxOutputTokens,
    supportedGenerationMethods: methods,
  };
}

function autoView(id: string): Record<string, unknown> {
  return { name: `models/${id}`, baseModelId: id, version: '1', displayName: id, description: `${id}: the gateway picks a model for each request`, supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] };
}
