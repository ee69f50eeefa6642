import { formatMoney } from '../core/money.js';
import type { Markup } from '../billing/model-price.js';

/** A per-1M-token price including markup, as a decimal string ("3.15"), rounded up to 1e-8. */
export function formatPrice(unitsPerMillion: number, markup: Markup): string {
  const v = (BigInt(unitsPerMillion) * markup.num + markup.den - 1n) / markup.den;
  return formatMoney(v).replace(/(\.\d\d\d*?)0+$/, '$1');
}
