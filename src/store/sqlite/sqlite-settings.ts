import type Database from 'better-sqlite3';
import type { SettingsStore } from '../types.js';

/** Small named values (e.g. the admin token's hash), last write wins. */
export class SqliteSettings implements SettingsStore {
  readonly #now: () => number;
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string, string]>;

  constructor(db: Database.Database, now: () => number) {
    this.#now = now;
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
    this.#set = db.prepare<[string, string, string]>(
      `INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  async get(name: string): Promise<string | null> {
    return this.#get.get(name)?.value ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    this.#set.run(name, value, new Date(this.#now()).toISOString());
  }
}
