import type { UsageRow } from '../api/types.js';
import { usdToUnits } from './format-usd.js';

/** Totals of usage rows: exact cost in 1e-8 USD units, requests and tokens. */
export function sumUsage(rows: UsageRow[]): { cost: bigint; requests: number; inputTokens: number; outputTokens: number } {
  return rows.reduce(
    (a, r) => ({ cost: a.cost + usdToUnits(r.cost), requests: a.requests + r.requests, inputTokens: a.inputTokens + r.input_tokens, outputTokens: a.outputTokens + r.output_tokens }),
    { cost: 0n, requests: 0, inputTokens: 0, outputTokens: 0 },
  );
}
