import type Database from 'better-sqlite3';
import type { ResponseStore, StoredResponse } from '../types.js';

interface Row {
  id: string;
  account_id: string;
  key_id: string;
  conversation: string;
  response: string;
  created_at: string;
  expires_at: string;
}

/** Kept Responses API conversations in the `responses` table. */
export class SqliteResponses implements ResponseStore {
  readonly #put: Database.Statement<[string, string, string, string, string, string, string]>;
  readonly #get: Database.Statement<[string, string, string], Row>;
  readonly #purge: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    this.#put = db.prepare(
      `INSERT INTO responses (id, account_id, key_id, conversation, response, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, key_id = excluded.key_id, conversation = excluded.conversation,
         response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.#get = db.prepare('SELECT * FROM responses WHERE id = ? AND account_id = ? AND expires_at > ?');
    this.#purge = db.prepare('DELETE FROM responses WHERE id IN (SELECT id FROM responses WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)');
  }

  async put(r: StoredResponse): Promise<void> {
    this.#put.run(r.id, r.accountId, r.keyId, r.conversation, r.response, r.createdAt, r.expiresAt);
  }

  async get(id: string, accountId: string, now: number): Promise<StoredResponse | null> {
    const row = this.#get.get(id, accountId, new Date(now).toISOString());
    if (!row) return null;
    return { id: row.id, accountId: row.account_id, keyId: row.key_id, conversation: row.conversation, response: row.response, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async purgeExpired(now: number, limit: number): Promise<number> {
    return this.#purge.run(new Date(now).toISOString(), Math.max(0, Math.floor(limit))).changes;
  }
}
