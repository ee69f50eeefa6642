import type { Store } from '../types.js';
import { applyPgMigrations } from './pg-migrations.js';
import { PgDb, type PgPoolOptions } from './pg-db.js';
import { PgAccounts } from './pg-accounts.js';
import { PgAudit } from './pg-audit.js';
import { PgGenerations } from './pg-generations.js';
import { PgKeys } from './pg-keys.js';
import { PgLedger } from './pg-ledger.js';
import { PgResponses } from './pg-responses.js';
import { PgSettings } from './pg-settings.js';

export interface PostgresStoreOptions extends PgPoolOptions {
  /** Injectable clock (epoch ms) for timestamps; defaults to Date.now. */
  now?: () => number;
  /** Told (at most every 10 s) when an idle pooled connection dies; the pool replaces it. */
  onConnectionError?: (err: Error) => void;
}

class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly settings: PgSettings;
  readonly accounts: PgAccounts;
  readonly keys: PgKeys;
  readonly ledger: PgLedger;
  readonly generations: PgGenerations;
  readonly audit: PgAudit;
  readonly responses: PgResponses;
  readonly #db: PgDb;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.settings = new PgSettings(db, now);
    this.accounts = new PgAccounts(db, now);
    this.keys = new PgKeys(db, now);
    this.ledger = new PgLedger(db, now);
    this.generations = new PgGenerations(db);
    this.audit = new PgAudit(db, now);
    this.responses = new PgResponses(db);
  }

  async ping(): Promise<void> {
    await this.#db.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.ledger.drainWrites(); // queued holds and settlements are written, never dropped
    await this.#db.close();
  }
}

/**
 * Opens the PostgreSQL store at `url` (`postgres://user:pass@host:port/db`) with a pool of
 * `poolSize` connections, and brings the schema up to date under an advisory lock (safe when
 * several gateway processes start at once).
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const db = new PgDb(url, opts, opts.onConnectionError);
  try {
    await db.withClient(applyPgMigrations);
    return new PostgresStore(db, opts.now ?? Date.now);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
