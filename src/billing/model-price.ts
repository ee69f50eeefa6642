import { parseMoney } from '../core/money.js';

/**
 * Upstream prices of one model, each an integer count of 1e-8 USD per 1M tokens
 * ($3.00/M → 300_000_000). `reasoning` defaults to `output`.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

/** A markup as an exact fraction (1.05 → 105/100). */
export interface Markup {
  num: bigint;
  den: bigint;
}

/** Parses a decimal markup such as 1.05 or "1.05" exactly; undefined when not a positive decimal. */
export function parseMarkup(value: unknown): Markup | undefined {
  const units = parseMoney(value);
  if (units === undefined || units <= 0) return undefined;
  return reduce(BigInt(units), 100_000_000n);
}

function reduce(num: bigint, den: bigint): Markup {
  let a = num;
  let b = den;
  while (b) [a, b] = [b, a % b];
  return { num: num / a, den: den / a };
}

/** USD per 1M tokens (number or decimal string) → units per 1M tokens. */
export function parsePricePerMillion(value: unknown): number | undefined {
  const units = parseMoney(value);
  return units === undefined || units < 0 ? undefined : units;
}
