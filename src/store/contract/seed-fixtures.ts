import { randomAlphanumeric } from '../../core/ids.js';
import type { Money } from '../../core/money.js';
import type { AccountRecord, GenerationRecord, HoldInput, KeyCreate, KeyRecord, Store } from '../types.js';

/** Fixtures shared by the contract cases. Nothing here depends on one implementation. */

export const MINUTE = 60_000;

export function utcDay(t: number = Date.now()): string {
  return new Date(t).toISOString().slice(0, 10);
}

export async function seedAccount(store: Store, balance: Money = 0, name = 'acct'): Promise<AccountRecord> {
  const acct = await store.accounts.create({ name });
  if (balance !== 0) await store.ledger.credit(acct.id, balance, 'topup', 'seed');
  return (await store.accounts.get(acct.id)) ?? acct;
}

export async function seedKey(store: Store, accountId: string, extra: Partial<KeyCreate> = {}): Promise<KeyRecord> {
  return store.keys.create({
    accountId,
    name: 'test key',
    keyHash: `hash-${randomAlphanumeric(32)}`,
    keyPrefix: 'ck-abcd',
    ...extra,
  });
}

/** An account with `balance` and one key. */
export async function seedWallet(store: Store, balance: Money, key: Partial<KeyCreate> = {}) {
  const account = await seedAccount(store, balance);
  return { account, key: await seedKey(store, account.id, key) };
}

export function newHoldId(): string {
  return `gen-${randomAlphanumeric(24)}`;
}

export function holdInput(accountId: string, keyId: string, amount: Money, extra: Partial<HoldInput> = {}): HoldInput {
  return { id: newHoldId(), accountId, keyId, amount, owner: 'contract-owner', expiresAt: Date.now() + 10 * MINUTE, day: utcDay(), ...extra };
}

export function generation(id: string, accountId: string, keyId: string, extra: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id,
    accountId,
    keyId,
    requestId: 'req-1',
    model: 'mock/echo',
    provider: 'mock',
    protocol: 'openai',
    streamed: false,
    status: 'completed',
    inputTokens: 100,
    outputTokens: 50,
    cachedTokens: 10,
    cacheWriteTokens: 5,
    reasoningTokens: 7,
    cost: 0,
    upstreamCost: 0,
    latencyMs: 120,
    generationTimeMs: 100,
    finishReason: 'stop',
    usageSource: 'upstream',
    errorReason: null,
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

/** Holds `amount`, then settles it with `charge`; returns the hold id. Asserts nothing. */
export async function holdAndSettle(
  store: Store,
  accountId: string,
  keyId: string,
  amount: Money,
  charge: Money,
  gen: Partial<GenerationRecord> = {},
): Promise<string> {
  const input = holdInput(accountId, keyId, amount);
  const held = await store.ledger.hold(input);
  if (!held.ok) throw new Error(`fixture hold refused: ${held.reason}`);
  const settled = await store.ledger.settle({
    holdId: input.id,
    charge,
    generation: generation(input.id, accountId, keyId, { cost: charge, ...gen }),
  });
  if (!settled) throw new Error('fixture settle refused');
  return input.id;
}

/** Everything a ledger write may change for one account and key (to show that one changed nothing). */
export async function ledgerSnapshot(store: Store, accountId: string, keyId: string) {
  return {
    account: await store.accounts.get(accountId),
    txns: await store.ledger.transactions(accountId, { limit: 100 }),
    usage: await store.keys.usageOn(keyId, utcDay()),
    gens: await store.generations.list({ accountId, limit: 100 }),
  };
}
