import type { Money } from '../../core/money.js';

/** Money must be a safe integer count of units; anything else is a programming error. */
export function assertUnits(value: Money, what: string, opts: { min?: number } = {}): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer count of 1e-8 USD, got ${value}`);
  if (opts.min !== undefined && value < opts.min) throw new RangeError(`${what} must be ≥ ${opts.min}, got ${value}`);
}

/** The UTC day (YYYY-MM-DD) of an ISO timestamp, and the timestamp in canonical `toISOString` form. */
export function normaliseIso(iso: string): { iso: string; day: string } {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`invalid timestamp: ${iso}`);
  const canonical = new Date(t).toISOString();
  return { iso: canonical, day: canonical.slice(0, 10) };
}
