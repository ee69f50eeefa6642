import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../types.js';
import { MINUTE, generation, holdInput, seedWallet } from './seed-fixtures.js';

/**
 * Two store instances (two connections or pools, as two gateway processes have) on the same
 * data: one wallet, holds that never overspend it, settlements that land once, key changes
 * seen by the other instance on its next lookup.
 */
export function describeSharedContract(pair: () => [Store, Store]): void {
  describe('two instances on the same data', () => {
    it('300 concurrent holds split over both admit exactly what the wallet covers; each settles once', async () => {
      const [a, b] = pair();
      const { account, key } = await seedWallet(a, 45_000_000);
      const inputs = Array.from({ length: 300 }, () => holdInput(account.id, key.id, 1_000_000));
      const results = await Promise.all(inputs.map((input, n) => (n % 2 === 0 ? a : b).ledger.hold(input)));
      const admitted = inputs.filter((_, n) => results[n].ok);
      assert.equal(admitted.length, 45, 'never more than the wallet held');
      assert.equal((await b.accounts.get(account.id))?.held, 45_000_000);

      // Both instances settle every admitted hold at once: exactly one settlement of each lands.
      const charges = admitted.map((_, n) => 500_000 + n * 1_237);
      const settled = await Promise.all(
        admitted.flatMap((h, n) =>
          [a, b].map((s) => s.ledger.settle({ holdId: h.id, charge: charges[n], generation: generation(h.id, account.id, key.id, { cost: charges[n] }) })),
        ),
      );
      for (let n = 0; n < admitted.length; n++) assert.equal(Number(settled[2 * n]) + Number(settled[2 * n + 1]), 1, `hold ${n} settled exactly once`);
      const end = await a.accounts.get(account.id);
      assert.equal(end?.balance, 45_000_000 - charges.reduce((x, y) => x + y, 0));
      assert.equal(end?.held, 0);
      assert.deepEqual(await b.ledger.check(Date.now(), { openHolds: true }), []);
    });

    it('both reapers at once release each expired hold exactly once', async () => {
      const [a, b] = pair();
      const { account, key } = await seedWallet(a, 10_000_000);
      const t0 = Date.now();
      for (let i = 0; i < 40; i++) await (i % 2 ? a : b).ledger.hold(holdInput(account.id, key.id, 1000, { expiresAt: t0 }));
      const [ra, rb] = await Promise.all([a.ledger.reapExpired(t0 + MINUTE), b.ledger.reapExpired(t0 + MINUTE)]);
      assert.equal(ra + rb, 40);
      const acct = await b.accounts.get(account.id);
      assert.equal(acct?.held, 0);
      assert.equal(acct?.balance, 10_000_000);
      assert.deepEqual(await a.ledger.check(t0 + MINUTE, { openHolds: true }), []);
    });

    it('holds, settlements, lease renewals and reapers of both at once, over several wallets: no error, exact ledger', async () => {
      const [a, b] = pair();
      const wallets = await Promise.all([1, 2, 3].map(() => seedWallet(a, 20_000_000)));
      const t0 = Date.now();
      const live = wallets.flatMap((w, i) => Array.from({ length: 20 }, (_, n) => holdInput(w.account.id, w.key.id, 100_000, { owner: n % 2 ? 'proc-a' : 'proc-b', expiresAt: n % 4 === 0 ? t0 : t0 + 10 * MINUTE, id: `gen-mix-${i}-${n}-${Date.now()}` })));
      const results = await Promise.all(live.map((h, n) => (n % 2 ? a : b).ledger.hold(h)));
      assert.ok(results.every((r) => r.ok));
      const idsOf = (owner: string) => live.filter((h) => h.owner === owner).map((h) => h.id);
      // Everything at once: each instance renews its holds and reaps; both settle every hold.
      const settled = await Promise.all([
        a.ledger.renewLeases('proc-a', idsOf('proc-a'), t0 + 20 * MINUTE),
        b.ledger.renewLeases('proc-b', idsOf('proc-b'), t0 + 20 * MINUTE),
        a.ledger.reapExpired(t0 + 1),
        b.ledger.reapExpired(t0 + 1),
        ...live.flatMap((h) => [a, b].map((s) => s.ledger.settle({ holdId: h.id, charge: 10_000, generation: generation(h.id, h.accountId, h.keyId, { cost: 10_000 }) }))),
      ]);
      const settles = settled.slice(4) as boolean[];
      for (let n = 0; n < live.length; n++) assert.equal(Number(settles[2 * n]) + Number(settles[2 * n + 1]), 1, `hold ${n} settled once`);
      for (const w of wallets) {
        const acct = await b.accounts.get(w.account.id);
        assert.deepEqual([acct?.balance, acct?.held], [20_000_000 - 20 * 10_000, 0], 'every call charged once, reaped or not');
      }
      assert.deepEqual(await a.ledger.check(Date.now(), { openHolds: true }), []);
    });

    it("sees the other instance's key revocation and changes on its next lookup", async () => {
      const [a, b] = pair();
      const { account, key } = await seedWallet(a, 1000, { keyHash: 'shared-key-hash' });
      assert.equal((await b.keys.findByHash('shared-key-hash'))?.id, key.id);
      assert.equal((await b.keys.findByHash('shared-key-hash'))?.id, key.id);
      // The next request reaches the other instance in a later event-loop turn.
      const nextTurn = () => new Promise((r) => setImmediate(r));
      await a.accounts.update(account.id, { rpmLimit: 7 });
      await nextTurn();
      assert.equal((await b.keys.findByHash('shared-key-hash'))?.accountRpmLimit, 7);
      await a.keys.update(key.id, { isActive: false });
      await nextTurn();
      assert.equal((await b.keys.findByHash('shared-key-hash'))?.isActive, false);
      await a.keys.delete(key.id);
      await nextTurn();
      assert.equal(await b.keys.findByHash('shared-key-hash'), null, 'revoked through one instance, refused by the other');
    });
  });
}
