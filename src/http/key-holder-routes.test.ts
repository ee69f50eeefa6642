import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { holdAndSettle } from '../store/contract/seed-fixtures.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';

type Json = Record<string, any>;

// A fixed clock: 2026-03-10T12:00Z, so "the last N days" is deterministic.
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);

describe('key-holder endpoints (/v1/key/usage, /v1/key/generations)', () => {
  let t: TestGateway;
  let other: { key: string; keyId: string; accountId: string };
  const get = async (path: string, key = t.key) => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
  };

  before(async () => {
    t = await startTestGateway({}, { now: () => NOW });
    other = await t.newAccount(1_000_000_000);
    const sameAccountKey = await t.store.keys.create({ accountId: t.accountId, name: 'second', keyHash: 'h'.repeat(64), keyPrefix: 'ck-second' });
    const rows: Array<[string, string, string, number]> = [
      [t.keyId, '2026-03-10T08:00:00.000Z', 'mock/echo', 3000],
      [t.keyId, '2026-03-09T08:00:00.000Z', 'mock/echo', 2000],
      [t.keyId, '2026-03-09T09:00:00.000Z', 'other/model', 1000],
      [t.keyId, '2026-02-01T08:00:00.000Z', 'mock/echo', 7000], // older than 30 days
      [sameAccountKey.id, '2026-03-10T09:00:00.000Z', 'mock/echo', 500], // same account, another key
    ];
    for (const [keyId, createdAt, model, charge] of rows) await holdAndSettle(t.store, t.accountId, keyId, 10_000, charge, { createdAt, model });
    await holdAndSettle(t.store, other.accountId, other.keyId, 10_000, 9000, { createdAt: '2026-03-10T10:00:00.000Z' });
  });

  after(async () => t.close());

  it("aggregates only the calling key's spend over the last N UTC days", async () => {
    const r = await get('/v1/key/usage?days=30');
    assert.equal(r.status, 200);
    assert.equal(r.json.from, '2026-02-09T00:00:00.000Z');
    assert.deepEqual(r.json.data.map((x: Json) => [x.day, x.requests, x.cost]), [['2026-03-09', 2, '0.00003000'], ['2026-03-10', 1, '0.00003000']]);
    const byModel = await get('/v1/key/usage?days=1&group_by=day,model');
    assert.deepEqual(byModel.json.data.map((x: Json) => [x.day, x.model, x.cost]), [['2026-03-10', 'mock/echo', '0.00003000']]);
    assert.equal(r.json.data.some((x: Json) => 'key_id' in x), false);
    const otherKey = await get('/v1/key/usage', other.key);
    assert.deepEqual(otherKey.json.data.map((x: Json) => x.cost), ['0.00009000']);
  });

  it("lists only the calling key's generations, newest first, without admin fields", async () => {
    const r = await get('/v1/key/generations?limit=2');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data.map((g: Json) => g.created_at), ['2026-03-10T08:00:00.000Z', '2026-03-09T09:00:00.000Z']);
    assert.equal('account_id' in r.json.data[0], false);
    assert.equal('key_id' in r.json.data[0], false);
    const rest = await get(`/v1/key/generations?limit=5&cursor=${r.json.next_cursor}`);
    assert.deepEqual(rest.json.data.map((g: Json) => g.created_at), ['2026-03-09T08:00:00.000Z', '2026-02-01T08:00:00.000Z']);
    assert.equal(rest.json.next_cursor, null);
    const filtered = await get('/v1/key/generations?model=other/model&from=2026-03-01');
    assert.equal(filtered.json.data.length, 1);
  });

  it('refuses bad parameters with 400s naming them, and another key or account filter', async () => {
    for (const [path, param] of [
      ['/v1/key/usage?days=0', 'days'], ['/v1/key/usage?days=91', 'days'], ['/v1/key/usage?days=abc', 'days'],
      ['/v1/key/usage?group_by=key', 'group_by'], ['/v1/key/generations?key_id=' + other.keyId, 'key_id'],
      ['/v1/key/generations?account_id=x', 'account_id'], ['/v1/key/generations?status=pending', 'status'],
      ['/v1/key/generations?cursor=zzz', 'cursor'],
    ] as const) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.json.error.param, param, path);
    }
  });

  it('needs a valid key and counts against its rate limit', async () => {
    assert.equal((await get('/v1/key/usage', 'ck-wrong')).status, 401);
    assert.equal((await fetch(`${t.url}/v1/key/generations`)).status, 401);
    const { key } = await t.newAccount(1_000_000, { rpmLimit: 4 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(i % 2 ? '/v1/key/usage' : '/v1/key/generations', key)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
  });
});
