const MONEY = /^(-?)(\d+)(?:\.(\d{1,8}))?$/;

/**
 * An 8-decimal USD string from the API as `$1,234.50` or `$0.0000065`: exact (string digits,
 * no float), trailing zeros trimmed down to cents, thousands grouped.
 */
export function formatUsd(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const m = MONEY.exec(amount.trim());
  if (!m) return amount;
  const [, sign, whole, frac = ''] = m;
  let decimals = frac.padEnd(8, '0').replace(/0+$/, '');
  if (decimals.length < 2) decimals = decimals.padEnd(2, '0');
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${grouped}.${decimals}`;
}

/** A chart axis label from 1e-8 USD units: `$0`, `$0.0004`, `$1.20`, `$12k`. */
export function formatUnitsShort(units: number): string {
  const usd = units / 1e8;
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 10_000) return `$${(usd / 1000).toFixed(0)}k`;
  if (Math.abs(usd) >= 0.1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}

/** Exact 1e-8 USD units of an 8-decimal string (for totals shown to users). */
export function usdToUnits(amount: string): bigint {
  const m = MONEY.exec(amount.trim());
  if (!m) return 0n;
  const [, sign, whole, frac = ''] = m;
  const units = BigInt(whole) * 100_000_000n + BigInt(frac.padEnd(8, '0'));
  return sign ? -units : units;
}

/** 1e-8 USD units back to the API's 8-decimal string. */
export function unitsToUsd(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / 100_000_000n}.${String(abs % 100_000_000n).padStart(8, '0')}`;
}

/** The exact sum of 8-decimal strings. */
export function sumUsd(amounts: string[]): string {
  return unitsToUsd(amounts.reduce((a, s) => a + usdToUnits(s), 0n));
}

/**
 * A headline amount: rounded half-up to cents from a cent up (`$68.45`), exact below a cent
 * (`$0.0000063`) so a small charge never shows as $0.00. Exact digits stay in tables and details.
 */
export function formatUsdShort(amount: string): string {
  const units = usdToUnits(amount);
  const abs = units < 0n ? -units : units;
  if (abs < 1_000_000n) return formatUsd(amount);
  const cents = (abs + 500_000n) / 1_000_000n;
  return formatUsd(`${units < 0n ? '-' : ''}${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
}
