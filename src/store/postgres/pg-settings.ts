import type { SettingsStore } from '../types.js';
import type { PgDb } from './pg-db.js';

/** Small named values (e.g. the admin token's hash) in PostgreSQL, last write wins. */
export class PgSettings implements SettingsStore {
  readonly #db: PgDb;
  readonly #now: () => number;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async get(name: string): Promise<string | null> {
    const { rows } = await this.#db.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [name]);
    return rows[0]?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    await this.#db.query(
      `INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [name, value, new Date(this.#now()).toISOString()],
    );
  }
}
