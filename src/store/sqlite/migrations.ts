import type Database from 'better-sqlite3';

/**
 * Ordered schema migrations. Version N is `migrations[N - 1]`; never edit an applied entry,
 * append a new one. Money columns are INTEGER counts of 1e-8 USD — never REAL.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    balance     INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0,
    rpm_limit   INTEGER,
    created_at  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    name            TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    key_prefix      TEXT NOT NULL,
    grp             TEXT NOT NULL DEFAULT 'default',
    rpm_limit       INTEGER,
    allowed_models  TEXT NOT NULL DEFAULT '[]',
    ip_whitelist    TEXT NOT NULL DEFAULT '[]',
    daily_limit     INTEGER,
    is_active       INTEGER NOT NULL DEFAULT 1,
    expires_at      TEXT,
    created_at      TEXT NOT NULL,
    last_used_at    TEXT,
    deleted_at      TEXT
  ) STRICT;
  CREATE INDEX api_keys_account ON api_keys(account_id, created_at);

  CREATE TABLE transactions (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    type           TEXT NOT NULL CHECK (type IN ('topup', 'charge', 'refund', 'adjustment')),
    amount         INTEGER NOT NULL,
    balance_after  INTEGER NOT NULL,
    generation_id  TEXT,
    key_id         TEXT REFERENCES api_keys(id),
    note           TEXT,
    created_at     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX transactions_account ON transactions(account_id, seq);
  CREATE INDEX transactions_account_created ON transactions(account_id, created_at);

  CREATE TABLE holds (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    key_id      TEXT NOT NULL REFERENCES api_keys(id),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    expires_at  INTEGER NOT NULL,
    created_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX holds_key ON holds(key_id);
  CREATE INDEX holds_account ON holds(account_id);
  CREATE INDEX holds_expires ON holds(expires_at);

  CREATE TABLE generations (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    account_id          TEXT NOT NULL REFERENCES accounts(id),
    key_id              TEXT NOT NULL REFERENCES api_keys(id),
    request_id          TEXT,
    model               TEXT NOT NULL,
    provider            TEXT,
    protocol            TEXT NOT NULL,
    streamed            INTEGER NOT NULL,
    status              TEXT NOT NULL,
    input_tokens        INTEGER NOT NULL,
    output_tokens       INTEGER NOT NULL,
    cached_tokens       INTEGER NOT NULL,
    cache_write_tokens  INTEGER NOT NULL,
    reasoning_tokens    INTEGER NOT NULL,
    cost                INTEGER NOT NULL,
    upstream_cost       INTEGER NOT NULL,
    latency_ms          INTEGER,
    generation_time_ms  INTEGER,
    finish_reason       TEXT,
    usage_source        TEXT,
    error_reason        TEXT,
    created_at          TEXT NOT NULL
  ) STRICT;
  CREATE INDEX generations_account ON generations(account_id, created_at);
  CREATE INDEX generations_key ON generations(key_id, created_at);
  CREATE INDEX generations_created ON generations(created_at);

  CREATE TABLE key_daily_usage (
    key_id         TEXT NOT NULL REFERENCES api_keys(id),
    day            TEXT NOT NULL,
    requests       INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cost           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, day)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  ) STRICT;
  `,
  `
  ALTER TABLE accounts ADD COLUMN model_rpm_limit INTEGER;
  `,
  // Hot-path write cost: holds is a small table of in-flight calls (scans are cheap), and no
  // query reads transactions by created_at.
  `
  DROP INDEX IF EXISTS holds_account;
  DROP INDEX IF EXISTS holds_expires;
  DROP INDEX IF EXISTS transactions_account_created;
  `,
  `
  ALTER TABLE api_keys ADD COLUMN max_concurrent INTEGER;
  `,
  // What authentication caches (a key and its account's limits) has a version of its own, bumped
  // by every change to it from any connection — so the ledger's writes (another connection when
  // they run on the writer thread) do not clear the cache, and a CLI revocation still does.
  `
  CREATE TABLE auth_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL) STRICT;
  INSERT INTO auth_version (id, v) VALUES (1, 0);
  CREATE TRIGGER api_keys_auth_insert AFTER INSERT ON api_keys BEGIN UPDATE auth_version SET v = v + 1; END;
  CREATE TRIGGER api_keys_auth_delete AFTER DELETE ON api_keys BEGIN UPDATE auth_version SET v = v + 1; END;
  CREATE TRIGGER api_keys_auth_update AFTER UPDATE OF account_id, name, key_hash, key_prefix, grp, rpm_limit,
    max_concurrent, allowed_models, ip_whitelist, daily_limit, is_active, expires_at, deleted_at ON api_keys
    BEGIN UPDATE auth_version SET v = v + 1; END;
  CREATE TRIGGER accounts_auth_update AFTER UPDATE OF rpm_limit, model_rpm_limit ON accounts
    BEGIN UPDATE auth_version SET v = v + 1; END;
  CREATE TRIGGER accounts_auth_delete AFTER DELETE ON accounts BEGIN UPDATE auth_version SET v = v + 1; END;
  `,
  // The operator's audit log: every admin action (API or CLI) with who, what and on which id.
  `
  CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT,
    detail      TEXT NOT NULL,
    created_at  TEXT NOT NULL
  ) STRICT;
  `,
  // Holds with an owner and a lease (issue 11): the process that took a hold renews its lease
  // while the call runs; any process's reaper releases a hold whose lease lapsed, and remembers it
  // in reaped_holds so that a late settlement still charges it exactly once. Holds from before
  // this version have no owner: nobody renews them, they are reaped when they expire.
  `
  ALTER TABLE holds ADD COLUMN owner TEXT NOT NULL DEFAULT '';
  CREATE TABLE reaped_holds (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    key_id      TEXT NOT NULL REFERENCES api_keys(id),
    amount      INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    reaped_at   TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // Usage that stays cheap as it grows: a daily rollup by key and model (written with each
  // settlement; dashboards read whole days from it, and it outlives the retention purge of raw
  // generation rows), filled from the rows already there; an index for the admin list by model.
  `
  CREATE TABLE usage_daily (
    day            TEXT NOT NULL,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    key_id         TEXT NOT NULL REFERENCES api_keys(id),
    model          TEXT NOT NULL,
    requests       INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cost           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, key_id, model)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX usage_daily_account ON usage_daily(account_id, day);
  CREATE INDEX usage_daily_key ON usage_daily(key_id, day);
  INSERT INTO usage_daily (day, account_id, key_id, model, requests, input_tokens, output_tokens, cost)
    SELECT substr(created_at, 1, 10), account_id, key_id, model, count(*), sum(input_tokens), sum(output_tokens), sum(cost)
    FROM generations GROUP BY substr(created_at, 1, 10), key_id, model;
  CREATE INDEX generations_model ON generations(model, created_at);
  `,
  // Responses API conversations kept for previous_response_id (store/types.ts ResponseStore).
  // expires_at is an ISO-8601 UTC string of fixed width: text order is time order.
  `
  CREATE TABLE responses (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    conversation  TEXT NOT NULL,
    response      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX responses_expires ON responses(expires_at);
  `,
];

/**
 * Brings the schema up to date. Idempotent; runs in one BEGIN IMMEDIATE transaction so two
 * processes opening the same file at once cannot both apply a version.
 */
export function applyMigrations(db: Database.Database, nowIso: string): number {
  const apply = db.transaction((): number => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     INTEGER PRIMARY KEY,
      applied_at  TEXT NOT NULL
    )`);
    const row = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
    const current = row?.v ?? 0;
    const record = db.prepare<[number, string]>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    let applied = 0;
    for (let version = current + 1; version <= migrations.length; version++) {
      db.exec(migrations[version - 1]);
      record.run(version, nowIso);
      applied++;
    }
    return applied;
  });
  return apply.immediate();
}
