import type { ResponseStore, StoredResponse } from '../types.js';
import type { PgDb } from './pg-db.js';

type Row = { id: string; account_id: string; key_id: string; conversation: string; response: string; created_at: string; expires_at: string };

/** Kept Responses API conversations in the `responses` table, shared by every gateway process. */
export class PgResponses implements ResponseStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async put(r: StoredResponse): Promise<void> {
    await this.#db.query(
      `INSERT INTO responses (id, account_id, key_id, conversation, response, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, key_id = excluded.key_id, conversation = excluded.conversation,
         response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [r.id, r.accountId, r.keyId, r.conversation, r.response, r.createdAt, r.expiresAt],
    );
  }

  async get(id: string, accountId: string, now: number): Promise<StoredResponse | null> {
    const { rows } = await this.#db.query<Row>('SELECT * FROM responses WHERE id = $1 AND account_id = $2 AND expires_at > $3', [id, accountId, new Date(now).toISOString()]);
    const row = rows[0];
    if (!row) return null;
    return { id: row.id, accountId: row.account_id, keyId: row.key_id, conversation: row.conversation, response: row.response, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /** Reapers of several processes purge side by side: each skips the rows another is deleting. */
  async purgeExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.#db.query(
      'DELETE FROM responses WHERE id IN (SELECT id FROM responses WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)',
      [new Date(now).toISOString(), Math.max(0, Math.floor(limit))],
    );
    return rowCount ?? 0;
  }
}
