import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { randomAlphanumeric } from '../../core/ids.js';
import { StoreUnavailableError } from '../../core/store-unavailable-error.js';
import { CutProxy } from '../../testing/cut-proxy.js';
import { runCountersContract } from '../counters-contract.js';
import type { Counters, RateWindow } from '../types.js';
import { RedisCounters } from './redis-counters.js';

/** Redis on this machine (README "Server mode"); tests write only under their own prefixes and delete them. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefixes: string[] = [];
const open: Counters[] = [];

function newPrefix(): string {
  const p = `chuizi-test:${randomAlphanumeric(10)}:`;
  prefixes.push(p);
  return p;
}

async function counters(opts: { prefix?: string; slotTtlMs?: number; url?: string } = {}): Promise<RedisCounters> {
  const c = new RedisCounters(opts.url ?? REDIS_URL, { prefix: opts.prefix ?? newPrefix(), slotTtlMs: opts.slotTtlMs });
  await c.connect();
  open.push(c);
  return c;
}

after(async () => {
  for (const c of open) await c.close();
  const admin = new Redis(REDIS_URL);
  try {
    for (const p of prefixes) {
      const keys = await admin.keys(`${p}*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    const left = (await Promise.all(prefixes.map((p) => admin.keys(`${p}*`)))).flat();
    assert.deepEqual(left, [], 'every test key deleted');
  } finally {
    admin.disconnect();
  }
});

// The limiter's contract, each test on a fresh connection with its own key prefix.
runCountersContract('redis', async () => counters(), '');

const w = (key: string, limit: number): RateWindow => ({ key, limit, windowMs: 60_000 });

describe('RedisCounters across processes', () => {
  it('admits exactly the limit between several processes hitting at once', async () => {
    const prefix = newPrefix();
    const procs = await Promise.all([0, 1, 2].map(() => counters({ prefix })));
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => procs[i % 3].hit([w('k:key', 40), w('a:acct', 1000)], now + (i % 7))));
    assert.equal(results.filter((r) => r.allowed).length, 40);
  });

  it('keeps a live process\'s slot past the TTL (renewed) and frees a dead one\'s within it', async () => {
    const prefix = newPrefix();
    const ttl = 300;
    const live = await counters({ prefix, slotTtlMs: ttl });
    const dead = await counters({ prefix, slotTtlMs: ttl });
    const other = await counters({ prefix, slotTtlMs: ttl });
    assert.equal(await live.acquire('c:key', 2), true);
    assert.equal(await dead.acquire('c:key', 2), true);
    assert.equal(await other.acquire('c:key', 2), false);
    await dead.close(); // a crash: its slot is never released, nor renewed
    const t0 = Date.now();
    while (!(await other.acquire('c:key', 2))) {
      assert.ok(Date.now() - t0 < ttl + 500, 'the dead process\'s slot lapses within its TTL');
      await new Promise((r) => setTimeout(r, 25));
    }
    // Three TTLs later the live slot is still held (its heartbeat renewed it): the set is full.
    await new Promise((r) => setTimeout(r, 3 * ttl));
    assert.equal(await other.acquire('c:key', 2), false);
    await live.release('c:key');
    assert.equal(await other.acquire('c:key', 2), true);
  });
});

describe('RedisCounters when Redis is unreachable', () => {
  it('fails fast with StoreUnavailableError on a closed port, and never crashes', async () => {
    const proxy = await new CutProxy(6379).start();
    const port = proxy.port;
    await proxy.close(); // nothing listens there now
    const c = await counters({ url: `redis://127.0.0.1:${port}` });
    const t0 = Date.now();
    await assert.rejects(c.hit([w('k:x', 5)], Date.now()), StoreUnavailableError);
    await assert.rejects(c.acquire('c:x', 1), StoreUnavailableError);
    assert.ok(Date.now() - t0 < 3000, 'within the command timeout');
  });

  it('recovers without a restart when Redis comes back', async () => {
    const proxy = await new CutProxy(6379).start();
    try {
      const prefix = newPrefix();
      const c = await counters({ url: proxy.url, prefix });
      assert.equal((await c.hit([w('k:y', 5)], Date.now())).allowed, true);
      await proxy.cut();
      await assert.rejects(c.hit([w('k:y', 5)], Date.now()), StoreUnavailableError);
      await proxy.restore();
      const t0 = Date.now();
      for (;;) {
        try {
          const r = await c.hit([w('k:y', 5)], Date.now());
          assert.equal(r.allowed, true);
          assert.equal(r.windows[0].remaining, 3, 'the hit from before the cut is still counted');
          break;
        } catch (err) {
          assert.ok(err instanceof StoreUnavailableError);
          assert.ok(Date.now() - t0 < 5000, 'reconnected within 5 s');
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      await proxy.close();
    }
  });
});
