import type Database from 'better-sqlite3';
import { randomAlphanumeric } from '../../core/ids.js';
import type { AccountRecord, AccountStore, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';
import { mapAccountRow, type AccountRow } from './map-rows.js';
import type { AuthCache } from './auth-cache.js';

export class SqliteAccounts implements AccountStore {
  readonly #now: () => number;
  /** Keys carry their account's limits: an account change clears the cached keys. */
  readonly #authCache: AuthCache;
  readonly #insert: Database.Statement<[AccountRow]>;
  readonly #get: Database.Statement<[string], AccountRow>;
  readonly #update: Database.Statement<[Pick<AccountRow, 'id' | 'name' | 'rpm_limit' | 'model_rpm_limit'>], AccountRow>;
  readonly #any: Database.Statement<[], { one: number }>;
  readonly #list: Database.Statement<{ search: string | null; like: string | null; after: number | null; limit: number }, AccountRow & { seq: number }>;

  constructor(db: Database.Database, now: () => number, authCache: AuthCache) {
    this.#now = now;
    this.#authCache = authCache;
    this.#insert = db.prepare<[AccountRow]>(
      `INSERT INTO accounts (id, name, balance, held, rpm_limit, model_rpm_limit, created_at)
       VALUES (@id, @name, @balance, @held, @rpm_limit, @model_rpm_limit, @created_at)`,
    );
    this.#get = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
    this.#update = db.prepare<[Pick<AccountRow, 'id' | 'name' | 'rpm_limit' | 'model_rpm_limit'>], AccountRow>(
      'UPDATE accounts SET name = @name, rpm_limit = @rpm_limit, model_rpm_limit = @model_rpm_limit WHERE id = @id RETURNING *',
    );
    this.#any = db.prepare<[], { one: number }>('SELECT 1 AS one FROM accounts LIMIT 1');
    this.#list = db.prepare(
      `SELECT rowid AS seq, * FROM accounts
       WHERE (@search IS NULL OR id = @search OR lower(name) LIKE @like ESCAPE '\\')
         AND (@after IS NULL OR rowid < @after)
       ORDER BY rowid DESC LIMIT @limit`,
    );
  }

  async create(input: { name: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord> {
    const row: AccountRow = {
      id: `acct_${randomAlphanumeric(16)}`,
      name: input.name,
      balance: 0,
      held: 0,
      rpm_limit: input.rpmLimit ?? null,
      model_rpm_limit: input.modelRpmLimit ?? null,
      created_at: new Date(this.#now()).toISOString(),
    };
    this.#insert.run(row);
    return mapAccountRow(row);
  }

  async get(id: string): Promise<AccountRecord | null> {
    const row = this.#get.get(id);
    return row ? mapAccountRow(row) : null;
  }

  async update(id: string, patch: { name?: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord | null> {
    // A single UPDATE … RETURNING; the fields not in the patch are re-bound from the current row
    // read just before (a concurrent name change between the two is harmless last-writer-wins).
    const current = this.#get.get(id);
    if (!current) return null;
    this.#authCache.clear();
    const row = this.#update.get({
      id,
      name: patch.name ?? current.name,
      rpm_limit: patch.rpmLimit !== undefined ? patch.rpmLimit : current.rpm_limit,
      model_rpm_limit: patch.modelRpmLimit !== undefined ? patch.modelRpmLimit : current.model_rpm_limit,
    });
    return row ? mapAccountRow(row) : null;
  }

  async list(q: { search?: string; limit: number; cursor?: string | null }): Promise<Page<AccountRecord>> {
    assertLimit(q.limit);
    const search = q.search?.trim() || null;
    const like = search === null ? null : `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.#list.all({ search, like, after: q.cursor ? decodeCursor(q.cursor).seq : null, limit: q.limit + 1 });
    return pageOf(rows, q.limit, mapAccountRow);
  }

  async isEmpty(): Promise<boolean> {
    return this.#any.get() === undefined;
  }
}
