import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../types.js';
import { holdAndSettle, holdInput, seedAccount, seedKey, seedWallet } from './seed-fixtures.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function describeAccountsContract(store: () => Store): void {
  describe('accounts', () => {
    it('is empty on first start, not after an account exists', async () => {
      assert.equal(await store().accounts.isEmpty(), true);
      await store().accounts.create({ name: 'first' });
      assert.equal(await store().accounts.isEmpty(), false);
    });

    it('creates an account with a zero wallet and reads it back', async () => {
      const a = await store().accounts.create({ name: 'Acme', rpmLimit: 90 });
      assert.match(a.id, /^acct_[A-Za-z0-9]{16}$/);
      assert.match(a.createdAt, ISO);
      assert.deepEqual(a, { id: a.id, name: 'Acme', balance: 0, held: 0, rpmLimit: 90, modelRpmLimit: null, createdAt: a.createdAt });
      assert.deepEqual(await store().accounts.get(a.id), a);
      const b = await store().accounts.create({ name: 'Other' });
      assert.equal(b.rpmLimit, null);
      assert.notEqual(a.id, b.id);
    });

    it('returns null for an unknown account', async () => {
      assert.equal(await store().accounts.get('acct_nope'), null);
      assert.equal(await store().accounts.update('acct_nope', { name: 'x' }), null);
    });

    it('updates only the given fields; null clears the rpm limit', async () => {
      const a = await store().accounts.create({ name: 'Acme', rpmLimit: 90 });
      const renamed = await store().accounts.update(a.id, { name: 'Acme 2' });
      assert.equal(renamed?.name, 'Acme 2');
      assert.equal(renamed?.rpmLimit, 90);
      const cleared = await store().accounts.update(a.id, { rpmLimit: null });
      assert.equal(cleared?.name, 'Acme 2');
      assert.equal(cleared?.rpmLimit, null);
      assert.deepEqual(await store().accounts.get(a.id), cleared);
    });

    it("carries the account's limit overrides to the key's authentication lookup", async () => {
      const a = await store().accounts.create({ name: 'Limits', rpmLimit: 15, modelRpmLimit: 7 });
      assert.equal(a.modelRpmLimit, 7);
      await seedKey(store(), a.id, { keyHash: 'limits-key' });
      let k = await store().keys.findByHash('limits-key');
      assert.equal(k?.accountRpmLimit, 15);
      assert.equal(k?.accountModelRpmLimit, 7);
      await store().accounts.update(a.id, { modelRpmLimit: null });
      k = await store().keys.findByHash('limits-key');
      assert.equal(k?.accountModelRpmLimit, null);
      assert.equal(k?.accountRpmLimit, 15);
    });
  });

  describe('keys', () => {
    it('creates a key with defaults and finds it by hash', async () => {
      const acct = await seedAccount(store());
      const k = await store().keys.create({ accountId: acct.id, name: 'prod', keyHash: 'h-1', keyPrefix: 'ck-a1b2' });
      assert.match(k.id, /^key_[A-Za-z0-9]{16}$/);
      assert.match(k.createdAt, ISO);
      assert.deepEqual(k, {
        id: k.id, accountId: acct.id, name: 'prod', keyPrefix: 'ck-a1b2', group: 'default', rpmLimit: null, maxConcurrent: null,
        allowedModels: [], ipWhitelist: [], dailyLimit: null, isActive: true, expiresAt: null,
        createdAt: k.createdAt, lastUsedAt: null,
      });
      assert.deepEqual(await store().keys.findByHash('h-1'), { ...k, accountRpmLimit: null, accountModelRpmLimit: null });
      assert.deepEqual(await store().keys.get(k.id), k);
      assert.equal(await store().keys.findByHash('h-unknown'), null);
      assert.equal(await store().keys.get('key_unknown'), null);
    });

    it('stores every optional field', async () => {
      const acct = await seedAccount(store());
      const k = await seedKey(store(), acct.id, {
        group: 'vip', rpmLimit: 10, maxConcurrent: 4, allowedModels: ['a/b', 'c'], ipWhitelist: ['10.0.0.0/8', '::1'],
        dailyLimit: 1_000_000_000, expiresAt: '2030-01-01T00:00:00.000Z',
      });
      const got = await store().keys.get(k.id);
      assert.deepEqual(got, k);
      assert.equal(got?.group, 'vip');
      assert.deepEqual(got?.allowedModels, ['a/b', 'c']);
      assert.deepEqual(got?.ipWhitelist, ['10.0.0.0/8', '::1']);
      assert.equal(got?.dailyLimit, 1_000_000_000);
      assert.equal(got?.expiresAt, '2030-01-01T00:00:00.000Z');
    });

    it('refuses a second key with the same hash', async () => {
      const acct = await seedAccount(store());
      await seedKey(store(), acct.id, { keyHash: 'dup' });
      await assert.rejects(seedKey(store(), acct.id, { keyHash: 'dup' }));
    });

    it('lists the live keys of one account only', async () => {
      const a = await seedAccount(store());
      const b = await seedAccount(store());
      const k1 = await seedKey(store(), a.id, { name: 'one' });
      const k2 = await seedKey(store(), a.id, { name: 'two' });
      await seedKey(store(), b.id);
      const ids = (await store().keys.list(a.id)).map((k) => k.id).sort();
      assert.deepEqual(ids, [k1.id, k2.id].sort());
      assert.deepEqual(await store().keys.list('acct_none'), []);
    });

    it('patches fields, keeping the others; an inactive key is still found by hash', async () => {
      const acct = await seedAccount(store());
      const k = await seedKey(store(), acct.id, { keyHash: 'patch-me', rpmLimit: 5, allowedModels: ['x'], dailyLimit: 100 });
      const u = await store().keys.update(k.id, { isActive: false, name: 'renamed', allowedModels: [], dailyLimit: null });
      assert.ok(u);
      assert.equal(u.isActive, false);
      assert.equal(u.name, 'renamed');
      assert.deepEqual(u.allowedModels, []);
      assert.equal(u.dailyLimit, null);
      assert.equal(u.rpmLimit, 5);
      const u2 = await store().keys.update(k.id, { group: 'g2', ipWhitelist: ['1.2.3.4'], expiresAt: '2031-01-01T00:00:00.000Z', rpmLimit: null });
      assert.equal(u2?.group, 'g2');
      assert.deepEqual(u2?.ipWhitelist, ['1.2.3.4']);
      assert.equal(u2?.expiresAt, '2031-01-01T00:00:00.000Z');
      assert.equal(u2?.rpmLimit, null);
      assert.equal(u2?.name, 'renamed');
      const found = await store().keys.findByHash('patch-me');
      assert.deepEqual(found, { ...u2, accountRpmLimit: null, accountModelRpmLimit: null });
      assert.equal(await store().keys.update('key_unknown', { name: 'x' }), null);
    });

    it('soft-deletes: gone from findByHash, get, list and update; a second delete is false', async () => {
      const acct = await seedAccount(store());
      const k = await seedKey(store(), acct.id, { keyHash: 'to-delete' });
      assert.equal(await store().keys.delete(k.id), true);
      assert.equal(await store().keys.findByHash('to-delete'), null);
      assert.equal(await store().keys.get(k.id), null);
      assert.deepEqual(await store().keys.list(acct.id), []);
      assert.equal(await store().keys.update(k.id, { isActive: true }), null);
      assert.equal(await store().keys.delete(k.id), false);
      assert.equal(await store().keys.delete('key_unknown'), false);
    });

    it('reports settled usage per UTC day and the sum of active holds', async () => {
      const { account, key } = await seedWallet(store(), 10_000_000);
      const day = '2026-05-12';
      assert.deepEqual(await store().keys.usageOn(key.id, day), { requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 });
      await holdAndSettle(store(), account.id, key.id, 1000, 700, { createdAt: '2026-05-12T23:59:59.999Z', inputTokens: 10, outputTokens: 3 });
      await holdAndSettle(store(), account.id, key.id, 1000, 0, { createdAt: '2026-05-12T00:00:00.000Z', inputTokens: 1, outputTokens: 0, status: 'failed' });
      await holdAndSettle(store(), account.id, key.id, 1000, 50, { createdAt: '2026-05-13T00:00:00.000Z', inputTokens: 2, outputTokens: 2 });
      assert.deepEqual(await store().keys.usageOn(key.id, day), { requests: 2, inputTokens: 11, outputTokens: 3, cost: 700 });
      assert.deepEqual(await store().keys.usageOn(key.id, '2026-05-13'), { requests: 1, inputTokens: 2, outputTokens: 2, cost: 50 });

      assert.equal(await store().keys.heldByKey(key.id), 0);
      await store().ledger.hold(holdInput(account.id, key.id, 300));
      await store().ledger.hold(holdInput(account.id, key.id, 200));
      assert.equal(await store().keys.heldByKey(key.id), 500);
      assert.equal(await store().keys.heldByKey('key_unknown'), 0);
    });

    it('sets last_used_at when a generation of the key settles', async () => {
      const { account, key } = await seedWallet(store(), 10_000);
      assert.equal((await store().keys.get(key.id))?.lastUsedAt, null);
      await holdAndSettle(store(), account.id, key.id, 100, 10);
      assert.match((await store().keys.get(key.id))?.lastUsedAt ?? '', ISO);
    });
    it('lists accounts newest first, searched by id or a part of the name, paginated', async () => {
      const made = [];
      for (const name of ['Acme Corp', 'Beta 50%_off', 'acme labs']) made.push(await store().accounts.create({ name }));
      const all = await store().accounts.list({ limit: 10 });
      assert.deepEqual(all.data.map((a) => a.name), ['acme labs', 'Beta 50%_off', 'Acme Corp']);
      assert.equal(all.nextCursor, null);
      assert.deepEqual((await store().accounts.list({ search: 'ACME', limit: 10 })).data.map((a) => a.name), ['acme labs', 'Acme Corp']);
      assert.deepEqual((await store().accounts.list({ search: '%_', limit: 10 })).data.map((a) => a.name), ['Beta 50%_off'], 'LIKE wildcards are literal');
      assert.deepEqual((await store().accounts.list({ search: made[0].id, limit: 10 })).data.map((a) => a.id), [made[0].id]);
      const first = await store().accounts.list({ limit: 2 });
      assert.equal(first.data.length, 2);
      const second = await store().accounts.list({ limit: 2, cursor: first.nextCursor });
      assert.deepEqual(second.data.map((a) => a.name), ['Acme Corp']);
      assert.equal(second.nextCursor, null);
    });

    it('lists every live key of every account, newest first, paginated; revoked keys left out', async () => {
      const a = await store().accounts.create({ name: 'A' });
      const b = await store().accounts.create({ name: 'B' });
      const k1 = await seedKey(store(), a.id, { name: 'k1' });
      const k2 = await seedKey(store(), b.id, { name: 'k2' });
      const k3 = await seedKey(store(), a.id, { name: 'k3' });
      await store().keys.delete(k2.id);
      const page = await store().keys.listAll({ limit: 1 });
      assert.deepEqual(page.data.map((k) => k.id), [k3.id]);
      const rest = await store().keys.listAll({ limit: 5, cursor: page.nextCursor });
      assert.deepEqual(rest.data.map((k) => k.id), [k1.id]);
    });

    it('keeps an audit log of operator actions, newest first, by target', async () => {
      const one = await store().audit.record({ actor: 'cli', action: 'credits.add', target: 'acct_1', detail: { amount: '1.00000000' } });
      assert.match(one.id, /^audit_/);
      assert.match(one.createdAt, ISO);
      await store().audit.record({ actor: 'admin-api', action: 'key.revoke', target: 'key_1', detail: {} });
      const all = await store().audit.list({ limit: 10 });
      assert.deepEqual(all.data.map((r) => [r.actor, r.action, r.target]), [['admin-api', 'key.revoke', 'key_1'], ['cli', 'credits.add', 'acct_1']]);
      assert.deepEqual(all.data[1].detail, { amount: '1.00000000' });
      assert.deepEqual((await store().audit.list({ target: 'acct_1', limit: 10 })).data.map((r) => r.id), [one.id]);
    });
  });
}
