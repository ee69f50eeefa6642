import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { MemoryHealthBook } from '../routing/health-book.js';
import { holdAndSettle, seedWallet } from '../store/contract/seed-fixtures.js';
import { MemoryCounters } from '../store/memory/memory-counters.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { UpstreamPool } from '../upstream/upstream-pool.js';
import type { Gateway } from './gateway.js';
import { createCallObserver } from './call-observer.js';
import { newInstanceId } from './keep-hold-leases.js';
import { purgeGenerations } from './purge-generations.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00.000Z');

function gatewayOn(store: Store, raw: unknown): Gateway {
  return {
    config: loadConfig({ raw, env: {} }), store, pool: new UpstreamPool(5000), log: pino({ level: 'silent' }), now: () => NOW, instanceId: newInstanceId(),
    inflight: new Set(), unsettled: new Map(), counters: new MemoryCounters(), health: new MemoryHealthBook({ failures: 5, cooldownMs: 30_000 }, 5000), calls: { active: 0 }, observer: createCallObserver([]),
  };
}

describe('purgeGenerations (retention.generation_days)', () => {
  const stores: Store[] = [];
  after(async () => {
    for (const s of stores) await s.close();
  });

  async function seeded() {
    const store = await openStore('sqlite::memory:');
    stores.push(store);
    const { account, key } = await seedWallet(store, 1_000_000);
    // Five rows 10–14 days old, two 1 day old.
    for (const age of [14, 13, 12, 11, 10, 1, 1]) await holdAndSettle(store, account.id, key.id, 1000, 10, { createdAt: new Date(NOW - age * DAY).toISOString() });
    return { store, account };
  }

  it('deletes rows past the retention in bounded rounds, oldest first; usage and the ledger stay', async () => {
    const { store, account } = await seeded();
    const usage = await store.generations.usage({ accountId: account.id, to: '2026-06-30T00:00:00.000Z', groupBy: ['day'] });
    const purge = purgeGenerations(gatewayOn(store, { retention: { generation_days: 7 } }), { batch: 2, maxBatches: 2 });
    try {
      assert.equal(await purge.round(), 4, 'two batches of two, then the round ends');
      assert.equal(await purge.round(), 1);
      assert.equal(await purge.round(), 0);
    } finally {
      purge.stop();
    }
    const left = (await store.generations.list({ accountId: account.id, limit: 10 })).data;
    assert.equal(left.length, 2);
    assert.ok(left.every((g) => Date.parse(g.createdAt) > NOW - 7 * DAY));
    assert.deepEqual(await store.generations.usage({ accountId: account.id, to: '2026-06-30T00:00:00.000Z', groupBy: ['day'] }), usage);
    assert.equal((await store.ledger.transactions(account.id, { limit: 100 })).data.length, 8, 'the top-up and every charge');
    assert.deepEqual(await store.ledger.check(Date.now(), { openHolds: true }), []);
  });

  it('purges nothing without a retention setting', async () => {
    const { store, account } = await seeded();
    const purge = purgeGenerations(gatewayOn(store, {}));
    assert.equal(await purge.round(), 0);
    purge.stop();
    assert.equal((await store.generations.list({ accountId: account.id, limit: 10 })).data.length, 7);
  });

  it('refuses a retention that is not a whole number of days ≥ 1', () => {
    assert.throws(() => loadConfig({ raw: { retention: { generation_days: 0 } }, env: {} }), /generation_days/);
    assert.throws(() => loadConfig({ raw: { retention: { generation_days: 1.5 } }, env: {} }), /generation_days/);
  });
});
