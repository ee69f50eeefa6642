import { GatewayError } from '../core/gateway-error.js';
import { formatMoney } from '../core/money.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { Exchange } from './exchange.js';
import type { Handler, Router } from './router.js';
import { sendJson } from './send-response.js';
import { bearerTokenCheck } from './bearer-token-check.js';
import { buildAdminOpenapi } from '../admin/build-admin-openapi.js';
import { packageVersion } from '../project-root.js';
import { parseJsonBody, readBody } from './read-body.js';
import { accountView, auditView, generationView, keyView, modelView, transactionView, usageView } from '../admin/account-views.js';
import { accountCreateSchema, accountPatchSchema, creditsSchema, keyCreateSchema, keyPatchSchema, validateFields } from '../admin/key-fields.js';
import * as actions from '../admin/admin-actions.js';
import { initialHealth, retryAt, stateOf, type BreakerState } from '../routing/breaker.js';
import { targetKey } from '../routing/health-book.js';
import { optionalParam, parsePageQuery, parseUsageQuery } from '../admin/admin-queries.js';

const BASE = '/admin/v1';
/** Admin bodies are small; a generous cap well below the chat limit. */
const MAX_ADMIN_BODY = 256 * 1024;

/** The admin API (operator.md §4): accounts, credits, keys, generations, usage, providers; its OpenAPI document (public: it holds no data). */
export function registerAdminRoutes(router: Router, gw: Gateway, adminTokenSha256: string): void {
  const isAdmin = bearerTokenCheck(adminTokenSha256);
  const store = gw.store;
  const ctx: actions.AdminContext = { store, actor: 'admin-api', log: gw.log, config: gw.config };
  let openapi: Record<string, unknown> | undefined; // built on first request
  router.add('GET', `${BASE}/openapi.json`, (ex) => {
    openapi ??= buildAdminOpenapi(packageVersion());
    sendJson(ex, 200, openapi);
  });
  const add = (method: string, path: string, handler: Handler): void => {
    router.add(method, `${BASE}${path}`, (ex) => {
      if (!isAdmin(ex.req.headers.authorization)) throw new GatewayError('invalid_api_key', 'Invalid admin token');
      return handler(ex);
    });
  };

  add('GET', '/accounts', async (ex) => {
    const q = ex.url.searchParams;
    const result = await withCursor(() => store.accounts.list({ search: optionalParam(q, 'search'), ...parsePageQuery(q) }));
    sendJson(ex, 200, { data: result.data.map(accountView), next_cursor: result.nextCursor });
  });
  add('POST', '/accounts', async (ex) => {
    const account = await actions.createAccount(ctx, validateFields(accountCreateSchema, await jsonBody(ex)));
    sendJson(ex, 201, { data: accountView(account) });
  });
  add('GET', '/accounts/:id', async (ex) => {
    sendJson(ex, 200, { data: accountView(await actions.getAccount(store, ex.params.id)) });
  });
  add('PATCH', '/accounts/:id', async (ex) => {
    const input = validateFields(accountPatchSchema, await jsonBody(ex));
    sendJson(ex, 200, { data: accountView(await actions.updateAccount(ctx, ex.params.id, input)) });
  });
  add('POST', '/accounts/:id/credits', async (ex) => {
    const balance = await actions.addCredits(ctx, ex.params.id, validateFields(creditsSchema, await jsonBody(ex)));
    sendJson(ex, 200, { data: { account_id: ex.params.id, balance: formatMoney(balance) } });
  });
  add('GET', '/accounts/:id/transactions', async (ex) => {
    const page = parsePageQuery(ex.url.searchParams);
    await actions.getAccount(store, ex.params.id);
    const result = await withCursor(() => store.ledger.transactions(ex.params.id, page));
    sendJson(ex, 200, { data: result.data.map(transactionView), next_cursor: result.nextCursor });
  });

  add('POST', '/keys', async (ex) => {
    const { record, key } = await actions.createKey(ctx, validateFields(keyCreateSchema, await jsonBody(ex)));
    sendJson(ex, 201, { data: { ...keyView(record, gw.now()), key } });
  });
  add('GET', '/keys', async (ex) => {
    const q = ex.url.searchParams;
    const accountId = optionalParam(q, 'account_id');
    if (accountId !== undefined) {
      sendJson(ex, 200, { data: (await actions.listKeys(store, accountId)).map((k) => keyView(k, gw.now())) });
      return;
    }
    const result = await withCursor(() => store.keys.listAll(parsePageQuery(q)));
    sendJson(ex, 200, { data: result.data.map((k) => keyView(k, gw.now())), next_cursor: result.nextCursor });
  });
  add('GET', '/keys/:id', async (ex) => {
    const record = await store.keys.get(ex.params.id);
    if (!record) throw actions.keyNotFound(ex.params.id);
    sendJson(ex, 200, { data: keyView(record, gw.now()) });
  });
  add('PATCH', '/keys/:id', async (ex) => {
    const input = validateFields(keyPatchSchema, await jsonBody(ex));
    sendJson(ex, 200, { data: keyView(await actions.updateKey(ctx, ex.params.id, input), gw.now()) });
  });
  add('DELETE', '/keys/:id', async (ex) => {
    await actions.revokeKey(ctx, ex.params.id);
    sendJson(ex, 200, { data: { id: ex.params.id, deleted: true } });
  });

  add('GET', '/generations', async (ex) => {
    const q = ex.url.searchParams;
    const page = parsePageQuery(q);
    const filter = { accountId: optionalParam(q, 'account_id'), keyId: optionalParam(q, 'key_id'), model: optionalParam(q, 'model'), ...page };
    const result = await withCursor(() => store.generations.list(filter));
    sendJson(ex, 200, { data: result.data.map((g) => generationView(g, true)), next_cursor: result.nextCursor });
  });
  add('GET', '/usage', async (ex) => {
    const rows = await store.generations.usage(parseUsageQuery(ex.url.searchParams));
    sendJson(ex, 200, { data: rows.map(usageView) });
  });
  add('GET', '/providers', (ex) => sendJson(ex, 200, { data: providerViews(gw) }));
  add('GET', '/models', (ex) => sendJson(ex, 200, { data: gw.config.models.map((m) => ({ ...modelView(m, 0), routes: m.routes.map((r) => ({ provider: r.providerId, model: r.model })) })) }));
  add('GET', '/audit', async (ex) => {
    const q = ex.url.searchParams;
    const result = await withCursor(() => store.audit.list({ target: optionalParam(q, 'target'), ...parsePageQuery(q) }));
    sendJson(ex, 200, { data: result.data.map(auditView), next_cursor: result.nextCursor });
  });
  add('GET', '/ledger/check', async (ex) => {
    const problems = await store.ledger.check(gw.now());
    sendJson(ex, 200, { data: { ok: problems.length === 0, problems } });
  });
}

async function jsonBody(ex: Exchange): Promise<Record<string, unknown>> {
  return parseJsonBody(ex.req, await readBody(ex.req, MAX_ADMIN_BODY));
}

/** A store rejects a cursor it did not produce with a RangeError: that is the client's 400. */
async function withCursor<T>(list: () => Promise<T>): Promise<T> {
  try {
    return await list();
  } catch (err) {
    if (err instanceof RangeError) throw new GatewayError('validation_error', "Invalid value for 'cursor': not a cursor returned by this API", { param: 'cursor' });
    throw err;
  }
}

/**
 * Each configured provider with the public models routed to it and each of its route targets
 * (provider + upstream model) with its circuit-breaker state, the last error's reason and time
 * (never an upstream body) and the measured latency; never its credentials. A provider's
 * `state` is its worst target's.
 */
function providerViews(gw: Gateway): Array<Record<string, unknown>> {
  const health = gw.health.snapshot();
  const now = gw.now();
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return [...gw.config.providers.values()].map((p) => {
    const upstreamModels = [...new Set(gw.config.models.flatMap((m) => m.routes.filter((r) => r.providerId === p.id).map((r) => r.model)))];
    const targets = upstreamModels.map((model) => {
      const h = health.get(targetKey(p.id, model)) ?? initialHealth();
      return {
        model,
        state: stateOf(h, now),
        consecutive_failures: h.consecutiveFailures,
        last_error: h.lastError ? { reason: h.lastError.reason, at: iso(h.lastError.at) } : null,
        retry_at: iso(retryAt(h, now)),
        throttled_until: h.throttledUntil !== undefined && h.throttledUntil > now ? iso(h.throttledUntil) : null,
        latency_ms: h.latencyMs ?? null,
        successes: h.successes,
        failures: h.failuresTotal,
      };
    });
    return {
      id: p.id,
      protocol: p.protocol,
      base_url: p.baseUrl,
      models: gw.config.models.filter((m) => m.routes.some((r) => r.providerId === p.id)).map((m) => m.id),
      state: worst(targets.map((t) => t.state)),
      targets,
    };
  });
}

const SEVERITY: BreakerState[] = ['healthy', 'degraded', 'throttled', 'half_open', 'down'];
function worst(states: BreakerState[]): BreakerState {
  return states.reduce<BreakerState>((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), 'healthy');
}
