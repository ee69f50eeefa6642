import type { PoolClient } from 'pg';

/**
 * Ordered PostgreSQL schema migrations, versioned like the SQLite ones: version N is
 * `pgMigrations[N - 1]`; never edit an applied entry, append a new one. Money columns are
 * BIGINT counts of 1e-8 USD; times are timestamptz except hold expiries (epoch ms, as the
 * Ledger interface speaks them).
 *
 * Holds and settlements are PL/pgSQL functions, so each is one round trip and one transaction:
 * the function first locks the account row (`FOR NO KEY UPDATE`), and in READ COMMITTED every later
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

  -- A hold has an owner (the gateway process running the call) and a lease (expires_at, epoch ms)
  -- that the owner pushes forward while the call runs; any process's reaper releases a hold
  -- whose lease lapsed and remembers it in reaped_holds, so a late settlement is still charged once.
  CREATE TABLE holds (
    id          text PRIMARY KEY,
    account_id  text NOT NULL REFERENCES accounts(id),
    key_id      text NOT NULL REFERENCES api_keys(id),
    amount      bigint NOT NULL CHECK (amount >= 0),
    owner       text NOT NULL,
    expires_at  bigint NOT NULL,
    created_at  timestamptz NOT NULL
  );
  CREATE TABLE reaped_holds (
    id          text PRIMARY KEY,
    account_id  text NOT NULL REFERENCES accounts(id),
    key_id      text NOT NULL REFERENCES api_keys(id),
    amount      bigint NOT NULL,
    owner       text NOT NULL,
    reaped_at   timestamptz NOT NULL
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
  CREATE INDEX generations_model ON generations (model, created_at, seq);

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
  CREATE INDEX usage_daily_key ON usage_daily (key_id, day);

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

  CREATE FUNCTION chuizi_hold(p_id text, p_account text, p_key text, p_amount bigint, p_owner text, p_expires bigint,
      p_daily_limit bigint, p_day date, p_now timestamptz)
    RETURNS TABLE (outcome text, balance bigint, available bigint, spent bigint, key_held bigint)
    LANGUAGE plpgsql AS $fn$
  DECLARE
    a_balance bigint;
    a_held bigint;
    v_spent bigint;
    v_held bigint;
  BEGIN
    SELECT a.balance, a.held INTO a_balance, a_held FROM accounts a WHERE a.id = p_account FOR NO KEY UPDATE;
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
    INSERT INTO holds (id, account_id, key_id, amount, owner, expires_at, created_at)
      VALUES (p_id, p_account, p_key, p_amount, p_owner, p_expires, p_now);
    UPDATE accounts SET held = held + p_amount WHERE id = p_account;
    RETURN QUERY SELECT 'ok', a_balance, a_balance - a_held - p_amount, NULL::bigint, NULL::bigint;
  END
  $fn$;

  -- Adds to the dashboards' daily rollup (negative values take a replaced record back out).
  CREATE FUNCTION chuizi_add_rollup(p_day date, p_account text, p_key text, p_model text, p_requests bigint,
      p_input bigint, p_output bigint, p_cost bigint)
    RETURNS void
    LANGUAGE sql AS $fn$
    INSERT INTO usage_daily AS u (day, account_id, key_id, model, requests, input_tokens, output_tokens, cost)
      VALUES (p_day, p_account, p_key, p_model, p_requests, p_input, p_output, p_cost)
      ON CONFLICT (day, key_id, model) DO UPDATE SET
        requests = u.requests + excluded.requests,
        input_tokens = u.input_tokens + excluded.input_tokens,
        output_tokens = u.output_tokens + excluded.output_tokens,
        cost = u.cost + excluded.cost;
  $fn$;

  -- The key's spend of the day (what its daily limit counts) and its last use (at most once a minute).
  CREATE FUNCTION chuizi_add_key_usage(p_key text, p_day date, p_requests bigint, p_input bigint, p_output bigint,
      p_charge bigint, p_now timestamptz)
    RETURNS void
    LANGUAGE sql AS $fn$
    INSERT INTO key_daily_usage AS u (key_id, day, requests, input_tokens, output_tokens, cost)
      VALUES (p_key, p_day, p_requests, p_input, p_output, p_charge)
      ON CONFLICT (key_id, day) DO UPDATE SET
        requests = u.requests + excluded.requests,
        input_tokens = u.input_tokens + excluded.input_tokens,
        output_tokens = u.output_tokens + excluded.output_tokens,
        cost = u.cost + excluded.cost;
    UPDATE api_keys SET last_used_at = p_now
      WHERE id = p_key AND (last_used_at IS NULL OR last_used_at < p_now - interval '1 minute');
  $fn$;

  CREATE FUNCTION chuizi_charge(p_account text, p_key text, p_hold text, p_held bigint, p_charge bigint,
      p_txn_id text, p_now timestamptz)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
  DECLARE
    v_balance bigint;
  BEGIN
    UPDATE accounts SET held = held - p_held, balance = balance - p_charge WHERE id = p_account
      RETURNING balance INTO v_balance;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'hold % references a missing account %', p_hold, p_account;
    END IF;
    IF p_charge > 0 THEN
      INSERT INTO transactions (id, account_id, type, amount, balance_after, generation_id, key_id, note, created_at)
        VALUES (p_txn_id, p_account, 'charge', -p_charge, v_balance, p_hold, p_key, NULL, p_now);
    END IF;
  END
  $fn$;

  CREATE FUNCTION chuizi_generation(p_gen jsonb)
    RETURNS TABLE (request_id text, model text, provider text, protocol text, streamed boolean, status text,
      input_tokens bigint, output_tokens bigint, cached_tokens bigint, cache_write_tokens bigint,
      reasoning_tokens bigint, cost bigint, upstream_cost bigint, latency_ms integer,
      generation_time_ms integer, finish_reason text, usage_source text, error_reason text, created_at timestamptz)
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT * FROM jsonb_to_record(p_gen) AS x(
      request_id text, model text, provider text, protocol text, streamed boolean, status text,
      input_tokens bigint, output_tokens bigint, cached_tokens bigint, cache_write_tokens bigint,
      reasoning_tokens bigint, cost bigint, upstream_cost bigint, latency_ms integer,
      generation_time_ms integer, finish_reason text, usage_source text, error_reason text, created_at timestamptz);
  $fn$;

  CREATE FUNCTION chuizi_insert_generation(p_id text, p_account text, p_key text, p_gen jsonb)
    RETURNS void
    LANGUAGE sql AS $fn$
    INSERT INTO generations (id, account_id, key_id, request_id, model, provider, protocol, streamed, status,
        input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost,
        latency_ms, generation_time_ms, finish_reason, usage_source, error_reason, created_at)
      SELECT p_id, p_account, p_key, g.* FROM chuizi_generation(p_gen) AS g;
  $fn$;

  -- Lock order, the same in every ledger write: the account row first, then its holds, then the
  -- key's usage rows. A settlement reads its hold's account (never changes) and locks it before
  -- touching the hold, so no two transactions (batches included) can wait for each other in a cycle.
  CREATE FUNCTION chuizi_lock_hold_account(p_hold text)
    RETURNS void
    LANGUAGE plpgsql AS $fn$
  DECLARE
    v_account text;
  BEGIN
    SELECT account_id INTO v_account FROM holds WHERE id = p_hold;
    IF NOT FOUND THEN
      SELECT account_id INTO v_account FROM reaped_holds WHERE id = p_hold;
    END IF;
    IF v_account IS NOT NULL THEN
      PERFORM 1 FROM accounts WHERE id = v_account FOR NO KEY UPDATE;
    END IF;
  END
  $fn$;

  -- Settles a hold exactly once: the DELETE … RETURNING takes the hold's row lock, so of two
  -- concurrent settlements (or a settlement and a reaper) one finds it gone. With p_reap_before
  -- it is the reaper's release: only while the lease is still lapsed (re-checked under the row
  -- lock, so a lease renewed a moment ago wins), and the hold is remembered in reaped_holds.
  -- A settlement that finds its hold reaped is charged once through chuizi_settle_reaped.
  CREATE FUNCTION chuizi_settle(p_hold text, p_charge bigint, p_txn_id text, p_now timestamptz, p_gen jsonb,
      p_reap_before bigint DEFAULT NULL)
    RETURNS boolean
    LANGUAGE plpgsql AS $fn$
  DECLARE
    h holds%ROWTYPE;
    g record;
    v_day date;
  BEGIN
    PERFORM chuizi_lock_hold_account(p_hold);
    IF p_reap_before IS NULL THEN
      DELETE FROM holds WHERE id = p_hold RETURNING * INTO h;
    ELSE
      DELETE FROM holds WHERE id = p_hold AND expires_at < p_reap_before RETURNING * INTO h;
    END IF;
    IF NOT FOUND THEN
      IF p_reap_before IS NOT NULL THEN
        RETURN false;
      END IF;
      RETURN chuizi_settle_reaped(p_hold, p_charge, p_txn_id, p_now, p_gen);
    END IF;
    PERFORM chuizi_charge(h.account_id, h.key_id, h.id, h.amount, p_charge, p_txn_id, p_now);
    SELECT * INTO g FROM chuizi_generation(p_gen);
    v_day := (g.created_at AT TIME ZONE 'UTC')::date;
    PERFORM chuizi_insert_generation(h.id, h.account_id, h.key_id, p_gen);
    PERFORM chuizi_add_key_usage(h.key_id, v_day, 1, g.input_tokens, g.output_tokens, p_charge, p_now);
    PERFORM chuizi_add_rollup(v_day, h.account_id, h.key_id, g.model, 1, g.input_tokens, g.output_tokens, g.cost);
    IF p_reap_before IS NOT NULL THEN
      INSERT INTO reaped_holds (id, account_id, key_id, amount, owner, reaped_at)
        VALUES (h.id, h.account_id, h.key_id, h.amount, h.owner, p_now);
    END IF;
    RETURN true;
  END
  $fn$;

  -- The settlement of a hold a reaper already released: claiming its reaped_holds row makes it
  -- happen once. The reaper released the held amount and counted the request; this charges,
  -- and replaces the reaper's failed record by the real one (in the rollup too).
  CREATE FUNCTION chuizi_settle_reaped(p_hold text, p_charge bigint, p_txn_id text, p_now timestamptz, p_gen jsonb)
    RETURNS boolean
    LANGUAGE plpgsql AS $fn$
  DECLARE
    r reaped_holds%ROWTYPE;
    g record;
    old record;
    v_day date;
  BEGIN
    DELETE FROM reaped_holds WHERE id = p_hold RETURNING * INTO r;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
    PERFORM chuizi_charge(r.account_id, r.key_id, r.id, 0, p_charge, p_txn_id, p_now);
    SELECT * INTO g FROM chuizi_generation(p_gen);
    v_day := (g.created_at AT TIME ZONE 'UTC')::date;
    -- The reaper's record (unless the retention purge took it) out of the rollup, the real one in.
    DELETE FROM generations x WHERE x.id = r.id
      RETURNING x.model, x.input_tokens, x.output_tokens, x.cost, (x.created_at AT TIME ZONE 'UTC')::date AS day INTO old;
    IF FOUND THEN
      PERFORM chuizi_add_rollup(old.day, r.account_id, r.key_id, old.model, -1, -old.input_tokens, -old.output_tokens, -old.cost);
    END IF;
    PERFORM chuizi_insert_generation(r.id, r.account_id, r.key_id, p_gen);
    PERFORM chuizi_add_key_usage(r.key_id, v_day, 0, g.input_tokens, g.output_tokens, p_charge, p_now);
    PERFORM chuizi_add_rollup(v_day, r.account_id, r.key_id, g.model, 1, g.input_tokens, g.output_tokens, g.cost);
    RETURN true;
  END
  $fn$;

  -- Group commit: the holds and settlements one process queued in one turn of its event loop, in
  -- ONE transaction (one commit, one WAL flush for all of them). Ops run ordered by account (in
  -- queue order within one account: the lock order above holds across batches). An op that fails
  -- fails the batch (nothing of it is written); the caller then runs its ops one by one, so only
  -- the failing one is refused. Returns one result per op, in the order given: chuizi_hold's
  -- row, or {"settled": bool}.
  CREATE FUNCTION chuizi_ledger_batch(p_ops jsonb, p_now timestamptz)
    RETURNS jsonb
    LANGUAGE plpgsql AS $fn$
  DECLARE
    op record;
    r record;
    res jsonb[] := array_fill(NULL::jsonb, ARRAY[jsonb_array_length(p_ops)]);
  BEGIN
    FOR op IN
      SELECT o.value AS v, o.n,
        CASE WHEN o.value->>'op' = 'hold' THEN o.value->>'account'
          ELSE coalesce((SELECT h.account_id FROM holds h WHERE h.id = o.value->>'hold'),
                        (SELECT x.account_id FROM reaped_holds x WHERE x.id = o.value->>'hold'), '') END AS account
      FROM jsonb_array_elements(p_ops) WITH ORDINALITY AS o(value, n)
      ORDER BY 3, 2
    LOOP
      BEGIN  -- no EXCEPTION clause: a subtransaction per op made a batch on one wallet ~9× slower
        IF op.v->>'op' = 'hold' THEN
          SELECT * INTO r FROM chuizi_hold(op.v->>'id', op.v->>'account', op.v->>'key', (op.v->>'amount')::bigint,
            op.v->>'owner', (op.v->>'expires')::bigint, (op.v->>'daily_limit')::bigint, (op.v->>'day')::date, p_now);
          res[op.n] := to_jsonb(r);
        ELSE
          res[op.n] := jsonb_build_object('settled',
            chuizi_settle(op.v->>'hold', (op.v->>'charge')::bigint, op.v->>'txn', p_now, op.v->'gen', NULL));
        END IF;
      END;
    END LOOP;
    RETURN to_jsonb(res);
  END
  $fn$;
  `,
  // Responses API conversations kept for previous_response_id (store/types.ts ResponseStore).
  // No foreign key to accounts: a record is only ever read by (id, account_id), and the purge
  // deletes by expiry through responses_expires, at most a batch per statement.
  `
  CREATE TABLE responses (
    id            text PRIMARY KEY,
    account_id    text NOT NULL,
    key_id        text NOT NULL,
    conversation  text NOT NULL,
    response      text NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
  );
  CREATE INDEX responses_expires ON responses (expires_at);
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
