import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../types.js';
import { MINUTE, generation, holdInput, ledgerSnapshot, seedWallet, utcDay } from './seed-fixtures.js';

const SECOND = 1000;
const LEASE = 30 * SECOND;

/**
 * Holds with an owner and a lease (issue 11): the owner renews the leases of its running calls,
 * any process's reaper releases only lapsed ones, and a settlement that arrives after its hold
 * was reaped still charges it exactly once. Time is passed in explicitly (an injected clock): the
 * cases walk a simulated clock forward in steps, never sleep.
 */
export function describeLeaseContract(store: () => Store): void {
  describe('ledger: hold owners and leases', () => {
    it('renews, in one call, the leases of the given holds of that owner only, never backwards', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const mine = [1, 2, 3].map(() => holdInput(account.id, key.id, 100, { owner: 'proc-a', expiresAt: t0 + LEASE }));
      const theirs = holdInput(account.id, key.id, 100, { owner: 'proc-b', expiresAt: t0 + LEASE });
      for (const h of [...mine, theirs]) assert.equal((await store().ledger.hold(h)).ok, true);

      const ids = [mine[0].id, mine[1].id, theirs.id, 'gen-not-a-hold'];
      assert.equal(await store().ledger.renewLeases('proc-a', ids, t0 + 5 * MINUTE), 2);
      assert.equal((await store().ledger.getHold(mine[0].id))?.expiresAt, t0 + 5 * MINUTE);
      assert.equal((await store().ledger.getHold(mine[1].id))?.expiresAt, t0 + 5 * MINUTE);
      assert.equal((await store().ledger.getHold(mine[2].id))?.expiresAt, t0 + LEASE, 'not named: not renewed');
      assert.equal((await store().ledger.getHold(theirs.id))?.expiresAt, t0 + LEASE, 'another owner\'s hold is not renewed');
      assert.equal((await store().ledger.getHold(theirs.id))?.owner, 'proc-b');

      assert.equal(await store().ledger.renewLeases('proc-a', [mine[0].id], t0 + MINUTE), 1);
      assert.equal((await store().ledger.getHold(mine[0].id))?.expiresAt, t0 + 5 * MINUTE, 'a lease is never shortened');
      assert.equal(await store().ledger.renewLeases('proc-a', [], t0 + 9 * MINUTE), 0);
      await assert.rejects(store().ledger.renewLeases('proc-a', [mine[0].id], 1.5));
    });

    it('never reaps a renewed hold, however long its call runs; reaps a dead owner\'s hold once its lease lapses', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const stream = holdInput(account.id, key.id, 1000, { owner: 'alive', expiresAt: t0 + LEASE });
      const orphan = holdInput(account.id, key.id, 2000, { owner: 'dead', expiresAt: t0 + LEASE });
      await store().ledger.hold(stream);
      await store().ledger.hold(orphan);
      // A 20-minute stream (10× the default upstream timeout): its owner renews every 10 s, and a reaper runs every 10 s.
      let orphanReapedAt: number | null = null;
      for (let t = t0 + 10 * SECOND; t <= t0 + 20 * MINUTE; t += 10 * SECOND) {
        await store().ledger.renewLeases('alive', [stream.id], t + LEASE);
        const n = await store().ledger.reapExpired(t);
        if (n > 0) {
          assert.equal(orphanReapedAt, null, 'reaped once');
          assert.equal(n, 1);
          orphanReapedAt = t;
        }
      }
      assert.equal(orphanReapedAt, t0 + 40 * SECOND, 'released at the first reaper round after its lease lapsed');
      assert.ok(await store().ledger.getHold(stream.id), 'the live call keeps its hold');
      assert.equal((await store().generations.get(orphan.id))?.errorReason, 'hold_expired');
      assert.equal((await store().accounts.get(account.id))?.held, 1000);
      assert.deepEqual(await store().ledger.check(t0 + 20 * MINUTE), []);

      const gen = generation(stream.id, account.id, key.id, { cost: 700 });
      assert.equal(await store().ledger.settle({ holdId: stream.id, charge: 700, generation: gen }), true);
      assert.deepEqual(await store().generations.get(stream.id), gen);
      const acct = await store().accounts.get(account.id);
      assert.deepEqual([acct?.balance, acct?.held], [9300, 0]);
    });

    it('check names a lapsed lease (with its owner) until a reaper releases it', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const h = holdInput(account.id, key.id, 100, { owner: 'gone:42', expiresAt: t0 + LEASE });
      await store().ledger.hold(h);
      assert.deepEqual(await store().ledger.check(t0 + LEASE), []);
      const problems = await store().ledger.check(t0 + LEASE + 1);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].holdId, h.id);
      assert.match(problems[0].problem, /gone:42/);
      assert.equal(await store().ledger.reapExpired(t0 + LEASE + 1), 1);
      assert.deepEqual(await store().ledger.check(t0 + LEASE + 1, { openHolds: true }), []);
    });

    it('charges a settlement that arrives after its hold was reaped, exactly once', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const h = holdInput(account.id, key.id, 4000, { owner: 'paused', expiresAt: t0 + LEASE });
      const other = holdInput(account.id, key.id, 1000, { owner: 'paused', expiresAt: t0 + 10 * MINUTE });
      await store().ledger.hold(h);
      await store().ledger.hold(other);
      assert.equal(await store().ledger.reapExpired(t0 + LEASE + 1), 1);
      assert.equal((await store().keys.usageOn(key.id, utcDay())).requests, 1, 'the reaper counted the call');
      // Another hold takes the room the reaped one freed.
      const taker = holdInput(account.id, key.id, 5000, { owner: 'other' });
      assert.equal((await store().ledger.hold(taker)).ok, true);

      // The owner comes back (a store outage, a long pause) and settles what the call used.
      const gen = generation(h.id, account.id, key.id, { cost: 3500, inputTokens: 1200, outputTokens: 800, status: 'completed' });
      assert.equal(await store().ledger.settle({ holdId: h.id, charge: 3500, generation: gen }), true);
      let acct = await store().accounts.get(account.id);
      assert.equal(acct?.balance, 6500, 'charged');
      assert.equal(acct?.held, 6000, 'the reaper already released the hold: nothing released twice');
      assert.deepEqual(await store().generations.get(h.id), gen, 'the real record replaces the reaper\'s failed one');
      const [charge] = (await store().ledger.transactions(account.id, { limit: 1 })).data;
      assert.deepEqual([charge.type, charge.amount, charge.balanceAfter, charge.generationId, charge.keyId], ['charge', -3500, 6500, h.id, key.id]);
      const usage = await store().keys.usageOn(key.id, utcDay());
      assert.deepEqual([usage.requests, usage.inputTokens, usage.outputTokens, usage.cost], [1, 1200, 800, 3500], 'one request, its tokens and cost');
      assert.equal((await store().generations.list({ accountId: account.id, limit: 10 })).data.filter((g) => g.id === h.id).length, 1);

      // Never twice: a retry of the same settlement (or another) changes nothing.
      const before = await ledgerSnapshot(store(), account.id, key.id);
      assert.equal(await store().ledger.settle({ holdId: h.id, charge: 3500, generation: gen }), false);
      assert.equal(await store().ledger.settle({ holdId: h.id, charge: 9, generation: { ...gen, cost: 9 } }), false);
      assert.deepEqual(await ledgerSnapshot(store(), account.id, key.id), before);
      assert.equal(await store().ledger.reapExpired(t0 + 5 * MINUTE), 0);
      assert.deepEqual(await store().ledger.check(t0 + 5 * MINUTE), []);

      // The wallet may be overdrawn by that late charge (billing §2.5); further holds are refused.
      for (const x of [other, taker]) {
        await store().ledger.settle({ holdId: x.id, charge: x.amount, generation: generation(x.id, account.id, key.id, { cost: x.amount }) });
      }
      acct = await store().accounts.get(account.id);
      assert.deepEqual([acct?.balance, acct?.held], [500, 0]);
      assert.deepEqual(await store().ledger.check(t0 + 5 * MINUTE, { openHolds: true }), []);
    });

    it('a late settlement with no charge replaces the record and writes no ledger row', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const h = holdInput(account.id, key.id, 4000, { owner: 'paused', expiresAt: t0 });
      await store().ledger.hold(h);
      assert.equal(await store().ledger.reapExpired(t0 + 1), 1);
      const gen = generation(h.id, account.id, key.id, { cost: 0, status: 'cancelled', errorReason: 'client_disconnected', usageSource: null });
      assert.equal(await store().ledger.settle({ holdId: h.id, charge: 0, generation: gen }), true);
      assert.deepEqual(await store().generations.get(h.id), gen);
      assert.equal((await store().ledger.transactions(account.id, { limit: 10 })).data.length, 1, 'only the top-up');
      assert.equal((await store().accounts.get(account.id))?.balance, 10_000);
    });

    it('settles exactly once when the reaper and the settlement race, and when late settlements race', async () => {
      const { account, key } = await seedWallet(store(), 1_000_000);
      const t0 = Date.now();
      const racing = Array.from({ length: 20 }, () => holdInput(account.id, key.id, 10_000, { owner: 'racer', expiresAt: t0 }));
      for (const h of racing) await store().ledger.hold(h);
      const settleOf = (id: string) => store().ledger.settle({ holdId: id, charge: 1_000, generation: generation(id, account.id, key.id, { cost: 1_000 }) });
      // Each hold: the reaper and two settlements of the same call at once.
      const results = await Promise.all([store().ledger.reapExpired(t0 + 1), ...racing.flatMap((h) => [settleOf(h.id), settleOf(h.id)])]);
      const settles = results.slice(1) as boolean[];
      for (let n = 0; n < racing.length; n++) assert.equal(Number(settles[2 * n]) + Number(settles[2 * n + 1]), 1, `hold ${n} charged once`);
      const acct = await store().accounts.get(account.id);
      assert.deepEqual([acct?.balance, acct?.held], [1_000_000 - 20 * 1_000, 0]);
      const charges = (await store().ledger.transactions(account.id, { limit: 100 })).data.filter((t) => t.type === 'charge');
      assert.equal(charges.length, 20);
      assert.equal((await store().keys.usageOn(key.id, utcDay())).requests, 20);
      assert.deepEqual(await store().ledger.check(t0 + 1, { openHolds: true }), []);
    });
  });
}
