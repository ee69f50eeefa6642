import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../types.js';
import { generation, holdInput, seedWallet } from './seed-fixtures.js';

export function describeConcurrencyContract(store: () => Store): void {
  describe('concurrency', () => {
    it('200 concurrent holds of $0.01 against $0.30 admit exactly 30, and settling balances to the unit', async () => {
      const { account, key } = await seedWallet(store(), 30_000_000);
      const inputs = Array.from({ length: 200 }, () => holdInput(account.id, key.id, 1_000_000));
      const results = await Promise.all(inputs.map((i) => store().ledger.hold(i)));
      const admitted = inputs.filter((_, n) => results[n].ok);
      assert.equal(admitted.length, 30);
      for (const r of results) if (!r.ok) assert.equal(r.reason, 'insufficient_balance');
      const mid = await store().accounts.get(account.id);
      assert.equal(mid?.held, 30_000_000);
      assert.equal(mid?.balance, 30_000_000);

      // Settle every admitted hold twice at once: exactly one settle of each wins.
      const charges = admitted.map((_, n) => (n % 5 === 0 ? 0 : 1_000_000 - n * 7_919));
      const settles = await Promise.all(
        admitted.flatMap((h, n) =>
          [0, 1].map(() =>
            store().ledger.settle({ holdId: h.id, charge: charges[n], generation: generation(h.id, account.id, key.id, { cost: charges[n] }) }),
          ),
        ),
      );
      for (let n = 0; n < admitted.length; n++) {
        assert.equal(Number(settles[2 * n]) + Number(settles[2 * n + 1]), 1, `hold ${n} settled exactly once`);
      }
      const charged = charges.reduce((a, b) => a + b, 0);
      const end = await store().accounts.get(account.id);
      assert.equal(end?.balance, 30_000_000 - charged);
      assert.equal(end?.held, 0);
      assert.deepEqual(await store().ledger.check(Date.now()), []);
      const txns = await store().ledger.transactions(account.id, { limit: 1000 });
      assert.equal(txns.data.filter((t) => t.type === 'charge').length, charges.filter((c) => c > 0).length);
    });

    it('interleaved holds and settles never let available go below zero', async () => {
      const { account, key } = await seedWallet(store(), 5_000_000);
      let refused = 0;
      await Promise.all(
        Array.from({ length: 100 }, async (_, n) => {
          const input = holdInput(account.id, key.id, 400_000);
          const r = await store().ledger.hold(input);
          if (!r.ok) {
            refused++;
            return;
          }
          const acct = await store().accounts.get(account.id);
          assert.ok(acct && acct.balance - acct.held >= 0, 'never overspent');
          await store().ledger.settle({ holdId: input.id, charge: n % 3 === 0 ? 400_000 : 0, generation: generation(input.id, account.id, key.id) });
        }),
      );
      const end = await store().accounts.get(account.id);
      assert.equal(end?.held, 0);
      assert.ok(end && end.balance >= 0);
      assert.ok(refused < 100);
      assert.deepEqual(await store().ledger.check(Date.now()), []);
    });
  });
}
