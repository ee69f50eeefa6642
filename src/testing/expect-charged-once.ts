import assert from 'node:assert/strict';
import type { Store } from '../store/types.js';
import { waitSettled } from './wait-settled.js';

/**
 * Asserts that generation `genId` of `accountId` settled as `completed` and charged exactly
 * `units` (1e-8 USD) exactly once: one charge row in the ledger for it, the generation's cost,
 * and the wallet `balanceBefore − units`. Returns the generation record.
 */
export async function expectChargedOnce(store: Store, accountId: string, genId: string, units: number, balanceBefore: number) {
  const g = await waitSettled(store, genId);
  assert.ok(g, `generation ${genId} recorded`);
  assert.equal(g.status, 'completed');
  assert.equal(g.cost, units);
  const rows = (await store.ledger.transactions(accountId, { limit: 100 })).data.filter((t) => t.generationId === genId);
  assert.deepEqual(rows.map((t) => [t.type, t.amount]), [['charge', -units]], 'exactly one charge of the computed amount');
  assert.equal((await store.accounts.get(accountId))?.balance, balanceBefore - units);
  return g;
}

/** Charged units for upstream usage: Σ tokens × $/M price (= price × 100 units per token), × 1.05, rounded up. */
export function chargedUnits(parts: Array<[tokens: number, pricePerMillion: number]>): number {
  // In integers: a price of $p/M is p·10⁶ µ$ per M tokens = p·10⁶/10⁴ units per token.
  const micro = parts.reduce((sum, [tokens, price]) => sum + BigInt(tokens) * BigInt(Math.round(price * 1e6)), 0n);
  const scaled = micro * 105n; // × 1.05 = × 105 / 100, and / 10⁴ to units
  const divisor = 100n * 10_000n;
  return Number((scaled + divisor - 1n) / divisor);
}
