import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ResponseStore, Store, StoredResponse } from './types.js';

/**
 * The one contract every ResponseStore implementation passes (sqlite and postgres). Each
 * test gets a fresh, empty store from `makeStore` (which must have `responses`), closed
 * afterwards; times are explicit, so no clock is injected.
 */
export function runResponseStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`ResponseStore contract: ${name}`, () => {
    let current: Store | null = null;
    const responses = (): ResponseStore => {
      assert.ok(current?.responses, 'the store keeps responses');
      return current.responses;
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });

    const T0 = Date.parse('2026-05-01T00:00:00.000Z');
    const DAY = 86_400_000;
    const record = (id: string, accountId: string, expiresAt: number, extra: Partial<StoredResponse> = {}): StoredResponse => ({
      id, accountId, keyId: `key-${accountId}`,
      conversation: JSON.stringify([{ type: 'message', role: 'user', content: `hello ${id} — ünïcödé` }]),
      response: JSON.stringify({ id, object: 'response', output: [] }),
      createdAt: new Date(T0).toISOString(), expiresAt: new Date(expiresAt).toISOString(), ...extra,
    });

    it('returns a kept response to its own account only', async () => {
      const r = record('resp_a', 'acct-1', T0 + DAY);
      await responses().put(r);
      assert.deepEqual(await responses().get('resp_a', 'acct-1', T0), r);
      assert.equal(await responses().get('resp_a', 'acct-2', T0), null, "another account's id is unknown to it");
      assert.equal(await responses().get('resp_missing', 'acct-1', T0), null);
    });

    it('keeps large texts whole and replaces a record written again', async () => {
      const big = JSON.stringify([{ type: 'message', role: 'user', content: 'x'.repeat(300_000) }]);
      await responses().put(record('resp_b', 'acct-1', T0 + DAY, { conversation: big }));
      assert.equal((await responses().get('resp_b', 'acct-1', T0))?.conversation, big);
      await responses().put(record('resp_b', 'acct-1', T0 + 2 * DAY, { response: '{"v":2}' }));
      const again = await responses().get('resp_b', 'acct-1', T0);
      assert.equal(again?.response, '{"v":2}');
      assert.equal(again?.expiresAt, new Date(T0 + 2 * DAY).toISOString());
    });

    it('never returns an expired response, and purges expired ones in bounded batches', async () => {
      for (let i = 0; i < 5; i++) await responses().put(record(`resp_old${i}`, 'acct-1', T0 + i));
      await responses().put(record('resp_live', 'acct-1', T0 + DAY));
      assert.equal(await responses().get('resp_old4', 'acct-1', T0 + 4), null, 'expired at its expiry instant');
      assert.ok(await responses().get('resp_old4', 'acct-1', T0 + 3));
      assert.equal(await responses().purgeExpired(T0 + 10, 3), 3);
      assert.equal(await responses().purgeExpired(T0 + 10, 3), 2);
      assert.equal(await responses().purgeExpired(T0 + 10, 3), 0);
      assert.ok(await responses().get('resp_live', 'acct-1', T0 + 10), 'an unexpired response stays');
      assert.equal(await responses().purgeExpired(T0 + 2 * DAY, 100), 1);
      assert.equal(await responses().get('resp_live', 'acct-1', T0), null, 'purged');
    });
  });
}
