import type { UsageDimension, UsageQuery, UsageRow } from './types.js';

const DAY_MS = 86_400_000;

/** The groups in the order rows are sorted by. */
export const USAGE_DIMENSIONS: readonly UsageDimension[] = ['day', 'model', 'key', 'account'];

export interface UsageFilter {
  accountId?: string;
  keyId?: string;
  dims: UsageDimension[];
}

/** The two reads a store answers usage with. */
export interface UsageSources {
  /** Sums of the daily rollup over whole UTC days `fromDay` ≤ day < `toDay` (YYYY-MM-DD; either open). */
  days(q: UsageFilter & { fromDay?: string; toDay?: string }): Promise<UsageRow[]>;
  /** Sums of raw generation rows with `from` ≤ created_at < `to` (ISO; either open). */
  raw(q: UsageFilter & { from?: string; to?: string }): Promise<UsageRow[]>;
}

/**
 * Usage over [from, to): the whole UTC days inside it from the rollup, the partial days at its
 * edges from raw rows, summed per group and sorted (day, model, key, account; binary order, the
 * same in every store). With no group: one row, zeros when nothing matched.
 */
export async function aggregateUsage(q: UsageQuery, sources: UsageSources): Promise<UsageRow[]> {
  const dims = USAGE_DIMENSIONS.filter((d) => q.groupBy.includes(d));
  const filter: UsageFilter = { dims };
  if (q.accountId != null) filter.accountId = q.accountId;
  if (q.keyId != null) filter.keyId = q.keyId;
  const fromMs = q.from ? Date.parse(q.from) : undefined;
  const toMs = q.to ? Date.parse(q.to) : undefined;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('usage: from and to must be ISO-8601 times');
  const firstDay = fromMs === undefined ? undefined : Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const endDay = toMs === undefined ? undefined : Math.floor(toMs / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);

  const parts: Array<Promise<UsageRow[]>> = [];
  if (firstDay !== undefined && endDay !== undefined && firstDay >= endDay) {
    // No whole day inside: all of it from raw rows.
    if (fromMs! < toMs!) parts.push(sources.raw({ ...filter, from: iso(fromMs!), to: iso(toMs!) }));
  } else {
    parts.push(sources.days({ ...filter, ...(firstDay !== undefined ? { fromDay: day(firstDay) } : {}), ...(endDay !== undefined ? { toDay: day(endDay) } : {}) }));
    if (fromMs !== undefined && fromMs !== firstDay) parts.push(sources.raw({ ...filter, from: iso(fromMs), to: iso(firstDay!) }));
    if (toMs !== undefined && toMs !== endDay) parts.push(sources.raw({ ...filter, from: iso(endDay!), to: iso(toMs) }));
  }
  return mergeUsage((await Promise.all(parts)).flat(), dims);
}

function groupOf(r: UsageRow, dims: UsageDimension[]): string[] {
  return dims.map((d) => (d === 'day' ? r.day : d === 'model' ? r.model : d === 'key' ? r.keyId : r.accountId) ?? '');
}

function mergeUsage(rows: UsageRow[], dims: UsageDimension[]): UsageRow[] {
  const sums = new Map<string, { group: string[]; row: UsageRow }>();
  for (const r of rows) {
    const group = groupOf(r, dims);
    const k = group.join('\u0000');
    const cur = sums.get(k);
    if (!cur) {
      sums.set(k, { group, row: { ...r } });
      continue;
    }
    cur.row.requests += r.requests;
    cur.row.inputTokens += r.inputTokens;
    cur.row.outputTokens += r.outputTokens;
    cur.row.cost += r.cost;
  }
  if (dims.length === 0) {
    const total = [...sums.values()][0]?.row;
    return [{ requests: total?.requests ?? 0, inputTokens: total?.inputTokens ?? 0, outputTokens: total?.outputTokens ?? 0, cost: total?.cost ?? 0 }];
  }
  return [...sums.values()]
    .filter((s) => s.row.requests !== 0) // a rollup row whose only record was replaced (late settlement)
    .sort((a, b) => {
      for (let i = 0; i < a.group.length; i++) if (a.group[i] !== b.group[i]) return a.group[i] < b.group[i] ? -1 : 1;
      return 0;
    })
    .map((s) => s.row);
}

/** A row of sums as both stores read it, with only the grouped columns present. */
export function usageRowOf(r: { day?: string; model?: string; key_id?: string; account_id?: string; requests: number; input_tokens: number; output_tokens: number; cost: number }): UsageRow {
  const row: UsageRow = { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost };
  if (r.day !== undefined) row.day = r.day;
  if (r.model !== undefined) row.model = r.model;
  if (r.key_id !== undefined) row.keyId = r.key_id;
  if (r.account_id !== undefined) row.accountId = r.account_id;
  return row;
}
