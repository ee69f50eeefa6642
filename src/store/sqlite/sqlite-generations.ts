import type Database from 'better-sqlite3';
import type { GenerationFilter, GenerationRecord, GenerationStore, Page, UsageQuery, UsageRow } from '../types.js';
import { aggregateUsage, usageRowOf, type UsageFilter } from '../aggregate-usage.js';
import { mapGenerationRow, generationFromHold, type GenerationRow, type HoldRow } from './map-rows.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';

type ListParams = { account_id?: string; key_id?: string; model?: string; status?: string; from?: string; to?: string; c_created?: string; c_seq?: number; limit: number };
/** The filters a list query may combine, in the order of the statement cache's key (at most 2^7 statements). */
const LIST_FILTERS = ['account_id', 'key_id', 'model', 'status', 'from', 'to', 'cursor'] as const;
type UsageDbRow = { day?: string; model?: string; key_id?: string; account_id?: string; requests: number; input_tokens: number; output_tokens: number; cost: number };

/** Usage statements, prepared on first use per shape (at most 2^4 groupings × 2^4 conditions). */
const MAX_USAGE_STATEMENTS = 512;

/** Settled generation records; each combination of filters has its own statement, prepared on first use. */
export class SqliteGenerations implements GenerationStore {
  readonly #get: Database.Statement<[string], GenerationRow>;
  readonly #pending: Database.Statement<[string], HoldRow>;
  readonly #lists = new Map<string, Database.Statement<[ListParams], GenerationRow>>();
  readonly #usages = new Map<string, Database.Statement<Record<string, string>, UsageDbRow>>();
  readonly #purge: Database.Statement<[string, number]>;
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#purge = db.prepare<[string, number]>(
      'DELETE FROM generations WHERE seq IN (SELECT seq FROM generations WHERE created_at < ? ORDER BY created_at, seq LIMIT ?)',
    );
    this.#get = db.prepare<[string], GenerationRow>('SELECT * FROM generations WHERE id = ?');
    this.#pending = db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE id = ?');
  }

  async get(id: string): Promise<GenerationRecord | null> {
    const row = this.#get.get(id);
    if (row) return mapGenerationRow(row);
    const hold = this.#pending.get(id);
    return hold ? generationFromHold(hold) : null;
  }

  async list(filter: GenerationFilter): Promise<Page<GenerationRecord>> {
    assertLimit(filter.limit);
    const params: ListParams = { limit: filter.limit + 1 };
    if (filter.accountId != null) params.account_id = filter.accountId;
    if (filter.keyId != null) params.key_id = filter.keyId;
    if (filter.model != null) params.model = filter.model;
    if (filter.status != null) params.status = filter.status;
    if (filter.from != null) params.from = filter.from;
    if (filter.to != null) params.to = filter.to;
    if (filter.cursor) {
      const pos = decodeCursor(filter.cursor);
      params.c_created = pos.createdAt;
      params.c_seq = pos.seq;
    }
    const used = LIST_FILTERS.filter((f) => (f === 'cursor' ? params.c_created !== undefined : params[f] !== undefined));
    let stmt = this.#lists.get(used.join(','));
    if (!stmt) {
      stmt = this.#db.prepare<[ListParams], GenerationRow>(listSql(used));
      this.#lists.set(used.join(','), stmt);
    }
    return pageOf(stmt.all(params), filter.limit, mapGenerationRow);
  }

  async usage(q: UsageQuery): Promise<UsageRow[]> {
    return aggregateUsage(q, {
      days: async (r) => this.#sums('usage_daily', 'day', r, { from_day: [r.fromDay, 'day >= @from_day'], to_day: [r.toDay, 'day < @to_day'] }),
      raw: async (r) => this.#sums('generations', 'substr(created_at, 1, 10)', r, { from: [r.from, 'created_at >= @from'], to: [r.to, 'created_at < @to'] }),
    });
  }

  /** Oldest first through the created_at index (the retention purge; run on the writer's connection). */
  async purgeBefore(before: string, limit: number): Promise<number> {
    assertLimit(limit);
    return this.#purge.run(new Date(Date.parse(before)).toISOString(), limit).changes;
  }

  #sums(table: string, dayExpr: string, f: UsageFilter, range: Record<string, [string | undefined, string]>): UsageRow[] {
    const conds: Record<string, [string | undefined, string]> = { account_id: [f.accountId, 'account_id = @account_id'], key_id: [f.keyId, 'key_id = @key_id'], ...range };
    const params: Record<string, string> = {};
    const where: string[] = [];
    for (const [name, [value, cond]] of Object.entries(conds)) {
      if (value === undefined) continue;
      params[name] = value;
      where.push(cond);
    }
    const cols = f.dims.map((d) => (d === 'day' ? `${dayExpr} AS day` : d === 'model' ? 'model' : d === 'key' ? 'key_id' : 'account_id'));
    const sql = `SELECT ${[...cols, ''].join(', ')} ${table === 'generations' ? 'count(*)' : 'coalesce(sum(requests), 0)'} AS requests,
        coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cost), 0) AS cost
      FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ${cols.length ? `GROUP BY ${cols.map((_, i) => i + 1).join(', ')}` : ''}`;
    let stmt = this.#usages.get(sql);
    if (!stmt) {
      if (this.#usages.size >= MAX_USAGE_STATEMENTS) this.#usages.clear();
      stmt = this.#db.prepare<Record<string, string>, UsageDbRow>(sql);
      this.#usages.set(sql, stmt);
    }
    return stmt.all(params).map(usageRowOf);
  }
}

const LIST_WHERE: Record<(typeof LIST_FILTERS)[number], string> = {
  account_id: 'account_id = @account_id',
  key_id: 'key_id = @key_id',
  model: 'model = @model',
  status: 'status = @status',
  from: 'created_at >= @from',
  to: 'created_at < @to',
  cursor: '(created_at, seq) < (@c_created, @c_seq)',
};

function listSql(used: ReadonlyArray<(typeof LIST_FILTERS)[number]>): string {
  const where = used.map((f) => LIST_WHERE[f]);
  return `SELECT * FROM generations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, seq DESC LIMIT @limit`;
}
