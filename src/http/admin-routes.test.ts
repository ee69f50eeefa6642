import { createCallObserver } from '../pipeline/call-observer.js';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { hashApiKey } from '../core/api-key.js';
import type { Gateway } from '../pipeline/gateway.js';
import { holdAndSettle } from '../store/contract/seed-fixtures.js';
import { openStore } from '../store/open-store.js';
import { UpstreamPool } from '../upstream/upstream-pool.js';
import { createGatewayServer } from './create-server.js';
import { MemoryHealthBook } from '../routing/health-book.js';
import { MemoryCounters } from '../store/memory/memory-counters.js';

const TOKEN = 'admin-test-token-0123456789';
let server: Server;
let gw: Gateway;
let base: string;

type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/admin/v1${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

function assertError(r: { status: number; json: Json }, status: number, type: string, param?: string): void {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error.type, type);
  assert.equal(r.json.error.code, String(status));
  if (param !== undefined) {
    assert.equal(r.json.error.param, param);
    assert.match(r.json.error.message, new RegExp(param.replace(/[[\]]/g, '\\$&')));
  }
}

async function newAccount(body: Json = { name: 'acme' }): Promise<string> {
  const r = await call('POST', '/accounts', body);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.data.id as string;
}

before(async () => {
  gw = { config: loadConfig({ raw: {}, env: {} }), store: await openStore('sqlite::memory:'), pool: new UpstreamPool(5000), log: pino({ level: 'silent' }), now: () => Date.now(), instanceId: 'test-instance', inflight: new Set<string>(), unsettled: new Map(), counters: new MemoryCounters(), health: new MemoryHealthBook({ failures: 5, cooldownMs: 30_000 }, 5000), calls: { active: 0 }, observer: createCallObserver([]) };
  server = createGatewayServer(gw, { adminTokenSha256: hashApiKey(TOKEN) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await gw.store.close();
  await gw.pool.close();
});

describe('admin API authentication', () => {
  it('refuses a missing token, a wrong token and a model key with 401', async () => {
    const { json: created } = await call('POST', '/keys', { account_id: await newAccount(), name: 'k' });
    for (const token of [null, 'wrong', `${TOKEN}x`, created.data.key as string]) {
      const r = await call('GET', '/providers', undefined, token);
      assertError(r, 401, 'authentication_error');
      assert.equal(r.json.error.message, 'Invalid admin token');
    }
    const raw = await fetch(`${base}/admin/v1/providers`, { headers: { authorization: TOKEN } });
    assert.equal(raw.status, 401);
  });

  it('checks the token before reading the body', async () => {
    assertError(await call('POST', '/accounts', '{not json', 'wrong'), 401, 'authentication_error');
  });
});

describe('admin API accounts', () => {
  it('creates an account with an initial balance as a top-up', async () => {
    const r = await call('POST', '/accounts', { name: ' acme ', balance: '12.5', rpm_limit: 100 });
    assert.equal(r.status, 201);
    assert.match(r.json.data.id, /^acct_/);
    assert.equal(r.json.data.name, 'acme');
    assert.equal(r.json.data.balance, '12.50000000');
    const got = await call('GET', `/accounts/${r.json.data.id}`);
    for (const field of ['balance', 'created_at', 'held', 'id', 'name', 'rpm_limit']) assert.ok(field in got.json.data, field);
    assert.equal(got.json.data.held, '0.00000000');
    assert.equal(got.json.data.rpm_limit, 100);
    const tx = await call('GET', `/accounts/${r.json.data.id}/transactions`);
    assert.equal(tx.json.data.length, 1);
    assert.equal(tx.json.data[0].type, 'topup');
    assert.equal(tx.json.data[0].amount, '12.50000000');
  });

  it('validates the body, naming the field', async () => {
    assertError(await call('POST', '/accounts', {}), 400, 'invalid_request_error', 'name');
    assertError(await call('POST', '/accounts', { name: '' }), 400, 'invalid_request_error', 'name');
    assertError(await call('POST', '/accounts', { name: 'a', balance: '1.123456789' }), 400, 'invalid_request_error', 'balance');
    assertError(await call('POST', '/accounts', { name: 'a', balance: 'ten' }), 400, 'invalid_request_error', 'balance');
    assertError(await call('POST', '/accounts', { name: 'a', balance: -1 }), 400, 'invalid_request_error', 'balance');
    assertError(await call('POST', '/accounts', { name: 'a', rpm_limit: 1.5 }), 400, 'invalid_request_error', 'rpm_limit');
    assertError(await call('POST', '/accounts', { name: 'a', extra: 1 }), 400, 'invalid_request_error', 'extra');
    assertError(await call('POST', '/accounts', '[1]'), 400, 'invalid_request_error');
    assertError(await call('POST', '/accounts', '{bad'), 400, 'invalid_request_error');
  });

  it('404s an unknown account on every account route', async () => {
    assertError(await call('GET', '/accounts/acct_nope'), 404, 'not_found');
    assertError(await call('PATCH', '/accounts/acct_nope', { name: 'x' }), 404, 'not_found');
    assertError(await call('POST', '/accounts/acct_nope/credits', { amount: '1' }), 404, 'not_found');
    assertError(await call('GET', '/accounts/acct_nope/transactions'), 404, 'not_found');
  });

  it('patches name and rpm_limit (null clears it)', async () => {
    const id = await newAccount({ name: 'old', rpm_limit: 5 });
    const r = await call('PATCH', `/accounts/${id}`, { name: 'new' });
    assert.equal(r.json.data.name, 'new');
    assert.equal(r.json.data.rpm_limit, 5);
    assert.equal((await call('PATCH', `/accounts/${id}`, { rpm_limit: null })).json.data.rpm_limit, null);
    assertError(await call('PATCH', `/accounts/${id}`, { balance: '5' }), 400, 'invalid_request_error', 'balance');
  });

  it('accepts an optional per-model rpm limit', async () => {
    const id = await newAccount({ name: 'm', model_rpm_limit: 7 });
    assert.equal((await gw.store.accounts.get(id))?.modelRpmLimit, 7);
    await call('PATCH', `/accounts/${id}`, { model_rpm_limit: null });
    assert.equal((await gw.store.accounts.get(id))?.modelRpmLimit, null);
    assertError(await call('PATCH', `/accounts/${id}`, { model_rpm_limit: -1 }), 400, 'invalid_request_error', 'model_rpm_limit');
  });

  it('adds credits: positive top-ups, negative adjustments, zero refused', async () => {
    const id = await newAccount();
    assert.deepEqual((await call('POST', `/accounts/${id}/credits`, { amount: '10.00', note: 'invoice 1' })).json.data, { account_id: id, balance: '10.00000000' });
    assert.equal((await call('POST', `/accounts/${id}/credits`, { amount: -2.5 })).json.data.balance, '7.50000000');
    assertError(await call('POST', `/accounts/${id}/credits`, { amount: '0' }), 400, 'invalid_request_error', 'amount');
    assertError(await call('POST', `/accounts/${id}/credits`, {}), 400, 'invalid_request_error', 'amount');
    assertError(await call('POST', `/accounts/${id}/credits`, { amount: '0.000000001' }), 400, 'invalid_request_error', 'amount');
    const tx = await call('GET', `/accounts/${id}/transactions`);
    assert.deepEqual(tx.json.data.map((t: Json) => [t.type, t.amount, t.note]), [['adjustment', '-2.50000000', null], ['topup', '10.00000000', 'invoice 1']]);
    assert.equal(tx.json.next_cursor, null);
  });

  it('paginates transactions newest first with cursors', async () => {
    const id = await newAccount();
    for (let i = 1; i <= 5; i++) await call('POST', `/accounts/${id}/credits`, { amount: i });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { json: Json } = await call('GET', `/accounts/${id}/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(r.json.data.length <= 2);
      seen.push(...r.json.data.map((t: Json) => t.amount as string));
      cursor = r.json.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, ['5.00000000', '4.00000000', '3.00000000', '2.00000000', '1.00000000']);
    for (const bad of ['0', '501', 'x', '-1', '2.5']) assertError(await call('GET', `/accounts/${id}/transactions?limit=${bad}`), 400, 'invalid_request_error', 'limit');
    assertError(await call('GET', `/accounts/${id}/transactions?cursor=zz`), 400, 'invalid_request_error', 'cursor');
    assertError(await call('GET', `/accounts/${id}/transactions?cursor=a%20b`), 400, 'invalid_request_error', 'cursor');
  });
});

describe('admin API keys', () => {
  it('returns the key once, stores only its hash, and never lists it', async () => {
    const accountId = await newAccount();
    const body = { account_id: accountId, name: 'prod', rpm_limit: 30, allowed_models: ['mock/echo'], ip_whitelist: [' 10.0.0.0/8 ', '::1'], daily_limit: '2.5', expires_at: '2030-01-31T00:00:00+01:00' };
    const r = await call('POST', '/keys', body);
    assert.equal(r.status, 201);
    const key = r.json.data.key as string;
    assert.match(key, /^ck-[A-Za-z0-9]{32}$/);
    assert.equal(r.json.data.key_prefix, key.slice(0, 7));
    assert.equal(r.json.data.daily_limit, '2.50000000');
    assert.deepEqual(r.json.data.ip_whitelist, ['10.0.0.0/8', '::1']);
    assert.equal(r.json.data.expires_at, '2030-01-30T23:00:00.000Z');
    assert.equal((await gw.store.keys.findByHash(hashApiKey(key)))?.id, r.json.data.id);

    const list = await call('GET', `/keys?account_id=${accountId}`);
    assert.equal(list.json.data.length, 1);
    const text = JSON.stringify(list.json);
    assert.ok(!text.includes(key) && !text.includes(hashApiKey(key)));
    assert.equal(list.json.data[0].key, undefined);
    const one = await call('GET', `/keys/${r.json.data.id}`);
    assert.equal(one.json.data.key, undefined);
  });

  it('validates key fields, naming them', async () => {
    const account_id = await newAccount();
    const cases: Array<[Json, string]> = [
      [{ name: 'k' }, 'account_id'],
      [{ account_id }, 'name'],
      [{ account_id, name: 'k', rpm_limit: 0 }, 'rpm_limit'],
      [{ account_id, name: 'k', rpm_limit: '5' }, 'rpm_limit'],
      [{ account_id, name: 'k', allowed_models: 'mock/echo' }, 'allowed_models'],
      [{ account_id, name: 'k', allowed_models: ['ok', ''] }, 'allowed_models[1]'],
      [{ account_id, name: 'k', ip_whitelist: ['10.0.0.0/33'] }, 'ip_whitelist[0]'],
      [{ account_id, name: 'k', ip_whitelist: ['1.2.3'] }, 'ip_whitelist[0]'],
      [{ account_id, name: 'k', daily_limit: '1.000000001' }, 'daily_limit'],
      [{ account_id, name: 'k', expires_at: 'tomorrow' }, 'expires_at'],
      [{ account_id, name: 'k', expires_at: 'March 7, 2030' }, 'expires_at'],
      [{ account_id, name: 'k', expires_at: '2030-02-30' }, 'expires_at'],
      [{ account_id, name: 'k', expires_at: '2030-01-31T10:00:00' }, 'expires_at'],
      [{ account_id, name: 'k', key: 'ck-mine' }, 'key'],
    ];
    for (const [body, param] of cases) assertError(await call('POST', '/keys', body), 400, 'invalid_request_error', param);
    assertError(await call('POST', '/keys', { account_id: 'acct_nope', name: 'k' }), 404, 'not_found');
  });

  it('lists every key without account_id (paginated), an account\'s with it; 404s an unknown account', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const ka = (await call('POST', '/keys', { account_id: a, name: 'ka' })).json.data.id;
    const kb = (await call('POST', '/keys', { account_id: b, name: 'kb' })).json.data.id;
    const all = await call('GET', '/keys?limit=2');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.data.map((k: any) => k.id), [kb, ka]);
    assert.ok(all.json.next_cursor, 'more keys follow');
    for (const k of all.json.data) assert.equal(k.key, undefined, 'never the secret');
    assert.equal(all.json.data[0].state, 'active');
    assert.equal((await call('PATCH', `/keys/${kb}`, { is_active: false })).json.data.state, 'disabled');
    assert.equal((await call('PATCH', `/keys/${kb}`, { is_active: true, expires_at: '2001-01-01' })).json.data.state, 'expired');
    assert.deepEqual((await call('GET', `/keys?account_id=${a}`)).json.data.map((k: any) => k.id), [ka]);
    assertError(await call('GET', '/keys?account_id=acct_nope'), 404, 'not_found');
  });

  it('patches any field and is_active; 404s unknown keys', async () => {
    const account_id = await newAccount();
    const { json } = await call('POST', '/keys', { account_id, name: 'k', rpm_limit: 5 });
    const id = json.data.id as string;
    const r = await call('PATCH', `/keys/${id}`, { is_active: false, name: 'renamed', allowed_models: [], daily_limit: null, expires_at: '2031-05-01' });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.is_active, false);
    assert.equal(r.json.data.name, 'renamed');
    assert.equal(r.json.data.rpm_limit, 5);
    assert.equal(r.json.data.expires_at, '2031-05-01T00:00:00.000Z');
    assert.equal(r.json.data.key, undefined);
    assertError(await call('PATCH', `/keys/${id}`, { is_active: 'no' }), 400, 'invalid_request_error', 'is_active');
    assertError(await call('PATCH', `/keys/${id}`, { account_id }), 400, 'invalid_request_error', 'account_id');
    assertError(await call('PATCH', '/keys/key_nope', { name: 'x' }), 404, 'not_found');
  });

  it('revokes a key so it no longer authenticates', async () => {
    const account_id = await newAccount();
    const { json } = await call('POST', '/keys', { account_id, name: 'k' });
    assert.deepEqual((await call('DELETE', `/keys/${json.data.id}`)).json, { data: { id: json.data.id, deleted: true } });
    assert.equal(await gw.store.keys.findByHash(hashApiKey(json.data.key)), null);
    assertError(await call('DELETE', `/keys/${json.data.id}`), 404, 'not_found');
    assert.equal((await call('GET', `/keys?account_id=${account_id}`)).json.data.length, 0);
  });
});

describe('admin API generations and usage', () => {
  let accountId: string;
  let keyId: string;
  before(async () => {
    accountId = await newAccount({ name: 'usage', balance: '100' });
    keyId = (await call('POST', '/keys', { account_id: accountId, name: 'k' })).json.data.id;
    const rows: Array<[string, string, number]> = [
      ['mock/echo', '2025-01-01T10:00:00.000Z', 1000],
      ['mock/echo', '2025-01-02T10:00:00.000Z', 2000],
      ['other/model', '2025-01-02T11:00:00.000Z', 3000],
    ];
    for (const [model, createdAt, charge] of rows) await holdAndSettle(gw.store, accountId, keyId, 10_000, charge, { model, createdAt });
  });

  it('lists generations newest first with admin fields and cursors', async () => {
    const first = await call('GET', `/generations?account_id=${accountId}&limit=2`);
    assert.equal(first.status, 200);
    assert.deepEqual(first.json.data.map((g: Json) => g.created_at), ['2025-01-02T11:00:00.000Z', '2025-01-02T10:00:00.000Z']);
    assert.equal(first.json.data[0].account_id, accountId);
    assert.equal(first.json.data[0].key_id, keyId);
    assert.equal(first.json.data[0].cost, '0.00003000');
    const second = await call('GET', `/generations?account_id=${accountId}&limit=2&cursor=${first.json.next_cursor}`);
    assert.equal(second.json.data.length, 1);
    assert.equal(second.json.next_cursor, null);
    const byModel = await call('GET', `/generations?key_id=${keyId}&model=other/model`);
    assert.equal(byModel.json.data.length, 1);
    assertError(await call('GET', '/generations?limit=0'), 400, 'invalid_request_error', 'limit');
  });

  it('filters generations by status and by a UTC date range (a bare `to` date includes that day)', async () => {
    const day2 = await call('GET', `/generations?account_id=${accountId}&from=2025-01-02&to=2025-01-02`);
    assert.deepEqual(day2.json.data.map((g: Json) => g.created_at), ['2025-01-02T11:00:00.000Z', '2025-01-02T10:00:00.000Z']);
    const completed = await call('GET', `/generations?account_id=${accountId}&status=completed&to=2025-01-01`);
    assert.deepEqual(completed.json.data.map((g: Json) => g.created_at), ['2025-01-01T10:00:00.000Z']);
    assert.deepEqual((await call('GET', `/generations?account_id=${accountId}&status=failed`)).json.data, []);
    assertError(await call('GET', '/generations?status=pending'), 400, 'invalid_request_error', 'status');
    assertError(await call('GET', '/generations?from=soon'), 400, 'invalid_request_error', 'from');
  });

  it('aggregates usage by key, and for one key', async () => {
    const byKey = await call('GET', `/usage?account_id=${accountId}&group_by=key`);
    assert.deepEqual(byKey.json.data, [{ key_id: keyId, requests: 3, input_tokens: 300, output_tokens: 150, cost: '0.00006000' }]);
    const oneKey = await call('GET', `/usage?key_id=${keyId}&group_by=day,key&from=2025-01-02`);
    assert.deepEqual(oneKey.json.data.map((r: Json) => [r.day, r.key_id, r.cost]), [['2025-01-02', keyId, '0.00005000']]);
    assert.deepEqual((await call('GET', '/usage?key_id=key_none')).json.data, [{ requests: 0, input_tokens: 0, output_tokens: 0, cost: '0.00000000' }]);
  });

  it('aggregates usage by day and model within from/to', async () => {
    const all = await call('GET', `/usage?account_id=${accountId}`);
    assert.deepEqual(all.json.data, [{ requests: 3, input_tokens: 300, output_tokens: 150, cost: '0.00006000' }]);
    const byDay = await call('GET', `/usage?account_id=${accountId}&group_by=day`);
    assert.deepEqual(byDay.json.data.map((r: Json) => [r.day, r.requests, r.cost]), [['2025-01-01', 1, '0.00001000'], ['2025-01-02', 2, '0.00005000']]);
    const both = await call('GET', `/usage?account_id=${accountId}&group_by=day,model&from=2025-01-02&to=2025-01-02`);
    assert.deepEqual(both.json.data.map((r: Json) => [r.day, r.model, r.requests]), [['2025-01-02', 'mock/echo', 1], ['2025-01-02', 'other/model', 1]]);
    const exclusive = await call('GET', `/usage?account_id=${accountId}&to=2025-01-02T10:00:00Z`);
    assert.equal(exclusive.json.data[0].requests, 1);
    const byKey = await call('GET', `/usage?key_id=${keyId}&group_by=key,account,model`);
    assert.deepEqual(byKey.json.data.map((r: Json) => [r.model, r.key_id, r.account_id, r.requests, r.cost]), [
      ['mock/echo', keyId, accountId, 2, '0.00003000'],
      ['other/model', keyId, accountId, 1, '0.00003000'],
    ]);
    assert.deepEqual((await call('GET', '/usage?key_id=key_none')).json.data, [{ requests: 0, input_tokens: 0, output_tokens: 0, cost: '0.00000000' }]);
    assertError(await call('GET', '/usage?group_by=week'), 400, 'invalid_request_error', 'group_by');
    assert.match((await call('GET', '/usage?group_by=week')).json.error.message, /day,model,key/);
    assertError(await call('GET', '/usage?from=yesterday'), 400, 'invalid_request_error', 'from');
    assertError(await call('GET', '/usage?to=2025-02-30'), 400, 'invalid_request_error', 'to');
    assertError(await call('GET', '/usage?from=2025-02-01&to=2025-01-01'), 400, 'invalid_request_error', 'to');
  });
});

describe('admin API providers', () => {
  it('lists providers with their models and never an api key', async () => {
    const r = await call('GET', '/providers');
    assert.equal(r.status, 200);
    assert.ok(r.json.data.length >= 1);
    const mock = r.json.data.find((p: Json) => p.protocol === 'mock');
    assert.ok(mock, JSON.stringify(r.json));
    assert.ok(mock.models.includes('mock/echo'));
    assert.equal(mock.state, 'healthy');
    for (const p of r.json.data) assert.deepEqual(Object.keys(p).sort(), ['base_url', 'id', 'models', 'protocol', 'state', 'targets']);
  });

  it('never exposes a provider api key', async () => {
    const config = loadConfig({ raw: { providers: [{ id: 'oa', protocol: 'openai', base_url: 'https://api.example.com/v1', api_key: 'sk-secret-value' }] }, env: {} });
    const local = createGatewayServer({ ...gw, config }, { adminTokenSha256: hashApiKey(TOKEN) });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}/admin/v1/providers`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.ok(text.includes('"oa"') && !text.includes('sk-secret-value'), text);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });
});

describe('admin API: account search, the audit log, credits below zero', () => {
  it('lists accounts newest first, searched by name or id, paginated', async () => {
    const tag = `zz${Date.now()}`;
    const a = await newAccount({ name: `${tag} alpha` });
    const b = await newAccount({ name: `${tag} beta` });
    const found = await call('GET', `/accounts?search=${tag}&limit=1`);
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.data.map((x: Json) => x.id), [b]);
    assert.equal(found.json.data[0].balance, '0.00000000');
    const next = await call('GET', `/accounts?search=${tag}&limit=1&cursor=${found.json.next_cursor}`);
    assert.deepEqual(next.json.data.map((x: Json) => x.id), [a]);
    assert.equal(next.json.next_cursor, null);
    assert.deepEqual((await call('GET', `/accounts?search=${a}`)).json.data.map((x: Json) => x.id), [a]);
    assertError(await call('GET', '/accounts?limit=0'), 400, 'invalid_request_error', 'limit');
  });

  it('refuses an adjustment below a zero balance unless force: true, and audits each action', async () => {
    const id = await newAccount({ name: 'adjust', balance: '1' });
    const refused = await call('POST', `/accounts/${id}/credits`, { amount: '-1.5' });
    assertError(refused, 400, 'invalid_request_error', 'amount');
    assert.match(refused.json.error.message, /from \$1\.00000000 to -\$0\.50000000; send force: true/);
    assert.equal((await call('POST', `/accounts/${id}/credits`, { amount: '-1' })).json.data.balance, '0.00000000', 'down to zero is fine');
    const forced = await call('POST', `/accounts/${id}/credits`, { amount: '-0.25', force: true, note: 'chargeback' });
    assert.equal(forced.status, 200);
    assert.equal(forced.json.data.balance, '-0.25000000');
    assertError(await call('POST', `/accounts/${id}/credits`, { amount: '1', force: 'yes' }), 400, 'invalid_request_error', 'force');

    const { json: key } = await call('POST', '/keys', { account_id: id, name: 'k', daily_limit: '2' });
    await call('PATCH', `/keys/${key.data.id}`, { rpm_limit: 9 });
    await call('DELETE', `/keys/${key.data.id}`);
    const audit = await call('GET', `/audit?limit=3`);
    assert.deepEqual(audit.json.data.map((r: Json) => [r.actor, r.action, r.target]), [
      ['admin-api', 'key.revoke', key.data.id], ['admin-api', 'key.update', key.data.id], ['admin-api', 'key.create', key.data.id],
    ]);
    assert.deepEqual(audit.json.data[1].detail, { rpm_limit: 9 });
    assert.equal(audit.json.data[2].detail.daily_limit, '2.00000000');
    const ofAccount = await call('GET', `/audit?target=${id}`);
    assert.deepEqual(ofAccount.json.data.map((r: Json) => [r.action, r.detail.amount ?? null]), [
      ['credits.add', '-0.25000000'], ['credits.add', '-1.00000000'], ['account.create', null],
    ]);
    assert.equal(ofAccount.json.data[0].detail.force, true);
  });

  it('refuses unknown allowed_models; answers /models and /ledger/check', async () => {
    const account_id = await newAccount();
    const r = await call('POST', '/keys', { account_id, name: 'k', allowed_models: ['mock/echo', 'gpt-9'] });
    assertError(r, 400, 'invalid_request_error', 'allowed_models');
    assert.match(r.json.error.message, /Unknown model 'gpt-9'/);
    const models = await call('GET', '/models');
    assert.deepEqual(models.json.data.map((m: Json) => [m.id, m.routes]), [['mock/echo', [{ provider: 'mock', model: 'echo' }]], ['mock/embed', [{ provider: 'mock', model: 'embed' }]]]);
    const check = await call('GET', '/ledger/check');
    assert.equal(check.status, 200);
    assert.equal(typeof check.json.data.ok, 'boolean');
  });
});
