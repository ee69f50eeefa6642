import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountStore, AuditStore, GenerationStore, KeyStore, Ledger, ResponseStore, SettingsStore, Store } from '../types.js';
import { applyMigrations } from './migrations.js';
import { startCheckpointer, type Checkpointer } from './start-checkpointer.js';
import { startSqliteWriter, type SqliteWriter } from './start-sqlite-writer.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteAudit } from './sqlite-audit.js';
import { AuthCache } from './auth-cache.js';
import { SqliteGenerations } from './sqlite-generations.js';
import { SqliteKeys } from './sqlite-keys.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteSettings } from './sqlite-settings.js';
import { SqliteResponses } from './sqlite-responses.js';
import { assertUnits } from './assert-units.js';

export interface SqliteStoreOptions {
  /** Injectable clock (epoch ms) for timestamps; defaults to Date.now. */
  now?: () => number;
  /**
   * Run the writes of a file store on a writer thread (the default for a file with the real
   * clock; the server uses it). False: every statement runs on the calling thread, as a
   * short-lived CLI wants. `:memory:` and an injected clock always run inline.
   */
  writerThread?: boolean;
}

/** The store on one connection, every statement on the calling thread. */
class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly settings: SqliteSettings;
  readonly accounts: SqliteAccounts;
  readonly keys: SqliteKeys;
  readonly ledger: SqliteLedger;
  readonly generations: SqliteGenerations;
  readonly audit: SqliteAudit;
  readonly responses: SqliteResponses;
  readonly authCache: AuthCache;
  readonly #db: Database.Database;
  readonly #checkpointer?: Checkpointer;
  readonly #ping: Database.Statement<[], { one: number }>;

  constructor(db: Database.Database, now: () => number, checkpointer?: Checkpointer) {
    this.#db = db;
    this.#checkpointer = checkpointer;
    this.settings = new SqliteSettings(db, now);
    this.authCache = new AuthCache(db);
    this.accounts = new SqliteAccounts(db, now, this.authCache);
    this.keys = new SqliteKeys(db, now, this.authCache);
    this.ledger = new SqliteLedger(db, now);
    this.generations = new SqliteGenerations(db);
    this.audit = new SqliteAudit(db, now);
    this.responses = new SqliteResponses(db);
    this.#ping = db.prepare<[], { one: number }>('SELECT 1 AS one');
  }

  async ping(): Promise<void> {
    this.#ping.get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.ledger.drainWrites(); // queued holds and charges are committed, never dropped
    await this.#checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }
}

/**
 * A file store whose writes run on the writer thread (start-sqlite-writer.ts) and whose reads
 * run here on a connection of their own. In WAL mode a read never waits for the writer and sees
 * every write that has been acknowledged (the writer answers after its commit). The
 * read-check-write of a hold stays one BEGIN IMMEDIATE transaction on the writer's connection,
 * so holds from this process, the CLI and other processes still serialise on the file.
 */
class ThreadedSqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly settings: SettingsStore;
  readonly accounts: AccountStore;
  readonly keys: KeyStore;
  readonly ledger: Ledger;
  readonly generations: GenerationStore;
  readonly audit: AuditStore;
  readonly responses: ResponseStore;
  readonly #reads: SqliteStore;
  readonly #writer: SqliteWriter;

  constructor(reads: SqliteStore, writer: SqliteWriter) {
    this.#reads = reads;
    this.#writer = writer;
    const w = writer;
    const cache = reads.authCache;
    // Key and account writes clear this side's cache of authenticated keys once they commit.
    const clearing = <T>(p: Promise<T>): Promise<T> => p.finally(() => cache.clear());
    const r = reads;
    this.settings = {
      get: (name) => r.settings.get(name),
      set: (name, value) => w.call('settings', 'set', [name, value]),
    };
    this.accounts = {
      create: (input) => w.call('accounts', 'create', [input]),
      get: (id) => r.accounts.get(id),
      update: (id, patch) => clearing(w.call('accounts', 'update', [id, patch])),
      list: (q) => r.accounts.list(q),
      isEmpty: () => r.accounts.isEmpty(),
    };
    this.keys = {
      create: (input) => w.call('keys', 'create', [input]),
      findByHash: (hash) => r.keys.findByHash(hash),
      get: (id) => r.keys.get(id),
      list: (accountId) => r.keys.list(accountId),
      listAll: (q) => r.keys.listAll(q),
      update: (id, patch) => clearing(w.call('keys', 'update', [id, patch])),
      delete: (id) => clearing(w.call('keys', 'delete', [id])),
      usageOn: (keyId, day) => r.keys.usageOn(keyId, day),
      heldByKey: (keyId) => r.keys.heldByKey(keyId),
    };
    this.ledger = {
      credit: async (accountId, amount, type, note) => {
        assertUnits(amount, 'amount', { min: type === 'topup' ? 1 : Number.MIN_SAFE_INTEGER });
        return w.call('ledger', 'credit', [accountId, amount, type, note]);
      },
      hold: async (input) => {
        assertUnits(input.amount, 'hold amount', { min: 0 });
        return w.call('ledger', 'hold', [input]);
      },
      settle: async (input) => {
        assertUnits(input.charge, 'charge', { min: 0 });
        return w.call('ledger', 'settle', [input]);
      },
      getHold: (id) => r.ledger.getHold(id),
      renewLeases: (owner, ids, expiresAt) => w.call('ledger', 'renewLeases', [owner, ids, expiresAt]),
      reapExpired: (now) => w.call('ledger', 'reapExpired', [now]),
      check: (now, opts) => r.ledger.check(now, opts),
      transactions: (accountId, opts) => r.ledger.transactions(accountId, opts),
    };
    this.generations = {
      get: (id) => r.generations.get(id),
      list: (filter) => r.generations.list(filter),
      usage: (q) => r.generations.usage(q),
      purgeBefore: (before, limit) => w.call('generations', 'purgeBefore', [before, limit]),
    };
    this.audit = {
      record: (entry) => w.call('audit', 'record', [entry]),
      list: (q) => r.audit.list(q),
    };
    this.responses = {
      put: (record) => w.call('responses', 'put', [record]),
      get: (id, accountId, now) => r.responses.get(id, accountId, now),
      purgeExpired: (now, limit) => w.call('responses', 'purgeExpired', [now, limit]),
    };
  }

  /** Both connections answer: the reads here and the writer thread (which also shows it is alive). */
  async ping(): Promise<void> {
    await this.#reads.ping();
    await this.#writer.call('store', 'ping', []);
  }

  async close(): Promise<void> {
    await this.#writer.close(); // commits every write still queued on the writer thread
    await this.#reads.close();
  }
}

/** A connection with the store's settings. */
function connect(path: string, inMemory: boolean): Database.Database {
  const db = new Database(path, { timeout: 5000 });
  try {
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints (the only fsyncs in WAL + NORMAL) run on their own thread: see start-checkpointer.ts.
    if (!inMemory) db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The store with every statement on the calling thread (what the writer thread itself runs).
 * `checkpoint: false` leaves WAL checkpoints to another store on the same file; `migrate: false`
 * trusts that another store already brought the schema up to date.
 */
export function openInlineSqliteStore(
  path: string,
  opts: { now?: () => number; checkpoint?: boolean; migrate?: boolean } = {},
): SqliteStore {
  const now = opts.now ?? Date.now;
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = connect(path, inMemory);
  try {
    if (opts.migrate !== false) applyMigrations(db, new Date(now()).toISOString());
    return new SqliteStore(db, now, inMemory || opts.checkpoint === false ? undefined : startCheckpointer(path));
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens (creating if needed) the embedded SQLite store at `path` (a file path or ':memory:')
 * and brings its schema up to date. A file store runs its writes on a writer thread unless
 * `writerThread: false` (see SqliteStoreOptions).
 */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): Store {
  const inMemory = path === ':memory:' || path === '' || path.includes('mode=memory');
  const threaded = opts.writerThread ?? (!inMemory && opts.now === undefined);
  if (!threaded || inMemory || opts.now !== undefined) return openInlineSqliteStore(path, { now: opts.now });
  const reads = openInlineSqliteStore(path);
  return new ThreadedSqliteStore(reads, startSqliteWriter(path));
}
