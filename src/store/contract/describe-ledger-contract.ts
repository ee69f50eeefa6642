import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../types.js';
import { MINUTE, generation, holdAndSettle, holdInput, ledgerSnapshot as snapshot, seedAccount, seedWallet, utcDay } from './seed-fixtures.js';

export function describeLedgerContract(store: () => Store): void {
  describe('ledger: credit and transactions', () => {
    it('credits top-ups and signed adjustments, each a ledger row', async () => {
      const a = await seedAccount(store());
      assert.equal(await store().ledger.credit(a.id, 1_000_000_000, 'topup', 'first'), 1_000_000_000);
      assert.equal(await store().ledger.credit(a.id, -250_000_000, 'adjustment', null), 750_000_000);
      assert.equal(await store().ledger.credit(a.id, 1, 'topup'), 750_000_001);
      assert.equal((await store().accounts.get(a.id))?.balance, 750_000_001);
      const { data, nextCursor } = await store().ledger.transactions(a.id, { limit: 10 });
      assert.equal(nextCursor, null);
      assert.deepEqual(
        data.map((t) => [t.type, t.amount, t.balanceAfter, t.note, t.generationId, t.keyId]),
        [
          ['topup', 1, 750_000_001, null, null, null],
          ['adjustment', -250_000_000, 750_000_000, null, null, null],
          ['topup', 1_000_000_000, 1_000_000_000, 'first', null, null],
        ],
      );
      for (const t of data) {
        assert.match(t.id, /^txn_[A-Za-z0-9]{16,}$/);
        assert.equal(t.accountId, a.id);
      }
    });

    it('returns null when crediting an unknown account', async () => {
      assert.equal(await store().ledger.credit('acct_unknown', 100, 'topup'), null);
    });

    it('pages transactions newest first with cursors, stable within one millisecond', async () => {
      const a = await seedAccount(store());
      const other = await seedAccount(store(), 5);
      for (let i = 1; i <= 25; i++) await store().ledger.credit(a.id, i, 'topup');
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<Store['ledger']['transactions']>> = await store().ledger.transactions(a.id, { limit: 10, cursor });
        assert.ok(page.data.length <= 10);
        seen.push(...page.data.map((t) => t.amount));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => 25 - i));
      assert.equal((await store().ledger.transactions(other.id, { limit: 10 })).data.length, 1);
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const a = await seedAccount(store());
      for (let i = 1; i <= 4; i++) await store().ledger.credit(a.id, i, 'topup');
      const p1 = await store().ledger.transactions(a.id, { limit: 2 });
      assert.deepEqual(p1.data.map((t) => t.amount), [4, 3]);
      assert.ok(p1.nextCursor);
      const p2 = await store().ledger.transactions(a.id, { limit: 2, cursor: p1.nextCursor });
      assert.deepEqual(p2.data.map((t) => t.amount), [2, 1]);
      assert.equal(p2.nextCursor, null);
      assert.deepEqual(await store().ledger.transactions('acct_unknown', { limit: 2 }), { data: [], nextCursor: null });
      await assert.rejects(store().ledger.transactions(a.id, { limit: 2, cursor: 'not-a-cursor' }));
    });
  });

  describe('ledger: hold', () => {
    it('admits a hold equal to the available amount and refuses one unit more', async () => {
      const { account, key } = await seedWallet(store(), 1000);
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 1001)), {
        ok: false, reason: 'insufficient_balance', balance: 1000, available: 1000,
      });
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 400)), { ok: true });
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 601)), {
        ok: false, reason: 'insufficient_balance', balance: 1000, available: 600,
      });
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 600)), { ok: true });
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 1)), {
        ok: false, reason: 'insufficient_balance', balance: 1000, available: 0,
      });
      const acct = await store().accounts.get(account.id);
      assert.equal(acct?.balance, 1000);
      assert.equal(acct?.held, 1000);
    });

    it('refuses an unknown account as insufficient balance with zeros', async () => {
      const { key } = await seedWallet(store(), 1000);
      assert.deepEqual(await store().ledger.hold(holdInput('acct_unknown', key.id, 1)), {
        ok: false, reason: 'insufficient_balance', balance: 0, available: 0,
      });
    });

    it('records the hold so getHold returns it', async () => {
      const { account, key } = await seedWallet(store(), 1000);
      const input = holdInput(account.id, key.id, 250, { expiresAt: 1_900_000_000_000 });
      await store().ledger.hold(input);
      const h = await store().ledger.getHold(input.id);
      assert.ok(h);
      assert.deepEqual({ ...h, createdAt: '' }, { id: input.id, accountId: account.id, keyId: key.id, amount: 250, owner: 'contract-owner', expiresAt: 1_900_000_000_000, createdAt: '' });
      assert.ok(!Number.isNaN(Date.parse(h.createdAt)));
      assert.equal(await store().ledger.getHold('gen-unknown'), null);
    });

    it('refuses past the daily limit: spent today + active holds of the key + new hold', async () => {
      const { account, key } = await seedWallet(store(), 1_000_000);
      const other = await store().keys.create({ accountId: account.id, name: 'other', keyHash: 'other-key', keyPrefix: 'ck-zzzz' });
      const day = utcDay();
      const limited = (amount: number) => holdInput(account.id, key.id, amount, { dailyLimit: 1000, day });
      assert.deepEqual(await store().ledger.hold(limited(600)), { ok: true });
      assert.deepEqual(await store().ledger.hold(limited(401)), { ok: false, reason: 'daily_limit_exceeded', spentToday: 0, held: 600 });
      // Another key's holds do not count against this key.
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, other.id, 5000, { dailyLimit: 1000, day })), {
        ok: false, reason: 'daily_limit_exceeded', spentToday: 0, held: 0,
      });
      await holdAndSettle(store(), account.id, key.id, 400, 300, { createdAt: new Date().toISOString() });
      assert.deepEqual(await store().ledger.hold(limited(101)), { ok: false, reason: 'daily_limit_exceeded', spentToday: 300, held: 600 });
      assert.deepEqual(await store().ledger.hold(limited(100)), { ok: true });
      // Without a limit, or counted on another day, the same hold passes.
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 5000, { dailyLimit: null })), { ok: true });
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 100, { dailyLimit: 1000, day: '1999-01-01' })), {
        ok: false, reason: 'daily_limit_exceeded', spentToday: 0, held: 5700,
      });
    });

    it('rejects money that is not an integer count of units', async () => {
      const { account, key } = await seedWallet(store(), 1000);
      await assert.rejects(store().ledger.hold(holdInput(account.id, key.id, 1.5)));
      await assert.rejects(store().ledger.credit(account.id, 0.1, 'topup'));
      const input = holdInput(account.id, key.id, 10);
      await store().ledger.hold(input);
      await assert.rejects(store().ledger.settle({ holdId: input.id, charge: 2.5, generation: generation(input.id, account.id, key.id) }));
      assert.ok(await store().ledger.getHold(input.id), 'a refused settle leaves the hold in place');
      assert.equal((await store().accounts.get(account.id))?.balance, 1000);
    });

    it('checks the balance before the daily limit', async () => {
      const { account, key } = await seedWallet(store(), 100);
      const r = await store().ledger.hold(holdInput(account.id, key.id, 500, { dailyLimit: 10 }));
      assert.equal(r.ok ? 'ok' : r.reason, 'insufficient_balance');
    });
  });

  describe('ledger: settle', () => {
    it('charges, releases the hold, writes the generation and the ledger row in one step', async () => {
      const { account, key } = await seedWallet(store(), 1_000_000);
      const input = holdInput(account.id, key.id, 10_000);
      await store().ledger.hold(input);
      const gen = generation(input.id, account.id, key.id, { cost: 7_500, upstreamCost: 7_143 });
      assert.equal(await store().ledger.settle({ holdId: input.id, charge: 7_500, generation: gen }), true);
      const acct = await store().accounts.get(account.id);
      assert.equal(acct?.balance, 992_500);
      assert.equal(acct?.held, 0);
      assert.equal(await store().ledger.getHold(input.id), null);
      assert.deepEqual(await store().generations.get(input.id), gen);
      const [charge] = (await store().ledger.transactions(account.id, { limit: 1 })).data;
      assert.equal(charge.type, 'charge');
      assert.equal(charge.amount, -7_500);
      assert.equal(charge.balanceAfter, 992_500);
      assert.equal(charge.generationId, input.id);
      assert.equal(charge.keyId, key.id);
      assert.deepEqual(await store().ledger.check(Date.now()), []);
    });

    it('settles exactly once: a second settle is false and changes nothing', async () => {
      const { account, key } = await seedWallet(store(), 1_000_000);
      const input = holdInput(account.id, key.id, 10_000);
      await store().ledger.hold(input);
      const gen = generation(input.id, account.id, key.id, { cost: 5_000 });
      assert.equal(await store().ledger.settle({ holdId: input.id, charge: 5_000, generation: gen }), true);
      const before = await snapshot(store(), account.id, key.id);
      assert.equal(await store().ledger.settle({ holdId: input.id, charge: 9_000, generation: { ...gen, cost: 9_000 } }), false);
      assert.deepEqual(await snapshot(store(), account.id, key.id), before);
      assert.equal(await store().ledger.settle({ holdId: 'gen-never-held', charge: 1, generation: gen }), false);
      assert.deepEqual(await snapshot(store(), account.id, key.id), before);
    });

    it('writes no ledger row for a zero charge but still records the generation and usage', async () => {
      const { account, key } = await seedWallet(store(), 1000);
      const id = await holdAndSettle(store(), account.id, key.id, 500, 0, { status: 'failed', errorReason: 'upstream_error', usageSource: null });
      assert.equal((await store().accounts.get(account.id))?.balance, 1000);
      assert.equal((await store().ledger.transactions(account.id, { limit: 10 })).data.length, 1);
      assert.equal((await store().generations.get(id))?.status, 'failed');
      assert.equal((await store().keys.usageOn(key.id, utcDay())).requests, 1);
    });

    it('charges more than the hold when input was underestimated; the balance may go negative', async () => {
      const { account, key } = await seedWallet(store(), 1000);
      await holdAndSettle(store(), account.id, key.id, 900, 1500);
      const acct = await store().accounts.get(account.id);
      assert.equal(acct?.balance, -500);
      assert.equal(acct?.held, 0);
      assert.deepEqual(await store().ledger.hold(holdInput(account.id, key.id, 1)), {
        ok: false, reason: 'insufficient_balance', balance: -500, available: -500,
      });
      assert.deepEqual(await store().ledger.check(Date.now()), []);
    });
  });

  describe('ledger: reaper and check', () => {
    it('reports nothing for a sound ledger', async () => {
      const { account, key } = await seedWallet(store(), 1_000_000);
      await holdAndSettle(store(), account.id, key.id, 1000, 900);
      await store().ledger.hold(holdInput(account.id, key.id, 500));
      await store().ledger.credit(account.id, -1, 'adjustment');
      assert.deepEqual(await store().ledger.check(Date.now()), []);
    });

    it('reports a live (unexpired) hold when asked for open holds', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const live = holdInput(account.id, key.id, 700, { expiresAt: Date.now() + 5 * MINUTE });
      await store().ledger.hold(live);
      assert.deepEqual((await store().ledger.check(Date.now())).filter((p) => p.accountId === account.id), []);
      const problems = (await store().ledger.check(Date.now(), { openHolds: true })).filter((p) => p.accountId === account.id);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].holdId, live.id);
      assert.match(problems[0].problem, /open since .* not settled/);
      await store().ledger.settle({ holdId: live.id, charge: 0, generation: generation(live.id, account.id, key.id) });
      assert.deepEqual((await store().ledger.check(Date.now(), { openHolds: true })).filter((p) => p.accountId === account.id), []);
    });

    it('releases expired holds with a failed generation, and check reports them until then', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const t0 = Date.now();
      const early = holdInput(account.id, key.id, 3000, { expiresAt: t0 + 1 * MINUTE });
      const late = holdInput(account.id, key.id, 2000, { expiresAt: t0 + 5 * MINUTE });
      await store().ledger.hold(early);
      await store().ledger.hold(late);

      const problems = await store().ledger.check(t0 + 2 * MINUTE);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].holdId, early.id);
      assert.equal(problems[0].accountId, account.id);

      assert.equal(await store().ledger.reapExpired(t0 + 1 * MINUTE), 0, 'expires_at < now, strictly');
      assert.equal(await store().ledger.reapExpired(t0 + 2 * MINUTE), 1);
      assert.equal(await store().ledger.reapExpired(t0 + 2 * MINUTE), 0);
      const acct = await store().accounts.get(account.id);
      assert.equal(acct?.balance, 10_000);
      assert.equal(acct?.held, 2000);
      assert.equal(await store().ledger.getHold(early.id), null);
      const g = await store().generations.get(early.id);
      assert.equal(g?.status, 'failed');
      assert.equal(g?.errorReason, 'hold_expired');
      assert.equal(g?.cost, 0);
      assert.equal(g?.inputTokens, 0);
      assert.equal(g?.outputTokens, 0);
      assert.equal(g?.usageSource, null);
      assert.equal(g?.accountId, account.id);
      assert.equal(g?.keyId, key.id);
      assert.equal((await store().generations.get(late.id))?.status, 'pending');
      assert.deepEqual(await store().ledger.check(t0 + 2 * MINUTE), []);
      assert.equal(await store().ledger.reapExpired(t0 + 10 * MINUTE), 1);
      assert.equal((await store().accounts.get(account.id))?.held, 0);
      assert.deepEqual(await store().ledger.check(t0 + 10 * MINUTE), []);
    });
  });
}
