import type Database from 'better-sqlite3';
import type { GenerationFilter, GenerationRecord, GenerationStore, Page, UsageRow } from '../types.js';
import { mapGenerationRow, generationFromHold, type GenerationRow, type HoldRow } from './map-rows.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';

type ListParams = { account_id?: string; key_id?: string; model?: string; c_created?: string; c_seq?: number; limit: number };
type UsageParams = { account_id?: string; from: string; to: string };
type UsageDbRow = { day?: string; model?: string; requests: number; input_tokens: number; output_tokens: number; cost: number };
type Dim = 'day' | 'model';

/** Upper bound for an open `to`: sorts after every ISO timestamp. */
const END_OF_TIME = '\uffff';

/** Settled generation records; filtered queries are prepared per filter combination at open. */
export class SqliteGenerations implements GenerationStore {
  readonly #get: Database.Statement<[string], GenerationRow>;
  readonly #pending: Database.Statement<[string], HoldRow>;
  readonly #lists = new Map<string, Database.Statement<[ListParams], GenerationRow>>();
  readonly #usages = new Map<string, Database.Statement<[UsageParams], UsageDbRow>>();

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string], GenerationRow>('SELECT * FROM generations WHERE id = ?');
    this.#pending = db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE id = ?');
    for (const account of [false, true]) {
      for (const key of [false, true]) {
        for (const model of [false, true]) {
          for (const cursor of [false, true]) {
            this.#lists.set(listKey(account, key, model, cursor), db.prepare<[ListParams], GenerationRow>(listSql(account, key, model, cursor)));
          }
        }
      }
      for (const dims of [[], ['day'], ['model'], ['day', 'model']] as Dim[][]) {
        this.#usages.set(usageKey(account, dims), db.prepare<[UsageParams], UsageDbRow>(usageSql(account, dims)));
      }
    }
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
    if (filter.cursor) {
      const pos = decodeCursor(filter.cursor);
      params.c_created = pos.createdAt;
      params.c_seq = pos.seq;
    }
    const stmt = this.#lists.get(listKey(filter.accountId != null, filter.keyId != null, filter.model != null, !!filter.cursor));
    if (!stmt) throw new Error('unreachable: list statement missing');
    return pageOf(stmt.all(params), filter.limit, mapGenerationRow);
  }

  async usage(q: { accountId?: string; from?: string; to?: string; groupBy: Array<'day' | 'model'> }): Promise<UsageRow[]> {
    const dims: Dim[] = (['day', 'model'] as const).filter((d) => q.groupBy.includes(d));
    const stmt = this.#usages.get(usageKey(q.accountId != null, dims));
    if (!stmt) throw new Error('unreachable: usage statement missing');
    const params: UsageParams = { from: q.from ?? '', to: q.to ?? END_OF_TIME };
    if (q.accountId != null) params.account_id = q.accountId;
    return stmt.all(params).map((r) => {
      const row: UsageRow = { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost };
      if (r.day !== undefined) row.day = r.day;
      if (r.model !== undefined) row.model = r.model;
      return row;
    });
  }
}

function listKey(account: boolean, key: boolean, model: boolean, cursor: boolean): string {
  return [account, key, model, cursor].map((b) => (b ? '1' : '0')).join('');
}

function listSql(account: boolean, key: boolean, model: boolean, cursor: boolean): string {
  const where: string[] = [];
  if (account) where.push('account_id = @account_id');
  if (key) where.push('key_id = @key_id');
  if (model) where.push('model = @model');
  if (cursor) where.push('(created_at, seq) < (@c_created, @c_seq)');
  return `SELECT * FROM generations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, seq DESC LIMIT @limit`;
}

function usageKey(account: boolean, dims: Dim[]): string {
  return `${account ? 'a' : '-'}:${dims.join(',')}`;
}

function usageSql(account: boolean, dims: Dim[]): string {
  const cols = dims.map((d) => (d === 'day' ? 'substr(created_at, 1, 10) AS day' : 'model'));
  const group = dims.length ? `GROUP BY ${dims.join(', ')} ORDER BY ${dims.join(', ')}` : '';
  return `SELECT ${[...cols, ''].join(', ')}
      count(*) AS requests,
      coalesce(sum(input_tokens), 0) AS input_tokens,
      coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(cost), 0) AS cost
    FROM generations
    WHERE ${account ? 'account_id = @account_id AND ' : ''}created_at >= @from AND created_at < @to
    ${group}`;
}
