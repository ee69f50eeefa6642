import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway } from './start-gateway.js';
import { openStore } from './store/open-store.js';
import { loadConfig } from './config/load-config.js';
import { MockUpstreamServer, sse } from './testing/mock-upstream-server.js';
import type { Store } from './store/types.js';

/** The store with its `ledger.settle` failing with each of `failures` in turn, then working. */
function flakySettle(store: Store, failures: Error[]): Store & { settleCalls: number } {
  const delegate = <T extends object>(target: T, own: Record<string, unknown>): T =>
    new Proxy(target, { get: (t, p) => (typeof p === 'string' && p in own ? own[p] : typeof (t as any)[p] === 'function' ? (t as any)[p].bind(t) : (t as any)[p]) });
  const counts = { settleCalls: 0 };
  const ledger = delegate(store.ledger, {
    settle: async (input: Parameters<Store['ledger']['settle']>[0]) => {
      counts.settleCalls++;
      const err = failures.shift();
      if (err) throw err;
      return store.ledger.settle(input);
    },
  });
  return delegate(store, { ledger, get settleCalls() { return counts.settleCalls; } }) as Store & { settleCalls: number };
}
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

const log = pino({ level: 'silent' });

describe('startGateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chuizi-start-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'db', 'chuizi.db')}` };

  it('creates the demo account and the admin token once, on the first start only', async () => {
    const lines: string[] = [];
    const first = await startGateway({ env, log, port: 0, print: (l) => lines.push(l) });
    assert.match(first.demoKey ?? '', /^ck-[A-Za-z0-9]{32}$/);
    assert.match(first.adminToken ?? '', /^cka-/);
    assert.equal(lines.length, 2);
    const res = await fetch(`${first.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${first.demoKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'Hello!' }] }) });
    assert.equal((await res.json()).choices[0].message.content, 'Hello!');
    const info = await (await fetch(`${first.url}/v1/key/info`, { headers: { authorization: `Bearer ${first.demoKey}` } })).json();
    assert.ok(info.data.balance.startsWith('4.99'));
    await first.close();

    const again: string[] = [];
    const second = await startGateway({ env, log, port: 0, print: (l) => again.push(l) });
    assert.equal(second.demoKey, undefined);
    assert.equal(again.length, 0, 'nothing is printed twice');
    const admin = await fetch(`${second.url}/admin/v1/providers`, { headers: { authorization: `Bearer ${first.adminToken}` } });
    assert.equal(admin.status, 200, 'the stored admin token still works');
    assert.equal((await fetch(`${second.url}/admin/v1/providers`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    await second.close();
  });

  it('releases holds a crashed process left behind, at start', async () => {
    const store = await openStore(env.DATABASE_URL);
    const account = await store.accounts.create({ name: 'crashed' });
    await store.ledger.credit(account.id, 1000, 'topup');
    const key = await store.keys.create({ accountId: account.id, name: 'k', keyHash: 'crash-hash', keyPrefix: 'ck-xxxx' });
    assert.ok((await store.ledger.hold({ id: 'gen-crashed000000000000000', accountId: account.id, keyId: key.id, amount: 900, owner: 'crashed-process', expiresAt: Date.now() - 1, day: '2026-11-25' })).ok);
    await store.close();
    const g = await startGateway({ env, log, port: 0, print: () => undefined });
    assert.equal((await g.gw.store.accounts.get(account.id))?.held, 0);
    assert.equal((await g.gw.store.generations.get('gen-crashed000000000000000'))?.status, 'failed');
    assert.deepEqual(await g.gw.store.ledger.check(Date.now()), []);
    await g.close();
  });

  it('on shutdown drains in-flight streams and settles each exactly once', async () => {
    const frames = Array.from({ length: 40 }, (_, i) => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`);
    const upstream = await new MockUpstreamServer((_, res) => sse(res, frames, 25)).start();
    const store = await openStore('sqlite::memory:');
    const config = loadConfig({ env: {}, raw: { providers: [{ id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1` }], models: [{ id: 'slow/model', price: { input: 1, output: 1 }, routes: [{ provider: 'up', model: 'm' }] }] } });
    const g = await startGateway({ config, store, env: { CHUIZI_DEMO: '1', CHUIZI_ADMIN_TOKEN: 't' }, log, port: 0, print: () => undefined });
    const res = await fetch(`${g.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${g.demoKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow/model', stream: true, messages: [{ role: 'user', content: 'go' }] }) });
    const genId = res.headers.get('x-chuizi-generation-id')!;
    const reader = res.body!.getReader();
    await reader.read();
    await g.close(100); // grace shorter than the stream: the rest is aborted
    await reader.cancel().catch(() => undefined);
    const gen = await store.generations.get(genId);
    assert.equal(gen?.status, 'cancelled');
    assert.ok((gen?.outputTokens ?? 0) > 0, 'what was delivered is billed');
    assert.deepEqual(await store.ledger.check(Date.now()), []);
    await store.close();
    await upstream.close();
  });

  const slowStream = () => {
    const frames = Array.from({ length: 10 }, (_, i) => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`);
    frames.push(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 7, completion_tokens: 10, total_tokens: 17 } })}\n\n`, 'data: [DONE]\n\n');
    return frames;
  };
  const slowConfig = (url: string) => loadConfig({ env: {}, raw: { providers: [{ id: 'up', protocol: 'openai', base_url: `${url}/v1` }], models: [{ id: 'slow/model', price: { input: 1, output: 1 }, routes: [{ provider: 'up', model: 'm' }] }] } });

  it('on shutdown with a drain longer than the stream, the stream completes and is settled once — through transient store failures', async () => {
    const upstream = await new MockUpstreamServer((_, res) => sse(res, slowStream(), 20)).start();
    const store = await openStore('sqlite::memory:');
    const flaky = flakySettle(store, [busy(), busy()]);
    const lines: any[] = [];
    const g = await startGateway({ config: slowConfig(upstream.url), store: flaky, env: { CHUIZI_DEMO: '1', CHUIZI_ADMIN_TOKEN: 't' }, log: pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) }), port: 0, print: () => undefined });
    const res = await fetch(`${g.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${g.demoKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow/model', stream: true, messages: [{ role: 'user', content: 'go' }] }) });
    const genId = res.headers.get('x-chuizi-generation-id')!;
    const body = res.text();
    await new Promise((r) => setTimeout(r, 30));
    await g.close(5000); // longer than the stream
    const text = await body;
    assert.match(text, /w9 /);
    assert.match(text, /"cost":"0\.00001785"/, '(7 + 10) × $1/M × 1.05, told at the end');
    const gen = await store.generations.get(genId);
    assert.equal(gen?.status, 'completed');
    assert.equal(gen?.cost, 1785);
    assert.equal(flaky.settleCalls, 3, 'two transient failures retried, then written once');
    assert.equal(lines.filter((l) => l.msg === 'settlement failed transiently; retrying').length, 2);
    const rows = (await store.ledger.transactions(gen!.accountId, { limit: 10 })).data.filter((t) => t.generationId === genId);
    assert.equal(rows.length, 1);
    assert.deepEqual(await store.ledger.check(Date.now(), { openHolds: true }), []);
    await store.close();
    await upstream.close();
  });

  it('a settlement the store rejects is not retried, is logged with everything to redo it, and its hold is kept from the reaper', async () => {
    const upstream = await new MockUpstreamServer((_, res) => sse(res, slowStream(), 0)).start();
    const store = await openStore('sqlite::memory:');
    const flaky = flakySettle(store, [new RangeError('charge must be a safe integer')]);
    const lines: any[] = [];
    let later = 0;
    const g = await startGateway({ config: slowConfig(upstream.url), store: flaky, env: { CHUIZI_DEMO: '1', CHUIZI_ADMIN_TOKEN: 't' }, log: pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) }), port: 0, print: () => undefined, reapIntervalMs: 10, now: () => Date.now() + later });
    try {
      const res = await fetch(`${g.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${g.demoKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow/model', stream: true, messages: [{ role: 'user', content: 'go' }] }) });
      assert.equal(res.status, 200);
      await res.text();
      const genId = res.headers.get('x-chuizi-generation-id')!;
      const rejected = lines.find((l) => l.msg.startsWith('settlement rejected by the store'));
      assert.equal(rejected?.level, 50, 'error level');
      assert.equal(rejected.settlement.holdId, genId);
      assert.equal(rejected.settlement.charge, 1785, 'the charge to redo');
      assert.equal(rejected.settlement.generation.outputTokens, 10);
      // Several reaper rounds, with the gateway's clock an hour past the hold's expiry: the hold is neither retried nor released at $0.
      later = 3_600_000;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(flaky.settleCalls, 1, 'a rejected settlement is not retried');
      assert.ok(await store.ledger.getHold(genId), 'its hold is kept');
      const problems = await store.ledger.check(Date.now(), { openHolds: true });
      assert.deepEqual(problems.map((p) => p.holdId), [genId], 'ledger check --open-holds reports it');
      await g.close(100);
      assert.ok(lines.some((l) => l.level === 50 && l.msg.startsWith('shutting down with a settlement not written') && l.settlement.charge === 1785));
    } finally {
      await g.close(100);
      await store.close();
      await upstream.close();
    }
  });
});
