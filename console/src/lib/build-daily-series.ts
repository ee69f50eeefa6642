import type { UsageRow } from '../api/types.js';
import type { Series } from './series.js';
import { colorAt, OTHER_COLOR } from '../components/palette.js';
import { usdToUnits } from './format-usd.js';

const MAX_SERIES = 6;

/**
 * `group_by=day,model` rows → one series per model (the costliest few, the rest as "other"),
 * each with a value per day of `days` (missing days are 0).
 */
export function buildDailySeries(rows: UsageRow[], days: string[]): Series[] {
  const byModel = new Map<string, bigint>();
  for (const r of rows) byModel.set(r.model ?? 'all', (byModel.get(r.model ?? 'all') ?? 0n) + usdToUnits(r.cost));
  const ranked = [...byModel.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]))).map(([m]) => m);
  const shown = ranked.length > MAX_SERIES ? ranked.slice(0, MAX_SERIES - 1) : ranked;
  const index = new Map(days.map((d, i) => [d, i]));
  const series: Series[] = shown.map((name, i) => ({ name, color: colorAt(i), values: days.map(() => 0n) }));
  const other: Series = { name: 'other', color: OTHER_COLOR, values: days.map(() => 0n) };
  for (const r of rows) {
    const i = r.day !== undefined ? index.get(r.day) : undefined;
    if (i === undefined) continue;
    const s = series.find((x) => x.name === (r.model ?? 'all')) ?? other;
    s.values[i] += usdToUnits(r.cost);
  }
  return other.values.some((v) => v > 0n) ? [...series, other] : series;
}
