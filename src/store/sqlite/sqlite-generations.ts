import type Database from 'better-sqlite3';
import type { GenerationFilter, GenerationRecord, GenerationStore, Page, UsageDimension, UsageQuery, UsageRow } from '../types.js';
import { mapGenerationRow, generationFromHold, type GenerationRow, type HoldRow } from './map-rows.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';

type ListParams = { account_id?: string; key_id?: string; model?: string; status?: string; from?: string; to?: string; c_created?: string; c_seq?: number; limit: number };
type UsageParams = { account_id?: string; key_id?: string; from: string; to: string };
type UsageDbRow = { day?: string; model?: string; key_id?: string; requests: number; input_tokens: number; output_tokens: number; cost: number };

/** Upper bound for an open `to`: sorts after every ISO timestamp. */
const END_OF_TIME = '\uffff';
/** The filters a list query may combine, in the order of the statement cache's key. */
const LIST_FILTERS = ['account_id', 'key_id', 'model', 'status', 'from', 'to', 'cursor'] as const;
const DIMENSIONS: readonly UsageDimension[] = ['day', 'model', 'key'];
const DIMENSION_SQL: Record<UsageDimension, { column: string; group: string }> = {
  day: { column: 'substr(created_at, 1, 10) AS day', group: 'day' },
  model: { column: 'model', group: 'model' },
  key: { column: 'key_id', group: 'key_id' },
};

/**
 * Settled generation records. Each combination of filters has its own statement, prepared on
 * first use and kept (at most 2^7 list and 2^5 usage statements, a bounded set); every filtered
 * query walks an index on (account_id | key_id | created_at).
 */
export class SqliteGenerations implements GenerationStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string], GenerationRow>;
  readonly #pending: Database.Statement<[string], HoldRow>;
  readonly #lists = new Map<string, Database.Statement<[ListParams], GenerationRow>>();
  readonly #usages = new Map<string, Database.Statement<[UsageParams], UsageDbRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
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
    const key = used.join(',');
    let stmt = this.#lists.get(key);
    if (!stmt) {
      stmt = this.#db.prepare<[ListParams], GenerationRow>(listSql(used));
      this.#lists.set(key, stmt);
    }
    return pageOf(stmt.all(params), filter.limit, mapGenerationRow);
  }

  async usage(q: UsageQuery): Promise<UsageRow[]> {
    const dims = DIMENSIONS.filter((d) => q.groupBy.includes(d));
    const params: UsageParams = { from: q.from ?? '', to: q.to ?? END_OF_TIME };
    if (q.accountId != null) params.account_id = q.accountId;
    if (q.keyId != null) params.key_id = q.keyId;
    const key = `${params.account_id !== undefined ? 'a' : '-'}${params.key_id !== undefined ? 'k' : '-'}:${dims.join(',')}`;
    let stmt = this.#usages.get(key);
    if (!stmt) {
      stmt = this.#db.prepare<[UsageParams], UsageDbRow>(usageSql(params.account_id !== undefined, params.key_id !== undefined, dims));
      this.#usages.set(key, stmt);
    }
    return stmt.all(params).map((r) => {
      const row: UsageRow = { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost };
      if (r.day !== undefined) row.day = r.day;
      if (r.model !== undefined) row.model = r.model;
      if (r.key_id !== undefined) row.keyId = r.key_id;
      return row;
    });
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

function usageSql(account: boolean, key: boolean, dims: UsageDimension[]): string {
  const cols = dims.map((d) => DIMENSION_SQL[d].column);
  const groups = dims.map((d) => DIMENSION_SQL[d].group).join(', ');
  const group = dims.length ? `GROUP BY ${groups} ORDER BY ${groups}` : '';
  return `SELECT ${[...cols, ''].join(', ')}
      count(*) AS requests,
      coalesce(sum(input_tokens), 0) AS input_tokens,
      coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(cost), 0) AS cost
    FROM generations
    WHERE ${account ? 'account_id = @account_id AND ' : ''}${key ? 'key_id = @key_id AND ' : ''}created_at >= @from AND created_at < @to
    ${group}`;
}
