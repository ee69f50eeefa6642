import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { describeAccountsContract } from './contract/describe-accounts-contract.js';
import { describeConcurrencyContract } from './contract/describe-concurrency-contract.js';
import { describeGenerationsContract } from './contract/describe-generations-contract.js';
import { describeLedgerContract } from './contract/describe-ledger-contract.js';
import { describeLeaseContract } from './contract/describe-lease-contract.js';
import { describeSharedContract } from './contract/describe-shared-contract.js';
import type { Store } from './types.js';

/**
 * The one contract every Store implementation passes (sqlite and postgres).
 * Each test gets a fresh, empty store from `makeStore`, closed afterwards. The cases use only
 * the public interfaces, and times are passed in as arguments where they matter (the lease
 * cases walk a simulated clock), so any implementation fits.
 */
export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | null = null;
    const store = (): Store => {
      if (!current) throw new Error('store not open');
      return current;
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = null;
    });

    it('answers ping and names its kind', async () => {
      await store().ping();
      assert.equal(typeof store().kind, 'string');
      assert.ok(store().kind.length > 0);
    });

    it('keeps named settings, last write wins', async () => {
      assert.equal(await store().settings.get('admin_token_hash'), null);
      await store().settings.set('admin_token_hash', 'h1');
      await store().settings.set('other', '');
      await store().settings.set('admin_token_hash', 'h2');
      assert.equal(await store().settings.get('admin_token_hash'), 'h2');
      assert.equal(await store().settings.get('other'), '');
    });

    describeAccountsContract(store);
    describeLedgerContract(store);
    describeLeaseContract(store);
    describeGenerationsContract(store);
    describeConcurrencyContract(store);
  });
}

/**
 * The contract of two instances of one implementation on the same data (two gateway processes):
 * `makePair` opens two fresh instances sharing one empty store; both are closed afterwards.
 */
export function runSharedStoreContract(name: string, makePair: () => Promise<[Store, Store]>): void {
  describe(`Shared store contract: ${name}`, () => {
    let current: [Store, Store] | null = null;
    beforeEach(async () => {
      current = await makePair();
    });
    afterEach(async () => {
      await Promise.all(current?.map((s) => s.close()) ?? []);
      current = null;
    });
    describeSharedContract(() => {
      if (!current) throw new Error('stores not open');
      return current;
    });
  });
}
