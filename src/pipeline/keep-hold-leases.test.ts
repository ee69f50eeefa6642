import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { MemoryHealthBook } from '../routing/health-book.js';
import { generation, holdInput, seedWallet } from '../store/contract/seed-fixtures.js';
import { MemoryCounters } from '../store/memory/memory-counters.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { UpstreamPool } from '../upstream/upstream-pool.js';
import type { Gateway } from './gateway.js';
import { createCallObserver } from './call-observer.js';
import { keepHoldLeases, newInstanceId } from './keep-hold-leases.js';

const LEASE = 30_000;

/** A gateway process's shared state on `store`, with the simulated clock `clock`. */
function processOn(store: Store, clock: { t: number }): Gateway {
  const config = loadConfig({ raw: { billing: { hold_lease_seconds: LEASE / 1000 } }, env: {} });
  return {
    config, store, pool: new UpstreamPool(5000), log: pino({ level: 'silent' }), now: () => clock.t, instanceId: newInstanceId(),
    inflight: new Set(), unsettled: new Map(), counters: new MemoryCounters(), health: new MemoryHealthBook({ failures: 5, cooldownMs: 30_000 }, 5000), calls: { active: 0 }, observer: createCallObserver([]),
  };
}

describe('keepHoldLeases: two processes on one store', () => {
  const stores: Store[] = [];
  after(async () => {
    for (const s of stores) await s.close();
  });

  it('renews a live process\'s holds in one write per round, and the survivor reaps a dead one\'s within lease + a round', async () => {
    const store = await openStore('sqlite::memory:');
    stores.push(store);
    const clock = { t: Date.now() };
    const a = processOn(store, clock);
    const b = processOn(store, clock);
    assert.notEqual(a.instanceId, b.instanceId);
    const { account, key } = await seedWallet(store, 1_000_000);
    const take = async (gw: Gateway) => {
      const h = holdInput(account.id, key.id, 1000, { owner: gw.instanceId, expiresAt: clock.t + LEASE });
      assert.equal((await store.ledger.hold(h)).ok, true);
      gw.inflight.add(h.id);
      return h.id;
    };
    const aHolds = [await take(a), await take(a), await take(a)];
    const bHold = await take(b);
    let renewWrites = 0;
    const renew = store.ledger.renewLeases.bind(store.ledger);
    store.ledger.renewLeases = (owner, ids, until) => {
      renewWrites++;
      return renew(owner, ids, until);
    };
    const keepA = keepHoldLeases(a, 3_600_000); // rounds driven by hand below
    const keepB = keepHoldLeases(b, 3_600_000);
    try {
      // Ten simulated minutes (far past any upstream timeout) with both alive: nothing is reaped.
      for (let i = 0; i < 60; i++) {
        clock.t += LEASE / 3;
        await keepA.tick();
        await keepB.tick();
      }
      assert.equal(renewWrites, 120, 'one write per process per round, whatever its number of holds');
      for (const id of [...aHolds, bHold]) assert.ok(await store.ledger.getHold(id), 'a live call keeps its hold');

      // Process A dies (SIGKILL: no more rounds). B releases A's holds once their lease lapses.
      const diedAt = clock.t;
      let releasedAt: number | null = null;
      while (releasedAt === null && clock.t < diedAt + 5 * LEASE) {
        clock.t += LEASE / 3;
        await keepB.tick();
        if ((await store.ledger.getHold(aHolds[0])) === null) releasedAt = clock.t;
      }
      assert.ok(releasedAt !== null && releasedAt - diedAt <= LEASE + LEASE / 3, `released ${releasedAt === null ? 'never' : releasedAt - diedAt} ms after the last renewal`);
      for (const id of aHolds) assert.equal((await store.generations.get(id))?.errorReason, 'hold_expired');
      assert.ok(await store.ledger.getHold(bHold), 'the survivor\'s own call is untouched');
      assert.equal((await store.accounts.get(account.id))?.held, 1000);

      // A settlement of the dead process that still arrives (redone from its log) is charged once.
      const gen = generation(aHolds[0], account.id, key.id, { cost: 600 });
      assert.equal(await store.ledger.settle({ holdId: aHolds[0], charge: 600, generation: gen }), true);
      assert.equal(await store.ledger.settle({ holdId: aHolds[0], charge: 600, generation: gen }), false);
      assert.equal((await store.accounts.get(account.id))?.balance, 1_000_000 - 600);
      assert.deepEqual(await store.ledger.check(clock.t), []);
    } finally {
      keepA.stop();
      keepB.stop();
    }
  });

  it('keeps renewing a hold whose settlement could not be written yet', async () => {
    const store = await openStore('sqlite::memory:');
    stores.push(store);
    const clock = { t: Date.now() };
    const a = processOn(store, clock);
    const { account, key } = await seedWallet(store, 1_000_000);
    const h = holdInput(account.id, key.id, 1000, { owner: a.instanceId, expiresAt: clock.t + LEASE });
    await store.ledger.hold(h);
    a.unsettled.set(h.id, { input: { holdId: h.id, charge: 10, generation: generation(h.id, account.id, key.id) }, retry: false });
    const keep = keepHoldLeases(a, 3_600_000);
    try {
      for (let i = 0; i < 10; i++) {
        clock.t += LEASE;
        await keep.tick();
      }
      assert.ok(await store.ledger.getHold(h.id));
    } finally {
      keep.stop();
    }
  });
});
