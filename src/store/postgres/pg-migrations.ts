import type { PoolClient } from 'pg';

/**
 * Ordered PostgreSQL schema migrations, versioned like the SQLite ones: version N is
 * `pgMigrations[N - 1]`; never edit an applied entry, append a new one. Money columns are
 * BIGINT counts of 1e-8 USD; times are timestamptz except hold expiries (epoch ms, as the
 * Ledger interface speaks them).
 *
 * Holds and settlements are PL/pgSQL functions, so each is one round trip and one transaction:
 * the function first locks the account row (`FOR UPDATE`), and in READ COMMITTED every later
 * statement of a volatile function takes a fresh snapshot, so it sees every hold and settlement
 * committed by whoever held that lock before — the balance, the key's holds and its spend of
 * the day are read and written under one lock, whichever process runs it.
 */
export const pgMigrations: readonly string[] = [
  `
  CREATE TABLE accounts (
    seq              bigserial UNIQUE,
    id               text PRIMARY KEY,
    name             text NOT NULL,
    balance          bigint NOT NULL DEFAULT 0,
    held             bigint NOT NULL DEFAULT 0,
    rpm_limit        integer,
    model_rpm_limit  integer,
    created_at       timestamptz NOT NULL
  );

  CREATE TABLE api_keys (
    seq             bigserial UNIQUE,
    id              text PRIMARY KEY,
    account_id      text NOT NULL REFERENCES accounts(id),
    name            text NOT NULL,
    key_hash        text NOT NULL UNIQUE,
    key_prefix      text NOT NULL,
    grp             text NOT NULL DEFAULT 'default',
    rpm_limit       integer,
    max_concurrent  integer,
    allowed_models  jsonb NOT NULL DEFAULT '[]',
    ip_whitelist    jsonb NOT NULL DEFAULT '[]',
    daily_limit     bigint,
    is_active       boolean NOT NULL DEFAULT true,
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz,
    deleted_at      timestamptz
  );
  CREATE INDEX api_keys_account ON api_keys (account_id, seq);

  CREATE TABLE transactions (
    seq            bigserial PRIMARY KEY,
    id             text NOT NULL UNIQUE,
    account_id     text NOT NULL REFERENCES accounts(id),
    type           text NOT NULL CHECK (type IN ('topup', 'charge', 'refund', 'adjustment')),
    amount         bigint NOT NULL,
    balance_after  bigint NOT NULL,
    generation_id  text,
    key_id         text REFERENCES api_keys(id),
    note           text,
    created_at     timestamptz NOT NULL
  );
  CREATE INDEX transactions_account ON transactions (account_id, seq);

  CREATE TABLE holds (
    id          text PRIMARY KEY,
    account_id  text NOT NULL REFERENCES accounts(id),
    key_id      text NOT NULL REFERENCES api_keys(id),
    amount      bigint NOT NULL CHECK (amount >= 0),
    expires_at  bigint NOT NULL,
    created_at  timestamptz NOT NULL
  );
  CREATE INDEX holds_key ON holds (key_id);
  CREATE INDEX holds_account ON holds (account_id);
  CREATE INDEX holds_expires ON holds (expires_at);

  CREATE TABLE generations (
    seq                 bigserial PRIMARY KEY,
    id                  text NOT NULL UNIQUE,
    account_id          text NOT NULL REFERENCES accounts(id),
    key_id              text NOT NULL REFERENCES api_keys(id),
    request_id          text,
    model               text NOT NULL,
    provider            text,
    protocol            text NOT NULL,
    streamed            boolean NOT NULL,
    status              text NOT NULL,
    input_tokens        bigint NOT NULL,
    output_tokens       bigint NOT NULL,
    cached_tokens       bigint NOT NULL,
    cache_write_tokens  bigint NOT NULL,
    reasoning_tokens    bigint NOT NULL,
    cost                bigint NOT NULL,
    upstream_cost       bigint NOT NULL,
    latency_ms          integer,
    generation_time_ms  integer,
    finish_reason       text,
    usage_source        text,
    error_reason        text,
    created_at          timestamptz NOT NULL
  );
  -- The admin list (newest first, by account, key and/or model) and the retention purge.
  CREATE INDEX generations_created ON generations (created_at, seq);
  CREATE INDEX generations_account ON generations (account_id, created_at, seq);
  CREATE INDEX generations_key ON generations (key_id, created_at, seq);
  CREATE INDEX generations_account_model ON generations (account_id, model, created_at, seq);

  CREATE TABLE key_daily_usage (
    key_id         text NOT NULL REFERENCES api_keys(id),
    day            date NOT NULL,
    requests       bigint NOT NULL DEFAULT 0,
    input_tokens   bigint NOT NULL DEFAULT 0,
    output_tokens  bigint NOT NULL DEFAULT 0,
    cost           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, day)
  );

  -- Dashboards: spend, requests and tokens per UTC day by account, key and model, written in
  -- the settlement's transaction. Raw generation rows may be purged (retention); these stay.
  CREATE TABLE usage_daily (
    day            date NOT NULL,
    account_id     text NOT NULL REFERENCES accounts(id),
    key_id         text NOT NULL REFERENCES api_keys(id),
    model          text NOT NULL,
    requests       bigint NOT NULL DEFAULT 0,
    input_tokens   bigint NOT NULL DEFAULT 0,
    output_tokens  bigint NOT NULL DEFAULT 0,
    cost           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, key_id, model)
  );
  CREATE INDEX usage_daily_account ON usage_daily (account_id, day);

  CREATE TABLE settings (
    name        text PRIMARY KEY,
    value       text NOT NULL,
    updated_at  timestamptz NOT NULL
  );

  CREATE TABLE audit_log (
    seq         bigserial PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    actor       text NOT NULL,
    action      text NOT NULL,
    target      text,
    detail      jsonb NOT NULL,
    created_at  timestamptz NOT NULL
  );
  CREATE INDEX audit_log_target ON audit_log (target, seq);

  CREATE FUNCTION chuizi_hold(p_id text, p_account text, p_key text, p_amount bigint, p_expires bigint,
      p_daily_limit bigint, p_day date, p_now timestamptz)
    RETURNS TABLE (outcome text, balance bigint, available bigint, spent bigint, key_held bigint)
    LANGUAGE plpgsql AS $fn$
  DECLARE
    a_balance bigint;
    a_held bigint;
    v_spent bigint;
    v_held bigint;
  BEGIN
    SELECT a.balance, a.held INTO a_balance, a_held FROM accounts a WHERE a.id = p_account FOR UPDATE;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'insufficient_balance', 0::bigint, 0::bigint, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    IF a_balance - a_held < p_amount THEN
      RETURN QUERY SELECT 'insufficient_balance', a_balance, a_balance - a_held, NULL::bigint, NULL::bigint;
      RETURN;
    END IF;
    IF p_daily_limit IS NOT NULL THEN
      SELECT coalesce((SELECT u.cost FROM key_daily_usage u WHERE u.key_id = p_key AND u.day = p_day), 0) INTO v_spent;
      SELECT coalesce(sum(h.amount), 0) INTO v_held FROM holds h WHERE h.key_id = p_key;
      IF v_spent + v_held + p_amount > p_daily_limit THEN
        RETURN QUERY SELECT 'daily_limit_exceeded', a_balance, a_balance - a_held, v_spent, v_held;
        RETURN;
      END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM generations g WHERE g.id = p_id) THEN
      RAISE EXCEPTION 'hold id already used: %', p_id USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO holds (id, account_id, key_id, amount, expires_at, created_at)
      VALUES (p_id, p_account, p_key, p_amount, p_expires, p_now);
    UPDATE accounts SET held = held + p_amount WHERE id = p_account;
    RETURN QUERY SELECT 'ok', a_balance, a_balance - a_held - p_amount, NULL::bigint, NULL::bigint;
  END
  $fn$;

  -- Settles a hold exactly once: the DELETE … RETURNING takes the hold's row lock, so of two
  -- concurrent settlements (or a settlement and the reaper) one finds it gone and returns false.
  CREATE FUNCTION chuizi_settle(p_hold text, p_charge bigint, p_txn_id text, p_now timestamptz, p_gen jsonb)
    RETURNS boolean
    LANGUAGE plpgsql AS $fn$
  DECLARE
    h holds%ROWTYPE;
    v_balance bigint;
    g record;
    v_day date;
  BEGIN
    DELETE FROM holds WHERE id = p_hold RETURNING * INTO h;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
    UPDATE accounts SET held = held - h.amount, balance = balance - p_charge WHERE id = h.account_id
      RETURNING balance INTO v_balance;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'hold % references a missing account %', h.id, h.account_id;
    END IF;
    IF p_charge > 0 THEN
      INSERT INTO transactions (id, account_id, type, amount, balance_after, generation_id, key_id, note, created_at)
        VALUES (p_txn_id, h.account_id, 'charge', -p_charge, v_balance, h.id, h.key_id, NULL, p_now);
    END IF;
    SELECT * INTO g FROM jsonb_to_record(p_gen) AS x(
      request_id text, model text, provider text, protocol text, streamed boolean, status text,
      input_tokens bigint, output_tokens bigint, cached_tokens bigint, cache_write_tokens bigint,
      reasoning_tokens bigint, cost bigint, upstream_cost bigint, latency_ms integer,
      generation_time_ms integer, finish_reason text, usage_source text, error_reason text, created_at timestamptz);
    v_day := (g.created_at AT TIME ZONE 'UTC')::date;
    INSERT INTO generations (id, account_id, key_id, request_id, model, provider, protocol, streamed, status,
        input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost,
        latency_ms, generation_time_ms, finish_reason, usage_source, error_reason, created_at)
      VALUES (h.id, h.account_id, h.key_id, g.request_id, g.model, g.provider, g.protocol, g.streamed, g.status,
        g.input_tokens, g.output_tokens, g.cached_tokens, g.cache_write_tokens, g.reasoning_tokens, g.cost, g.upstream_cost,
        g.latency_ms, g.generation_time_ms, g.finish_reason, g.usage_source, g.error_reason, g.created_at);
    INSERT INTO key_daily_usage AS u (key_id, day, requests, input_tokens, output_tokens, cost)
      VALUES (h.key_id, v_day, 1, g.input_tokens, g.output_tokens, p_charge)
      ON CONFLICT (key_id, day) DO UPDATE SET
        requests = u.requests + 1,
        input_tokens = u.input_tokens + excluded.input_tokens,
        output_tokens = u.output_tokens + excluded.output_tokens,
        cost = u.cost + excluded.cost;
    INSERT INTO usage_daily AS u (day, account_id, key_id, model, requests, input_tokens, output_tokens, cost)
      VALUES (v_day, h.account_id, h.key_id, g.model, 1, g.input_tokens, g.output_tokens, g.cost)
      ON CONFLICT (day, key_id, model) DO UPDATE SET
        requests = u.requests + 1,
        input_tokens = u.input_tokens + excluded.input_tokens,
        output_tokens = u.output_tokens + excluded.output_tokens,
        cost = u.cost + excluded.cost;
    -- last_used_at is informational: written at most once a minute per key.
    UPDATE api_keys SET last_used_at = p_now
      WHERE id = h.key_id AND (last_used_at IS NULL OR last_used_at < p_now - interval '1 minute');
    RETURN true;
  END
  $fn$;
  `,
];

/**
 * Brings the schema up to date, in one transaction under a transaction-level advisory lock
 * (keyed by the schema's name): processes starting at once wait for each other, and the ones
 * after the first find nothing left to apply. DDL is transactional in PostgreSQL, so a failed
 * migration leaves no half-applied version behind. Returns how many versions were applied.
 */
export async function applyPgMigrations(client: PoolClient): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('chuizi-migrations:' || current_schema()))`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    let applied = 0;
    for (let version = current + 1; version <= pgMigrations.length; version++) {
      await client.query(pgMigrations[version - 1]);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied++;
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
