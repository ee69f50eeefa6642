import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './core/api-key.js';
import { randomAlphanumeric } from './core/ids.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';
import { completion, slowStream, after as answerAfter } from './testing/fault-upstream.js';
import { MockUpstreamServer } from './testing/mock-upstream-server.js';
import { openServerModeDatabase, type ServerModeBackend, type ServerModeDatabase } from './testing/open-server-mode-database.js';
import { runCli, startGatewayProcess, type GatewayProcess } from './testing/start-gateway-process.js';
import { waitSettled } from './testing/wait-settled.js';

/**
 * Server mode end to end: three real gateway processes (`chuizi serve`) sharing one database and
 * one Redis, as replicas behind a load balancer would. A short hold lease (5 s) so that a
 * killed process's holds are released within seconds — not shorter: a hold's lease counts from
 * when it was sent, and on a saturated CI machine a write has waited seconds to commit; an upstream timeout (4 s) shorter than the
 * long stream (8 s), which must still never be reaped on a live process.
 */
const LEASE_S = 5;
const ADMIN = `cka-${randomAlphanumeric(40)}`;
/** Output $10/M, input free, markup 1: a call held for max_tokens 100 costs exactly 100 × 1000 units when it uses them all. */
const PER_TOKEN = 1000;

// Three processes on PostgreSQL; two on one SQLite file (what an embedded deployment may already run), to keep the load of the suite down.
serverModeSuite('postgres', 3);
serverModeSuite('sqlite-file', 2);

function serverModeSuite(backend: ServerModeBackend, processes: number): void {
  describe(`server mode (${backend}, ${processes} processes): several gateway processes on one database and one Redis`, () => {
    let db: ServerModeDatabase;
    let store: Store;
    let upstream: MockUpstreamServer;
    let dir: string;
    let procs: GatewayProcess[] = [];
    const redisKeys: string[] = [];
    const env = (): Record<string, string> => ({
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      CHUIZI_CONFIG: join(dir, 'config.json'),
      CHUIZI_ADMIN_TOKEN: ADMIN,
    });

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chuizi-server-mode-'));
      upstream = await new MockUpstreamServer((req, res) => {
        const model = String(req.body?.model);
        if (model === 'full') return answerAfter(300, completion('x', { prompt_tokens: 5, completion_tokens: 100 }))(req, res);
        if (model === 'long') return slowStream(80, 100)(req, res); // 8 s: past the upstream timeout and the lease
        if (model === 'endless') return slowStream(100_000, 100)(req, res);
        return completion('ok', { prompt_tokens: 5, completion_tokens: 1 })(req, res);
      }).start();
      const model = (id: string) => ({ id: `test/${id}`, price: { input: 0, output: PER_TOKEN / 100 }, markup: 1, max_output_tokens: 1000, routes: [{ provider: 'up', model: id }] });
      writeFileSync(join(dir, 'config.json'), JSON.stringify({
        billing: { hold_lease_seconds: LEASE_S },
        limits: { key_rpm: 100_000, model_rpm: 100_000 },
        upstream: { timeout_seconds: 4, idle_timeout_seconds: 2, first_token_timeout_seconds: 4 },
        providers: [{ id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1` }],
        models: ['full', 'long', 'endless', 'small'].map(model),
      }));
      db = await openServerModeDatabase(backend, dir);
      store = await openStore(db.url); // migrates before the processes start (they may also race to: safe)
      procs = await Promise.all(Array.from({ length: processes }, () => startGatewayProcess(env())));
    });

    after(async () => {
      await Promise.all(procs.map((p) => p.stop()));
      await store?.close();
      await upstream?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
      const redis = new Redis('redis://127.0.0.1:6379');
      if (redisKeys.length > 0) await redis.del(...redisKeys);
      redis.disconnect();
    });

    /** A new account with `balance` units and one key (`rpm`: its limit), straight in the shared store. */
    async function wallet(balance: number, rpm: number | null = null) {
      const account = await store.accounts.create({ name: 'server-mode' });
      await store.ledger.credit(account.id, balance, 'topup');
      const key = generateApiKey();
      const rec = await store.keys.create({ accountId: account.id, name: 'k', keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key), rpmLimit: rpm });
      // The Redis keys the gateways count this key and account in (check-limits.ts), deleted afterwards.
      redisKeys.push(...['k:', 'c:'].map((p) => `chuizi:${p}${rec.id}`), `chuizi:a:${account.id}`, ...['full', 'long', 'endless', 'small'].map((m) => `chuizi:m:${account.id}:test/${m}`));
      return { accountId: account.id, keyId: rec.id, key };
    }

    const client = (p: GatewayProcess, key: string) => new OpenAI({ baseURL: `${p.url}/v1`, apiKey: key, maxRetries: 0 });

    it('240 concurrent calls over the processes against a wallet for 50: exactly 50 served, never overspent, every other one 402 and uncharged', async () => {
      const hold = 100 * PER_TOKEN;
      const w = await wallet(50 * hold + hold / 2);
      const results = await Promise.all(Array.from({ length: 240 }, async (_, i) => {
        try {
          const r = await client(procs[i % procs.length], w.key).chat.completions.create({ model: 'test/full', max_tokens: 100, messages: [{ role: 'user', content: `call ${i}` }] });
          return { status: 200, id: r.id };
        } catch (err) {
          return { status: (err as { status?: number }).status ?? 0, message: (err as Error).message };
        }
      }));
      const served = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status === 402);
      assert.equal(served.length + refused.length, 240, `only 200 or 402: ${JSON.stringify(results.filter((r) => r.status !== 200 && r.status !== 402).slice(0, 3))}`);
      const reaperLines = procs.flatMap((p) => p.output().split('\n').filter((l) => /lease|reap|released/i.test(l)));
      assert.equal(served.length, 50, `each call spends exactly its hold: the wallet covers 50, never 51 (reaper: ${reaperLines.join(' | ').slice(0, 2000) || 'nothing'})`);
      for (const r of refused) assert.match(String(r.message), /Insufficient balance/);
      for (const p of procs) assert.ok(served.length > 0 && p.child.exitCode === null);

      const acct = await store.accounts.get(w.accountId);
      assert.equal(acct?.balance, hold / 2, 'top-up − Σ charges, to the unit');
      assert.equal(acct?.held, 0);
      const txns = (await store.ledger.transactions(w.accountId, { limit: 500 })).data;
      assert.equal(txns.filter((t) => t.type === 'charge').length, 50, 'one charge per served call, none for a refused one');
      assert.ok(txns.filter((t) => t.type === 'charge').every((t) => t.amount === -hold));
      const gens = (await store.generations.list({ accountId: w.accountId, limit: 500 })).data;
      assert.equal(gens.length, 50, 'a refused call leaves no generation');
      assert.deepEqual(await store.ledger.check(Date.now(), { openHolds: true }), []);
    });

    it('enforces one key\'s RPM exactly across the processes', async () => {
      const w = await wallet(1_000_000_000, 25);
      const statuses = await Promise.all(Array.from({ length: 90 }, async (_, i) => {
        const res = await fetch(`${procs[i % procs.length].url}/v1/chat/completions`, {
          method: 'POST', headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'test/small', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        });
        await res.arrayBuffer();
        return res.status;
      }));
      assert.equal(statuses.filter((s) => s === 200).length, 25);
      assert.equal(statuses.filter((s) => s === 429).length, 65);
    });

    it('a key revoked through one process is refused by the others on the next request', async () => {
      const w = await wallet(1_000_000_000);
      for (const p of procs) assert.ok(await client(p, w.key).models.list(), 'known everywhere (and cached)');
      const revoked = await fetch(`${procs[0].url}/admin/v1/keys/${w.keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
      assert.equal(revoked.status, 200);
      for (const p of procs.slice(1)) {
        await assert.rejects(client(p, w.key).chat.completions.create({ model: 'test/small', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }), (err: { status?: number }) => err.status === 401);
      }
    });

    it('a SIGKILLed process\'s held stream is released by a survivor within the lease, while a stream outliving the upstream timeout on a live process is never reaped', async () => {
      const w = await wallet(1_000_000_000);
      // A stream on a live process that runs 8 s: past the 4 s upstream timeout and the 5 s lease.
      const longRun = (async () => {
        const s = await client(procs[0], w.key).chat.completions.create({ model: 'test/long', max_tokens: 500, stream: true, messages: [{ role: 'user', content: 'long' }] }).withResponse();
        let text = '';
        for await (const c of s.data) text += c.choices[0]?.delta?.content ?? '';
        return { id: s.response.headers.get('x-chuizi-generation-id') ?? '', text };
      })();
      // A stream on the process about to die.
      const victim = procs[procs.length - 1];
      const res = await fetch(`${victim.url}/v1/chat/completions`, {
        method: 'POST', headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'test/endless', max_tokens: 900, stream: true, messages: [{ role: 'user', content: 'go' }] }),
      });
      const genId = res.headers.get('x-chuizi-generation-id') ?? '';
      const reader = res.body!.getReader();
      reader.closed.catch(() => undefined);
      await reader.read();
      const held = await store.ledger.getHold(genId);
      assert.ok(held, 'the stream holds money');
      assert.ok(((await store.accounts.get(w.accountId))?.held ?? 0) >= held.amount);

      victim.child.kill('SIGKILL');
      await victim.exited;
      const killedAt = Date.now();
      let releasedAfter = -1;
      while (Date.now() - killedAt < 10_000) {
        if ((await store.ledger.getHold(genId)) === null) {
          releasedAfter = Date.now() - killedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // Released at most lease + one round (4/3 × lease) after the last heartbeat; 1 s of slack for a loaded machine.
      assert.ok(releasedAfter >= 0 && releasedAfter <= (LEASE_S * 4_000) / 3 + 1000, `released ${releasedAfter} ms after the kill`);
      const reaped = await store.generations.get(genId);
      assert.equal(reaped?.status, 'failed');
      assert.equal(reaped?.errorReason, 'hold_expired');

      const long = await longRun;
      assert.equal(long.text, 'slow '.repeat(80), 'the long stream was served to its end');
      const settled = await waitSettled(store, long.id);
      assert.equal(settled?.status, 'completed', 'settled by its own process, never reaped');
      assert.equal(settled?.outputTokens, 80);
      assert.equal(settled?.cost, 80 * PER_TOKEN);
      assert.equal((await store.accounts.get(w.accountId))?.balance, 1_000_000_000 - 80 * PER_TOKEN, 'the killed call cost nothing, the long one its output');

      procs = procs.slice(0, -1); // the survivors are stopped by `after`
      const check = await runCli(['ledger', 'check'], { DATABASE_URL: db.url });
      assert.equal(check.code, 0, check.out);
      assert.match(check.out, /ledger OK/);
    });
  });
}
