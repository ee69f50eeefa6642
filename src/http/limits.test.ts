import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';

// Rate limits and per-key policy over a real socket, with an injected clock (no test sleeps).
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const echo = (content = 'hi') => ({ model: 'mock/echo', max_tokens: 10, messages: [{ role: 'user', content }] });

describe('rate limits and per-key policy', () => {
  let gw: TestGateway;
  let now = T0;
  const call = (key: string, body: object = echo(), headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const admin = (method: string, path: string, body?: object) =>
    fetch(`${gw.url}/admin/v1${path}`, { method, headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const balanceOf = async (accountId: string) => (await gw.store.accounts.get(accountId))!.balance;

  before(async () => {
    gw = await startTestGateway(
      {
        server: { trusted_proxies: ['127.0.0.1'] },
        limits: { key_rpm: 60, account_rpm_multiplier: 2, model_rpm: 1000 },
        models: [{ id: 'mock/other', price: { input: 1, output: 2 }, routes: [{ provider: 'mock', model: 'echo' }] }],
      },
      { now: () => now },
    );
  });
  after(() => gw.close());

  it('allows 60 calls in a sliding minute; the 61st gets 429 with the exact Retry-After, and waiting that long succeeds', async () => {
    now = T0;
    const { key, accountId } = await gw.newAccount(100_000_000);
    for (let i = 0; i < 60; i++) {
      now = T0 + i * 500; // the 60th at T0 + 29.5 s
      const res = await call(key);
      assert.equal(res.status, 200, `call ${i + 1}`);
      assert.equal(res.headers.get('x-ratelimit-limit'), '60');
      assert.equal(res.headers.get('x-ratelimit-remaining'), String(59 - i));
      await res.arrayBuffer();
    }
    now = T0 + 30_000;
    const balance = await balanceOf(accountId);
    const refused = await call(key);
    assert.equal(refused.status, 429);
    const body = await refused.json();
    assert.equal(body.error.type, 'rate_limit_error');
    assert.equal(body.error.code, '429');
    assert.equal(body.error.message, 'Rate limit exceeded. Retry after 30 seconds.');
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(await balanceOf(accountId), balance, 'a refused call is not billed');
    // a retry storm is not counted: it does not push the window out
    for (let i = 0; i < 20; i++) {
      now = T0 + 30_000 + i * 1000;
      assert.equal((await call(key)).status, 429);
    }
    now = T0 + 59_999;
    assert.equal((await call(key)).status, 429);
    now = T0 + 60_000; // the first call leaves the window (T − 60 s, T]
    const retried = await call(key);
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('x-ratelimit-remaining'), '0');
  });

  it('limits the account across its keys at 2 × the key limit', async () => {
    now = T0 + 10 * 60_000;
    const a = await gw.newAccount(100_000_000, { rpmLimit: 5 });
    const created = await (await admin('POST', '/keys', { account_id: a.accountId, name: 'second', rpm_limit: 5 })).json();
    const third = await (await admin('POST', '/keys', { account_id: a.accountId, name: 'third', rpm_limit: 5 })).json();
    for (let i = 0; i < 5; i++) assert.equal((await call(a.key)).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await call(created.data.key)).status, 200);
    const res = await call(third.data.key); // its own key window is empty, the account's (10) is full
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-ratelimit-limit'), '10');
    assert.equal((await call(a.key)).status, 429);
  });

  it('limits each account per model, configurable per account through the admin API', async () => {
    now = T0 + 20 * 60_000;
    const a = await gw.newAccount(100_000_000, { rpmLimit: 100 });
    const patched = await admin('PATCH', `/accounts/${a.accountId}`, { model_rpm_limit: 3 });
    assert.equal(patched.status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await call(a.key)).status, 200);
    const res = await call(a.key);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-ratelimit-limit'), '3');
    assert.equal((await call(a.key, { ...echo(), model: 'mock/other' })).status, 200, 'another model has its own window');
  });

  it('applies a key rpm change on the next request', async () => {
    now = T0 + 30 * 60_000;
    const a = await gw.newAccount(100_000_000);
    assert.equal((await call(a.key)).status, 200);
    assert.equal((await admin('PATCH', `/keys/${a.keyId}`, { rpm_limit: 1 })).status, 200);
    const res = await call(a.key);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-ratelimit-limit'), '1');
    assert.equal((await admin('PATCH', `/keys/${a.keyId}`, { rpm_limit: 50 })).status, 200);
    assert.equal((await call(a.key)).status, 200);
  });

  it('allowed_models: other models get 403 and /v1/models lists only the allowed ones', async () => {
    now = T0 + 40 * 60_000;
    const a = await gw.newAccount(100_000_000, { allowedModels: ['echo'] }); // an alias of mock/echo
    assert.equal((await call(a.key)).status, 200);
    const res = await call(a.key, { ...echo(), model: 'mock/other' });
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.error.type, 'permission_error');
    assert.equal(body.error.reason, 'model_not_allowed');
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: a.key, maxRetries: 0 });
    const list = await client.models.list();
    // The smart models are always published (operator.md §3): they pick among the key's allowed models.
    assert.deepEqual(list.data.map((m) => m.id), ['mock/echo', 'auto/balanced', 'auto/fast', 'auto/cheap', 'auto/quality', 'auto/code', 'auto/vision']);
  });

  it('ip_whitelist: addresses and CIDR ranges; X-Forwarded-For only through trusted proxies', async () => {
    now = T0 + 50 * 60_000;
    const denied = await gw.newAccount(100_000_000, { ipWhitelist: ['10.0.0.0/8', '2001:db8::/32'] });
    const res = await call(denied.key);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error.reason, 'ip_not_allowed');
    const allowed = await gw.newAccount(100_000_000, { ipWhitelist: ['127.0.0.0/8'] });
    assert.equal((await call(allowed.key)).status, 200);
    // the socket (127.0.0.1) is a trusted proxy: the client is the first untrusted X-Forwarded-For hop
    assert.equal((await call(denied.key, echo(), { 'x-forwarded-for': '10.1.2.3' })).status, 200);
    assert.equal((await call(denied.key, echo(), { 'x-forwarded-for': '10.1.2.3, 203.0.113.9' })).status, 403);
    assert.equal((await call(allowed.key, echo(), { 'x-forwarded-for': '203.0.113.9' })).status, 403);
  });

  it('daily_limit counts settled spend plus active holds per UTC day → 403 daily_limit_exceeded', async () => {
    now = T0 + 60 * 60_000;
    const a = await gw.newAccount(100_000_000, { dailyLimit: 5000 }); // $0.00005: one small call's hold (~4830) fits; its charge plus another hold do not
    assert.equal((await call(a.key)).status, 200);
    const res = await call(a.key);
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.error.type, 'permission_error');
    assert.equal(body.error.reason, 'daily_limit_exceeded');
    now = Date.UTC(2026, 10, 26, 0, 0, 1); // a new UTC day
    assert.equal((await call(a.key)).status, 200);
  });

  it('is_active=false, deletion and a past expires_at give 401 on the very next request', async () => {
    now = T0 + 70 * 60_000;
    const a = await gw.newAccount(100_000_000);
    assert.equal((await call(a.key)).status, 200);
    assert.equal((await admin('PATCH', `/keys/${a.keyId}`, { is_active: false })).status, 200);
    assert.equal((await call(a.key)).status, 401);
    assert.equal((await admin('PATCH', `/keys/${a.keyId}`, { is_active: true })).status, 200);
    assert.equal((await call(a.key)).status, 200);
    assert.equal((await admin('DELETE', `/keys/${a.keyId}`)).status, 200);
    const res = await call(a.key);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.message, 'Invalid API key');

    const b = await gw.newAccount(100_000_000, { expiresAt: new Date(now + 60_000).toISOString() });
    assert.equal((await call(b.key)).status, 200);
    now += 60_000;
    assert.equal((await call(b.key)).status, 401);
  });

  it('counts count_tokens, model lists, key info and generation lookups in the key window (weight 1); refused ones nowhere', async () => {
    now = T0 + 80 * 60_000;
    const a = await gw.newAccount(100_000_000, { rpmLimit: 5 });
    const get = (path: string) => fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${a.key}` } });
    const countTokens = () => fetch(`${gw.url}/anthropic/v1/messages/count_tokens`, { method: 'POST', headers: { 'x-api-key': a.key, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] }) });
    const first = await countTokens();
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit'), '5');
    assert.equal(first.headers.get('x-ratelimit-remaining'), '4');
    assert.equal((await get('/v1/models')).status, 200);
    assert.equal((await get('/anthropic/v1/models')).status, 200);
    assert.equal((await get('/v1/key/info')).status, 200);
    assert.equal((await get('/v1/generation?id=gen-unknown')).status, 404); // a 404 after the limit still counts: it was served
    const refused = await countTokens();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '60');
    assert.equal((await refused.json()).error.type, 'rate_limit_error');
    assert.equal((await call(a.key)).status, 429, 'model calls share the key window');
    now += 60_000; // the five counted requests leave the window; the refused ones were never in it
    for (let i = 0; i < 5; i++) assert.equal((await countTokens()).status, 200, `request ${i + 1} of the new minute`);
    assert.equal((await countTokens()).status, 429);
  });

  it('keeps the ledger sound', async () => {
    assert.deepEqual(await gw.store.ledger.check(now), []);
  });
});

describe('max concurrent calls per key', () => {
  it('refuses a call beyond the key’s max_concurrent with 429, counts it nowhere, and frees the slot at settlement', async () => {
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    const handler = openaiUpstreamHandler({ prompt_tokens: 5, completion_tokens: 5 });
    const upstream = await new MockUpstreamServer(async (req, res) => {
      await gate;
      return handler(req, res);
    }).start();
    const gw = await startTestGateway({
      limits: { key_rpm: 3, model_rpm: 1000 },
      providers: [{ id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1` }],
      models: [{ id: 'slow/model', price: { input: 1, output: 1 }, routes: [{ provider: 'up', model: 'm' }] }],
    });
    try {
      const a = await gw.newAccount(100_000_000, { maxConcurrent: 2 });
      const body = { model: 'slow/model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
      const call = () => fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const first = call();
      const second = call();
      while (upstream.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
      const third = await call();
      assert.equal(third.status, 429);
      assert.equal(third.headers.get('retry-after'), '1');
      assert.equal((await third.json()).error.type, 'rate_limit_error');
      release();
      assert.equal((await first).status, 200);
      assert.equal((await second).status, 200);
      gate = new Promise<void>((r) => (release = r));
      release();
      // the refused call took no slot of the 3-per-minute window: a third call still fits
      const fourth = await call();
      assert.equal(fourth.status, 200, 'the slots came back at settlement and the refusal was not counted');
      // every authenticated request counts in the key's window: key/info is the 4th of 3
      const info = await fetch(`${gw.url}/v1/key/info`, { headers: { authorization: `Bearer ${a.key}` } });
      assert.equal(info.status, 429);
      assert.equal((await gw.store.keys.get(a.keyId))?.maxConcurrent, 2);
      assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
    } finally {
      release();
      await gw.close();
      await upstream.close();
    }
  });
});
