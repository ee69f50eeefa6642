import type { GenerationFilter, GenerationRecord, GenerationStore, Page, UsageQuery, UsageRow } from '../types.js';
import { aggregateUsage, usageRowOf, type UsageFilter } from '../aggregate-usage.js';
import { generationFromHold, mapGenerationRow, type GenerationRow, type HoldRow } from '../sqlite/map-rows.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import type { PgDb } from './pg-db.js';

/** The generation columns in the row shape map-rows.ts reads (the flag as 0/1). */
const COLUMNS = `seq, id, account_id, key_id, request_id, model, provider, protocol, streamed::int AS streamed, status,
  input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost, latency_ms,
  generation_time_ms, finish_reason, usage_source, error_reason, created_at`;

type UsageDbRow = { day?: string; model?: string; key_id?: string; account_id?: string; requests: number; input_tokens: number; output_tokens: number; cost: number };

/** Settled generation records in PostgreSQL; every filter combination of the admin list has an index. */
export class PgGenerations implements GenerationStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async get(id: string): Promise<GenerationRecord | null> {
    const { rows } = await this.#db.query<GenerationRow>(`SELECT ${COLUMNS} FROM generations WHERE id = $1`, [id]);
    if (rows[0]) return mapGenerationRow(rows[0]);
    const held = await this.#db.query<HoldRow>('SELECT * FROM holds WHERE id = $1', [id]);
    return held.rows[0] ? generationFromHold(held.rows[0]) : null;
  }

  async list(filter: GenerationFilter): Promise<Page<GenerationRecord>> {
    assertLimit(filter.limit);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (n: number) => string, ...v: unknown[]) => {
      values.push(...v);
      where.push(sql(values.length - v.length + 1));
    };
    if (filter.accountId != null) add((n) => `account_id = $${n}`, filter.accountId);
    if (filter.keyId != null) add((n) => `key_id = $${n}`, filter.keyId);
    if (filter.model != null) add((n) => `model = $${n}`, filter.model);
    if (filter.status != null) add((n) => `status = $${n}`, filter.status);
    if (filter.from != null) add((n) => `created_at >= $${n}::timestamptz`, filter.from);
    if (filter.to != null) add((n) => `created_at < $${n}::timestamptz`, filter.to);
    if (filter.cursor) {
      const pos = decodeCursor(filter.cursor);
      add((n) => `(created_at, seq) < ($${n}::timestamptz, $${n + 1}::bigint)`, pos.createdAt, pos.seq);
    }
    values.push(filter.limit + 1);
    const { rows } = await this.#db.query<GenerationRow>(
      `SELECT ${COLUMNS} FROM generations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, seq DESC LIMIT $${values.length}`,
      values,
    );
    return pageOf(rows, filter.limit, mapGenerationRow);
  }

  async usage(q: UsageQuery): Promise<UsageRow[]> {
    return aggregateUsage(q, {
      days: (r) => this.#sums('usage_daily', 'day', r, [
        [r.fromDay, (n) => `day >= $${n}::date`],
        [r.toDay, (n) => `day < $${n}::date`],
      ]),
      raw: (r) => this.#sums('generations', `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, r, [
        [r.from, (n) => `created_at >= $${n}::timestamptz`],
        [r.to, (n) => `created_at < $${n}::timestamptz`],
      ]),
    });
  }

  /** Sums of `table` grouped by the dimensions, within the range conditions that are set. */
  async #sums(table: string, dayExpr: string, f: UsageFilter, range: Array<[string | undefined, (n: number) => string]>): Promise<UsageRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    for (const [value, cond] of [[f.accountId, (n: number) => `account_id = $${n}`], [f.keyId, (n: number) => `key_id = $${n}`], ...range] as const) {
      if (value === undefined) continue;
      values.push(value);
      where.push(cond(values.length));
    }
    const cols = f.dims.map((d) => (d === 'day' ? `${dayExpr} AS day` : d === 'model' ? 'model' : d === 'key' ? 'key_id' : 'account_id'));
    const count = table === 'generations' ? 'count(*)' : 'sum(requests)';
    const { rows } = await this.#db.query<UsageDbRow>(
      `SELECT ${[...cols, ''].join(', ')} coalesce(${count}, 0)::bigint AS requests,
         coalesce(sum(input_tokens), 0)::bigint AS input_tokens, coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
         coalesce(sum(cost), 0)::bigint AS cost
       FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ${cols.length ? `GROUP BY ${cols.map((_, i) => i + 1).join(', ')}` : ''}`,
      values,
    );
    return rows.map(usageRowOf);
  }

  /** Oldest first, through the (created_at, seq) index; concurrent purges of several processes skip each other's rows. */
  async purgeBefore(before: string, limit: number): Promise<number> {
    assertLimit(limit);
    const r = await this.#db.query(
      `DELETE FROM generations WHERE seq IN (
         SELECT seq FROM generations WHERE created_at < $1::timestamptz ORDER BY created_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return r.rowCount ?? 0;
  }
}
