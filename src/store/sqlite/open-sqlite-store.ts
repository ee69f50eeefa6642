import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountStore, GenerationStore, KeyStore, Ledger, SettingsStore, Store } from '../types.js';
import { applyMigrations } from './migrations.js';
import { startCheckpointer, type Checkpointer } from './start-checkpointer.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { AuthCache } from './auth-cache.js';
import { SqliteGenerations } from './sqlite-generations.js';
import { SqliteKeys } from './sqlite-keys.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteSettings } from './sqlite-settings.js';

export interface SqliteStoreOptions {
  /** Injectable clock (epoch ms) for timestamps; defaults to Date.now. */
  now?: () => number;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly settings: SettingsStore;
  readonly accounts: AccountStore;
  readonly keys: KeyStore;
  readonly ledger: Ledger;
  readonly generations: GenerationStore;
  readonly #db: Database.Database;
  readonly #checkpointer?: Checkpointer;
  readonly #ledger: SqliteLedger;
  readonly #ping: Database.Statement<[], { one: number }>;

  constructor(db: Database.Database, now: () => number, checkpointer?: Checkpointer) {
    this.#db = db;
    this.#checkpointer = checkpointer;
    this.settings = new SqliteSettings(db, now);
    const authCache = new AuthCache(db);
    this.accounts = new SqliteAccounts(db, now, authCache);
    this.keys = new SqliteKeys(db, now, authCache);
    this.#ledger = new SqliteLedger(db, now);
    this.ledger = this.#ledger;
    this.generations = new SqliteGenerations(db);
    this.#ping = db.prepare<[], { one: number }>('SELECT 1 AS one');
  }

  async ping(): Promise<void> {
    this.#ping.get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#ledger.drainWrites(); // queued holds and charges are committed, never dropped
    await this.#checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }
}

/**
 * Opens (creating if needed) the embedded SQLite store at `path` (a file path or ':memory:')
 * and brings its schema up to date.
 */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Store {
  const now = opts.now ?? Date.now;
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  try {
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints (the only fsyncs in WAL + NORMAL) run on their own thread: see checkpoint-worker.ts.
    if (!inMemory) db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, new Date(now()).toISOString());
    return new SqliteStore(db, now, inMemory ? undefined : startCheckpointer(path));
  } catch (err) {
    db.close();
    throw err;
  }
}
