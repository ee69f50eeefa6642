/**
 * Money is an integer count of 1e-8 USD ("units"). Never a float.
 * A JS number holds integers exactly up to 2^53 (≈ $90 million in units), which is
 * far beyond any wallet; arithmetic that can exceed it (price × tokens) uses BigInt.
 */
export type Money = number;

export const UNITS_PER_USD = 100_000_000;

/** Formats units as a decimal USD string with exactly 8 decimals: 57600 → "0.00057600". */
export function formatMoney(units: Money | bigint): string {
  const v = BigInt(units);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / 100_000_000n;
  const frac = (abs % 100_000_000n).toString().padStart(8, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/**
 * The one rule for money shown to people (error messages, CLI text, logs): a dollar sign and
 * all 8 decimals, never rounded: 2000 → "$0.00002000", -150_000_000 → "-$1.50000000".
 * Machine fields (JSON, the admin API) carry formatMoney's plain 8-decimal string.
 */
export function formatUsd(units: Money | bigint): string {
  const s = formatMoney(units);
  return s.startsWith('-') ? `-$${s.slice(1)}` : `$${s}`;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a USD amount given as a decimal string or a number ("10.00", 10, "0.00057600")
 * into units exactly. More than 8 decimals is an error rather than a silent rounding.
 * Returns undefined for anything that is not a finite decimal amount.
 */
export function parseMoney(input: unknown): Money | undefined {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    s = numberToPlainString(input);
  } else if (typeof input === 'string') {
    s = input.trim();
  } else return undefined;
  const m = DECIMAL.exec(s);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > 8 && /[1-9]/.test(frac.slice(8))) return undefined;
  const units = BigInt(m[2]) * 100_000_000n + BigInt((frac + '00000000').slice(0, 8));
  const signed = m[1] ? -units : units;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(signed);
}

/** Plain decimal form of a number without exponent (1e-7 → "0.0000001"). */
function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}
