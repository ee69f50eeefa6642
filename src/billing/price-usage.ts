import type { Usage } from '../core/usage.js';
import type { Money } from '../core/money.js';
import type { Markup, ModelPrice } from './model-price.js';

export interface Cost {
  /** What the upstream charges, rounded up to the next unit. */
  upstreamCost: Money;
  /** What the client is charged: upstream cost × markup, rounded up to the next unit. */
  cost: Money;
}

const MILLION = 1_000_000n;

/**
 * Prices normalised usage. Token classes never double count: cache reads and cache writes
 * are priced at their own rates and taken out of plain input; reasoning tokens are priced
 * once, inside output, at the reasoning rate. Unreported counts are 0 here.
 * Exact integer arithmetic (BigInt), rounding up only at the end.
 */
export function priceUsage(usage: Usage, price: ModelPrice, markup: Markup): Cost {
  const input = BigInt(nonNegative(usage.inputTokens));
  const cacheRead = BigInt(nonNegative(usage.cacheReadTokens));
  const cacheWrite = BigInt(nonNegative(usage.cacheWriteTokens));
  const output = BigInt(nonNegative(usage.outputTokens));
  const reasoning = BigInt(Math.min(nonNegative(usage.reasoningTokens), nonNegative(usage.outputTokens)));
  let plainInput = input - cacheRead - cacheWrite;
  if (plainInput < 0n) plainInput = 0n;
  // Σ tokens × (units per 1M tokens): the cost in units × 1e6.
  const scaled =
    plainInput * BigInt(price.input) +
    cacheRead * BigInt(price.cacheRead) +
    cacheWrite * BigInt(price.cacheWrite) +
    (output - reasoning) * BigInt(price.output) +
    reasoning * BigInt(price.reasoning);
  return {
    upstreamCost: Number(ceilDiv(scaled, MILLION)),
    cost: Number(ceilDiv(scaled * markup.num, MILLION * markup.den)),
  };
}

function nonNegative(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a + b - 1n) / b;
}
