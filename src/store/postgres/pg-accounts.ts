import { randomAlphanumeric } from '../../core/ids.js';
import type { AccountRecord, AccountStore, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import { mapAccountRow, type AccountRow } from '../sqlite/map-rows.js';
import type { PgDb } from './pg-db.js';

const COLUMNS = 'seq, id, name, balance, held, rpm_limit, model_rpm_limit, created_at';

/** Accounts in PostgreSQL; balance and held are written only by the ledger. */
export class PgAccounts implements AccountStore {
  readonly #db: PgDb;
  readonly #now: () => number;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: { name: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord> {
    const { rows } = await this.#db.query<AccountRow>(
      `INSERT INTO accounts (id, name, rpm_limit, model_rpm_limit, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [`acct_${randomAlphanumeric(16)}`, input.name, input.rpmLimit ?? null, input.modelRpmLimit ?? null, new Date(this.#now()).toISOString()],
    );
    return mapAccountRow(rows[0]);
  }

  async get(id: string): Promise<AccountRecord | null> {
    const { rows } = await this.#db.query<AccountRow>({ name: 'account-get', text: `SELECT ${COLUMNS} FROM accounts WHERE id = $1`, values: [id] });
    return rows[0] ? mapAccountRow(rows[0]) : null;
  }

  async update(id: string, patch: { name?: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord | null> {
    // One statement: a field not in the patch keeps its value (a flag says whether a null is meant).
    const { rows } = await this.#db.query<AccountRow>(
      `UPDATE accounts SET
         name = coalesce($2, name),
         rpm_limit = CASE WHEN $3 THEN $4::integer ELSE rpm_limit END,
         model_rpm_limit = CASE WHEN $5 THEN $6::integer ELSE model_rpm_limit END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.name ?? null, patch.rpmLimit !== undefined, patch.rpmLimit ?? null, patch.modelRpmLimit !== undefined, patch.modelRpmLimit ?? null],
    );
    return rows[0] ? mapAccountRow(rows[0]) : null;
  }

  async list(q: { search?: string; limit: number; cursor?: string | null }): Promise<Page<AccountRecord>> {
    assertLimit(q.limit);
    const search = q.search?.trim() || null;
    const like = search === null ? null : `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await this.#db.query<AccountRow & { seq: number }>(
      `SELECT ${COLUMNS} FROM accounts
       WHERE ($1::text IS NULL OR id = $1 OR lower(name) LIKE $2 ESCAPE '\\')
         AND ($3::bigint IS NULL OR seq < $3)
       ORDER BY seq DESC LIMIT $4`,
      [search, like, q.cursor ? decodeCursor(q.cursor).seq : null, q.limit + 1],
    );
    return pageOf(rows, q.limit, mapAccountRow);
  }

  async isEmpty(): Promise<boolean> {
    const { rows } = await this.#db.query('SELECT 1 FROM accounts LIMIT 1');
    return rows.length === 0;
  }
}
