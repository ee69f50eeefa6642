import type { Money } from '../core/money.js';
import type { Markup, ModelPrice } from './model-price.js';
import { priceUsage } from './price-usage.js';

/**
 * The worst-case cost of a call, reserved before it goes upstream: every input token at the
 * dearest input rate (plain or cache write) and every output token at the dearest output
 * rate (plain or reasoning), with markup, rounded up.
 */
export function estimateHold(inputTokens: number, maxOutputTokens: number, price: ModelPrice, markup: Markup): Money {
  const worst: ModelPrice = {
    input: Math.max(price.input, price.cacheWrite, price.cacheRead),
    output: Math.max(price.output, price.reasoning),
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
  };
  return priceUsage({ inputTokens, outputTokens: maxOutputTokens }, worst, markup).cost;
}

/**
 * The most output tokens `available` units can pay for after the input, at the dearest
 * output rate (for lowering the output limit instead of refusing). 0 when none.
 */
export function affordableOutputTokens(available: Money, inputTokens: number, price: ModelPrice, markup: Markup): number {
  const inputCost = estimateHold(inputTokens, 0, price, markup);
  const left = BigInt(available - inputCost);
  const perToken = BigInt(Math.max(price.output, price.reasoning));
  if (left <= 0n) return 0;
  if (perToken === 0n) return Number.MAX_SAFE_INTEGER;
  // cost(n) = ceil(n × perToken × num / (1e6 × den)) ≤ left  ⇐  n ≤ left × 1e6 × den / (perToken × num)
  const n = (left * 1_000_000n * markup.den) / (perToken * markup.num);
  return Number(n > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : n);
}
