import type { GenerationFilter, GenerationRecord, GenerationStore, Page, UsageRow } from '../types.js';
import { generationFromHold, mapGenerationRow, type GenerationRow, type HoldRow } from '../sqlite/map-rows.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import type { PgDb } from './pg-db.js';

/** The generation columns in the row shape map-rows.ts reads (the flag as 0/1). */
const COLUMNS = `seq, id, account_id, key_id, request_id, model, provider, protocol, streamed::int AS streamed, status,
  input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost, latency_ms,
  generation_time_ms, finish_reason, usage_source, error_reason, created_at`;

type UsageDbRow = { day?: string; model?: string; requests: number; input_tokens: number; output_tokens: number; cost: number };

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

  async usage(q: { accountId?: string; from?: string; to?: string; groupBy: Array<'day' | 'model'> }): Promise<UsageRow[]> {
    const dims = (['day', 'model'] as const).filter((d) => q.groupBy.includes(d));
    const cols = dims.map((d) => (d === 'day' ? `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day` : 'model'));
    const group = dims.length ? `GROUP BY ${dims.join(', ')} ORDER BY ${dims.join(', ')}` : '';
    const { rows } = await this.#db.query<UsageDbRow>(
      `SELECT ${[...cols, ''].join(', ')} count(*)::bigint AS requests,
         coalesce(sum(input_tokens), 0)::bigint AS input_tokens, coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
         coalesce(sum(cost), 0)::bigint AS cost
       FROM generations
       WHERE ($1::text IS NULL OR account_id = $1) AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)
       ${group}`,
      [q.accountId ?? null, q.from || null, q.to || null],
    );
    return rows.map((r) => {
      const row: UsageRow = { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost };
      if (r.day !== undefined) row.day = r.day;
      if (r.model !== undefined) row.model = r.model;
      return row;
    });
  }
}
