import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GenerationFilter, GenerationRecord, Store } from '../types.js';
import { generation, holdAndSettle, holdInput, seedKey, seedWallet } from './seed-fixtures.js';

export function describeGenerationsContract(store: () => Store): void {
  describe('generations', () => {
    it('shows an in-flight request as pending, then the settled record', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      const input = holdInput(account.id, key.id, 5000);
      await store().ledger.hold(input);
      const pending = await store().generations.get(input.id);
      assert.ok(pending);
      assert.equal(pending.status, 'pending');
      assert.equal(pending.id, input.id);
      assert.equal(pending.accountId, account.id);
      assert.equal(pending.keyId, key.id);
      assert.equal(pending.cost, 0);
      assert.equal(pending.inputTokens, 0);
      assert.equal(pending.outputTokens, 0);
      assert.ok(!Number.isNaN(Date.parse(pending.createdAt)));

      const gen = generation(input.id, account.id, key.id, {
        streamed: true, status: 'cancelled', provider: null, requestId: null, cost: 1234, upstreamCost: 1175,
        latencyMs: null, generationTimeMs: null, finishReason: null, usageSource: 'estimated', errorReason: 'client_disconnected',
      });
      await store().ledger.settle({ holdId: input.id, charge: 1234, generation: gen });
      assert.deepEqual(await store().generations.get(input.id), gen);
      assert.equal(await store().generations.get('gen-unknown'), null);
    });

    it('lists newest first with filters and cursors across pages', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const key2 = await seedKey(store(), account.id);
      const { account: other, key: otherKey } = await seedWallet(store(), 10_000_000);
      // 12 generations over 4 timestamps (3 share each millisecond), two models, two keys.
      const made: GenerationRecord[] = [];
      for (let i = 0; i < 12; i++) {
        const createdAt = new Date(Date.UTC(2026, 4, 12, 10, 0, Math.floor(i / 3))).toISOString();
        const k = i % 2 === 0 ? key : key2;
        const model = i % 3 === 0 ? 'm/a' : 'm/b';
        const id = await holdAndSettle(store(), account.id, k.id, 100, 10, { createdAt, model });
        made.push((await store().generations.get(id)) as GenerationRecord);
      }
      await holdAndSettle(store(), other.id, otherKey.id, 100, 10, { createdAt: '2026-05-12T10:00:05.000Z' });

      const newestFirst = [...made].reverse().sort((x, y) => y.createdAt.localeCompare(x.createdAt));
      const all = await pageThrough(store(), { accountId: account.id, limit: 5 });
      assert.equal(all.pages, 3);
      assert.deepEqual(all.ids.sort(), made.map((g) => g.id).sort(), 'no duplicates, no gaps');
      const seenOrder = (await pageThrough(store(), { accountId: account.id, limit: 5 })).records.map((g) => g.createdAt);
      assert.deepEqual(seenOrder, newestFirst.map((g) => g.createdAt));

      const byKey = await pageThrough(store(), { accountId: account.id, keyId: key2.id, limit: 4 });
      assert.deepEqual(byKey.ids.sort(), made.filter((g) => g.keyId === key2.id).map((g) => g.id).sort());
      const byModel = await pageThrough(store(), { accountId: account.id, model: 'm/a', limit: 2 });
      assert.deepEqual(byModel.ids.sort(), made.filter((g) => g.model === 'm/a').map((g) => g.id).sort());
      const keyOnly = await pageThrough(store(), { keyId: otherKey.id, limit: 10 });
      assert.equal(keyOnly.ids.length, 1);
      const everything = await pageThrough(store(), { limit: 100 });
      assert.equal(everything.ids.length, 13);
      assert.equal(everything.pages, 1);
      assert.deepEqual(await store().generations.list({ accountId: 'acct_none', limit: 5 }), { data: [], nextCursor: null });
      await assert.rejects(store().generations.list({ limit: 5, cursor: 'not-a-cursor' }));
    });

    it('filters the list by status and by a [from, to) time range', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const made: Array<[string, 'completed' | 'failed' | 'cancelled']> = [
        ['2026-06-01T08:00:00.000Z', 'completed'],
        ['2026-06-02T08:00:00.000Z', 'failed'],
        ['2026-06-03T08:00:00.000Z', 'completed'],
        ['2026-06-04T08:00:00.000Z', 'cancelled'],
      ];
      // Written concurrently (one group commit on a writer thread): the order comes from created_at.
      const ids = await Promise.all(made.map(([createdAt, status]) => holdAndSettle(store(), account.id, key.id, 100, 10, { createdAt, status })));
      const list = async (f: Partial<GenerationFilter>) => (await store().generations.list({ accountId: account.id, limit: 10, ...f })).data.map((g) => g.id);
      assert.deepEqual(await list({ status: 'completed' }), [ids[2], ids[0]]);
      assert.deepEqual(await list({ status: 'failed' }), [ids[1]]);
      assert.deepEqual(await list({ from: '2026-06-02T08:00:00.000Z', to: '2026-06-04T08:00:00.000Z' }), [ids[2], ids[1]], 'from inclusive, to exclusive');
      assert.deepEqual(await list({ from: '2026-06-02T00:00:00.000Z', status: 'completed' }), [ids[2]]);
      assert.deepEqual(await list({ keyId: key.id, to: '2026-06-02T00:00:00.000Z' }), [ids[0]]);
      const paged = await pageThrough(store(), { accountId: account.id, from: '2026-06-01T12:00:00.000Z', limit: 1 });
      assert.deepEqual(paged.ids, [ids[3], ids[2], ids[1]]);
    });

    it('aggregates usage by key and narrows it to one key', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const key2 = await seedKey(store(), account.id);
      await Promise.all([
        holdAndSettle(store(), account.id, key.id, 1000, 100, { createdAt: '2026-07-01T01:00:00.000Z', model: 'm/a', inputTokens: 1, outputTokens: 2 }),
        holdAndSettle(store(), account.id, key2.id, 1000, 200, { createdAt: '2026-07-01T02:00:00.000Z', model: 'm/a', inputTokens: 3, outputTokens: 4 }),
        holdAndSettle(store(), account.id, key2.id, 1000, 300, { createdAt: '2026-07-02T02:00:00.000Z', model: 'm/b', inputTokens: 5, outputTokens: 6 }),
      ]);
      const byKey = await store().generations.usage({ accountId: account.id, groupBy: ['key'] });
      assert.deepEqual(
        byKey.map((r) => [r.keyId, r.requests, r.cost]).sort(),
        [[key.id, 1, 100], [key2.id, 2, 500]].sort(),
      );
      assert.deepEqual(await store().generations.usage({ keyId: key2.id, groupBy: ['day'] }), [
        { day: '2026-07-01', requests: 1, inputTokens: 3, outputTokens: 4, cost: 200 },
        { day: '2026-07-02', requests: 1, inputTokens: 5, outputTokens: 6, cost: 300 },
      ]);
      const dayKey = await store().generations.usage({ accountId: account.id, from: '2026-07-01T00:00:00.000Z', to: '2026-07-02T00:00:00.000Z', groupBy: ['day', 'key'] });
      assert.deepEqual(dayKey.map((r) => [r.day, r.keyId, r.cost]).sort(), [['2026-07-01', key.id, 100], ['2026-07-01', key2.id, 200]].sort());
      assert.deepEqual(await store().generations.usage({ accountId: account.id, keyId: key.id, groupBy: ['model'] }), [
        { model: 'm/a', requests: 1, inputTokens: 1, outputTokens: 2, cost: 100 },
      ]);
    });

    it('does not list pending generations', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      await store().ledger.hold(holdInput(account.id, key.id, 10));
      assert.deepEqual((await store().generations.list({ accountId: account.id, limit: 10 })).data, []);
    });

    it('aggregates usage by day and/or model within [from, to)', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const { account: other, key: otherKey } = await seedWallet(store(), 10_000_000);
      const rows: Array<[string, string, number, number, number]> = [
        ['2026-05-11T23:59:59.999Z', 'm/a', 10, 1, 100],
        ['2026-05-12T00:00:00.000Z', 'm/a', 20, 2, 200],
        ['2026-05-12T12:00:00.000Z', 'm/b', 30, 3, 300],
        ['2026-05-13T00:00:00.000Z', 'm/b', 40, 4, 400],
      ];
      for (const [createdAt, model, inputTokens, outputTokens, cost] of rows) {
        await holdAndSettle(store(), account.id, key.id, 1000, cost, { createdAt, model, inputTokens, outputTokens });
      }
      await holdAndSettle(store(), other.id, otherKey.id, 1000, 999, { createdAt: '2026-05-12T01:00:00.000Z', model: 'm/a' });
      const q = { accountId: account.id };

      assert.deepEqual(await store().generations.usage({ ...q, groupBy: ['day'] }), [
        { day: '2026-05-11', requests: 1, inputTokens: 10, outputTokens: 1, cost: 100 },
        { day: '2026-05-12', requests: 2, inputTokens: 50, outputTokens: 5, cost: 500 },
        { day: '2026-05-13', requests: 1, inputTokens: 40, outputTokens: 4, cost: 400 },
      ]);
      assert.deepEqual(await store().generations.usage({ ...q, groupBy: ['model'] }), [
        { model: 'm/a', requests: 2, inputTokens: 30, outputTokens: 3, cost: 300 },
        { model: 'm/b', requests: 2, inputTokens: 70, outputTokens: 7, cost: 700 },
      ]);
      assert.deepEqual(
        await store().generations.usage({ ...q, from: '2026-05-12T00:00:00.000Z', to: '2026-05-13T00:00:00.000Z', groupBy: ['day', 'model'] }),
        [
          { day: '2026-05-12', model: 'm/a', requests: 1, inputTokens: 20, outputTokens: 2, cost: 200 },
          { day: '2026-05-12', model: 'm/b', requests: 1, inputTokens: 30, outputTokens: 3, cost: 300 },
        ],
      );
      assert.deepEqual(await store().generations.usage({ ...q, groupBy: [] }), [
        { requests: 4, inputTokens: 100, outputTokens: 10, cost: 1000 },
      ]);
      const everyone = await store().generations.usage({ groupBy: ['model'] });
      assert.deepEqual(everyone.map((r) => [r.model, r.requests, r.cost]), [['m/a', 3, 1299], ['m/b', 2, 700]]);
      assert.deepEqual(await store().generations.usage({ ...q, from: '2030-01-01T00:00:00.000Z', groupBy: ['day'] }), []);
    });

    it('groups usage by key and account, narrows to a key, and adds partial edge days to whole ones', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const key2 = await seedKey(store(), account.id);
      const { account: other, key: otherKey } = await seedWallet(store(), 10_000_000);
      const rows: Array<[string, string, string, number]> = [
        ['2026-05-11T18:00:00.000Z', account.id, key.id, 100],
        ['2026-05-12T06:00:00.000Z', account.id, key2.id, 200],
        ['2026-05-12T20:00:00.000Z', account.id, key.id, 300],
        ['2026-05-13T01:00:00.000Z', account.id, key2.id, 400],
        ['2026-05-13T23:00:00.000Z', other.id, otherKey.id, 500],
      ];
      for (const [createdAt, acct, k, cost] of rows) await holdAndSettle(store(), acct, k, 1000, cost, { createdAt, inputTokens: 1, outputTokens: 2 });

      const byKey = await store().generations.usage({ accountId: account.id, groupBy: ['key'] });
      assert.deepEqual(byKey, [
        { keyId: key.id, requests: 2, inputTokens: 2, outputTokens: 4, cost: 400 },
        { keyId: key2.id, requests: 2, inputTokens: 2, outputTokens: 4, cost: 600 },
      ].sort((a, b) => (a.keyId < b.keyId ? -1 : 1)));
      assert.deepEqual(await store().generations.usage({ keyId: key2.id, groupBy: ['day'] }), [
        { day: '2026-05-12', requests: 1, inputTokens: 1, outputTokens: 2, cost: 200 },
        { day: '2026-05-13', requests: 1, inputTokens: 1, outputTokens: 2, cost: 400 },
      ]);
      const byAccount = await store().generations.usage({ from: '2026-05-12T00:00:00.000Z', groupBy: ['account'] });
      assert.deepEqual(byAccount.map((r) => [r.accountId, r.requests, r.cost]).sort(), [[account.id, 3, 900], [other.id, 1, 500]].sort());
      // 12:00 on the 11th to 12:00 on the 13th: half a day, a whole day, half a day.
      const edges = { accountId: account.id, from: '2026-05-11T12:00:00.000Z', to: '2026-05-13T12:00:00.000Z' };
      assert.deepEqual(await store().generations.usage({ ...edges, groupBy: [] }), [{ requests: 4, inputTokens: 4, outputTokens: 8, cost: 1000 }]);
      assert.deepEqual(await store().generations.usage({ ...edges, from: '2026-05-11T19:00:00.000Z', groupBy: ['day'] }), [
        { day: '2026-05-12', requests: 2, inputTokens: 2, outputTokens: 4, cost: 500 },
        { day: '2026-05-13', requests: 1, inputTokens: 1, outputTokens: 2, cost: 400 },
      ]);
      // Within one day.
      assert.deepEqual(await store().generations.usage({ accountId: account.id, from: '2026-05-12T05:00:00.000Z', to: '2026-05-12T07:00:00.000Z', groupBy: ['model'] }), [
        { model: 'mock/echo', requests: 1, inputTokens: 1, outputTokens: 2, cost: 200 },
      ]);
      assert.deepEqual(await store().generations.usage({ accountId: 'acct_none', groupBy: [] }), [{ requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 }]);
    });

    it("counts a late settlement once in the rollup, in place of the reaper's failed record", async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const t0 = Date.now();
      const h = holdInput(account.id, key.id, 5000, { owner: 'paused', expiresAt: t0 });
      await store().ledger.hold(h);
      assert.equal(await store().ledger.reapExpired(t0 + 1), 1);
      const createdAt = new Date(t0).toISOString();
      await store().ledger.settle({ holdId: h.id, charge: 4000, generation: generation(h.id, account.id, key.id, { model: 'm/late', cost: 4000, inputTokens: 30, outputTokens: 40, createdAt }) });
      const day = createdAt.slice(0, 10);
      const nextDay = new Date(Date.parse(day) + 86_400_000).toISOString();
      assert.deepEqual(await store().generations.usage({ accountId: account.id, from: `${day}T00:00:00.000Z`, to: nextDay, groupBy: ['model'] }), [
        { model: 'm/late', requests: 1, inputTokens: 30, outputTokens: 40, cost: 4000 },
      ]);
    });

    it('purges raw rows before a time in bounded batches; whole-day usage and the ledger stay', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      for (let i = 0; i < 5; i++) await holdAndSettle(store(), account.id, key.id, 1000, 100 + i, { createdAt: `2026-05-0${i + 1}T10:00:00.000Z` });
      const recent = await holdAndSettle(store(), account.id, key.id, 1000, 7, { createdAt: new Date().toISOString() });
      const usageBefore = await store().generations.usage({ accountId: account.id, to: '2026-05-06T00:00:00.000Z', groupBy: ['day'] });
      const balanceBefore = (await store().accounts.get(account.id))?.balance;
      const txnsBefore = await store().ledger.transactions(account.id, { limit: 100 });

      assert.equal(await store().generations.purgeBefore('2026-05-04T00:00:00.000Z', 2), 2, 'at most the batch size');
      assert.equal(await store().generations.purgeBefore('2026-05-04T00:00:00.000Z', 2), 1);
      assert.equal(await store().generations.purgeBefore('2026-05-04T00:00:00.000Z', 2), 0);
      const left = (await store().generations.list({ accountId: account.id, limit: 100 })).data.map((g) => g.createdAt.slice(0, 10));
      assert.deepEqual(left.slice(1), ['2026-05-05', '2026-05-04'], 'the oldest went first');
      assert.ok(await store().generations.get(recent));

      assert.deepEqual(await store().generations.usage({ accountId: account.id, to: '2026-05-06T00:00:00.000Z', groupBy: ['day'] }), usageBefore, 'whole days come from the rollup');
      assert.equal((await store().accounts.get(account.id))?.balance, balanceBefore);
      assert.deepEqual(await store().ledger.transactions(account.id, { limit: 100 }), txnsBefore, 'ledger entries are never purged');
      assert.deepEqual(await store().ledger.check(Date.now(), { openHolds: true }), []);
    });
  });
}

async function pageThrough(store: Store, filter: Omit<GenerationFilter, 'cursor'>) {
  const records: GenerationRecord[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<Store['generations']['list']>> = await store.generations.list({ ...filter, cursor });
    assert.ok(page.data.length <= filter.limit);
    records.push(...page.data);
    cursor = page.nextCursor;
    pages++;
    assert.ok(pages < 1000, 'pagination terminates');
  } while (cursor);
  for (let i = 1; i < records.length; i++) {
    assert.ok(records[i - 1].createdAt >= records[i].createdAt, 'newest first');
  }
  return { records, ids: records.map((g) => g.id), pages };
}
