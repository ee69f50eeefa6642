import type Database from 'better-sqlite3';
import type { GenerationParams, HoldRow, TransactionRow } from './map-rows.js';

type Balance = { balance: number; held: number };
type RollupParams = { day: string; account_id: string; key_id: string; model: string; requests: number; input_tokens: number; output_tokens: number; cost: number };
type DailyUsageParams = { key_id: string; day: string; requests: number; input_tokens: number; output_tokens: number; cost: number };

/** Every statement the ledger runs, prepared once when the store opens. */
export function prepareLedgerStatements(db: Database.Database) {
  return {
    getBalance: db.prepare<[string], Balance>('SELECT balance, held FROM accounts WHERE id = ?'),
    addHeld: db.prepare<[number, string]>('UPDATE accounts SET held = held + ? WHERE id = ?'),
    addBalance: db.prepare<[number, string], { balance: number }>(
      'UPDATE accounts SET balance = balance + ? WHERE id = ? RETURNING balance',
    ),
    releaseAndCharge: db.prepare<[number, number, string], { balance: number }>(
      'UPDATE accounts SET held = held - ?, balance = balance - ? WHERE id = ? RETURNING balance',
    ),

    spentOn: db.prepare<[string, string], { cost: number }>('SELECT cost FROM key_daily_usage WHERE key_id = ? AND day = ?'),
    heldByKey: db.prepare<[string], { held: number }>('SELECT coalesce(sum(amount), 0) AS held FROM holds WHERE key_id = ?'),
    addDailyUsage: db.prepare<[DailyUsageParams]>(
      `INSERT INTO key_daily_usage (key_id, day, requests, input_tokens, output_tokens, cost)
       VALUES (@key_id, @day, @requests, @input_tokens, @output_tokens, @cost)
       ON CONFLICT (key_id, day) DO UPDATE SET
         requests = requests + excluded.requests,
         input_tokens = input_tokens + excluded.input_tokens,
         output_tokens = output_tokens + excluded.output_tokens,
         cost = cost + excluded.cost`,
    ),
    addRollup: db.prepare<[RollupParams]>(
      `INSERT INTO usage_daily (day, account_id, key_id, model, requests, input_tokens, output_tokens, cost)
       VALUES (@day, @account_id, @key_id, @model, @requests, @input_tokens, @output_tokens, @cost)
       ON CONFLICT (day, key_id, model) DO UPDATE SET
         requests = requests + excluded.requests,
         input_tokens = input_tokens + excluded.input_tokens,
         output_tokens = output_tokens + excluded.output_tokens,
         cost = cost + excluded.cost`,
    ),
    generationTotals: db.prepare<[string], { model: string; day: string; input_tokens: number; output_tokens: number; cost: number }>(
      'SELECT model, substr(created_at, 1, 10) AS day, input_tokens, output_tokens, cost FROM generations WHERE id = ?',
    ),
    touchKey: db.prepare<[string, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),

    getHold: db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE id = ?'),
    insertHold: db.prepare<[HoldRow]>(
      `INSERT INTO holds (id, account_id, key_id, amount, owner, expires_at, created_at)
       VALUES (@id, @account_id, @key_id, @amount, @owner, @expires_at, @created_at)`,
    ),
    deleteHold: db.prepare<[string], HoldRow>('DELETE FROM holds WHERE id = ? RETURNING *'),
    renewLeases: db.prepare<[number, string, string]>(
      `UPDATE holds SET expires_at = max(expires_at, ?)
       WHERE owner = ? AND id IN (SELECT value FROM json_each(?))`,
    ),
    insertReaped: db.prepare<[{ id: string; account_id: string; key_id: string; amount: number; owner: string; reaped_at: string }]>(
      `INSERT INTO reaped_holds (id, account_id, key_id, amount, owner, reaped_at)
       VALUES (@id, @account_id, @key_id, @amount, @owner, @reaped_at)`,
    ),
    /** Claims a reaped hold for its late settlement: only the first one finds it. */
    claimReaped: db.prepare<[string], { id: string; account_id: string; key_id: string }>(
      'DELETE FROM reaped_holds WHERE id = ? RETURNING id, account_id, key_id',
    ),
    charge: db.prepare<[number, string], { balance: number }>(
      'UPDATE accounts SET balance = balance - ? WHERE id = ? RETURNING balance',
    ),
    expiredHolds: db.prepare<[number], HoldRow>('SELECT * FROM holds WHERE expires_at < ? ORDER BY expires_at, id'),
    liveHolds: db.prepare<[number], HoldRow>('SELECT * FROM holds WHERE expires_at >= ? ORDER BY created_at, id'),

    generationExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM generations WHERE id = ?'),
    replaceGeneration: db.prepare<[GenerationParams]>(
      `UPDATE generations SET request_id = @request_id, model = @model, provider = @provider, protocol = @protocol,
         streamed = @streamed, status = @status, input_tokens = @input_tokens, output_tokens = @output_tokens,
         cached_tokens = @cached_tokens, cache_write_tokens = @cache_write_tokens, reasoning_tokens = @reasoning_tokens,
         cost = @cost, upstream_cost = @upstream_cost, latency_ms = @latency_ms, generation_time_ms = @generation_time_ms,
         finish_reason = @finish_reason, usage_source = @usage_source, error_reason = @error_reason, created_at = @created_at
       WHERE id = @id AND account_id = @account_id`,
    ),
    insertGeneration: db.prepare<[GenerationParams]>(
      `INSERT INTO generations (id, account_id, key_id, request_id, model, provider, protocol, streamed, status,
         input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost,
         latency_ms, generation_time_ms, finish_reason, usage_source, error_reason, created_at)
       VALUES (@id, @account_id, @key_id, @request_id, @model, @provider, @protocol, @streamed, @status,
         @input_tokens, @output_tokens, @cached_tokens, @cache_write_tokens, @reasoning_tokens, @cost, @upstream_cost,
         @latency_ms, @generation_time_ms, @finish_reason, @usage_source, @error_reason, @created_at)`,
    ),

    insertTxn: db.prepare<[Omit<TransactionRow, 'seq'>]>(
      `INSERT INTO transactions (id, account_id, type, amount, balance_after, generation_id, key_id, note, created_at)
       VALUES (@id, @account_id, @type, @amount, @balance_after, @generation_id, @key_id, @note, @created_at)`,
    ),
    txnPageFirst: db.prepare<[string, number], TransactionRow>(
      'SELECT * FROM transactions WHERE account_id = ? ORDER BY seq DESC LIMIT ?',
    ),
    txnPageAfter: db.prepare<[string, number, number], TransactionRow>(
      'SELECT * FROM transactions WHERE account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ),

    balanceMismatches: db.prepare<[], { id: string; balance: number; ledger: number }>(
      `SELECT a.id, a.balance, coalesce(t.total, 0) AS ledger
       FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM transactions GROUP BY account_id) t
         ON t.account_id = a.id
       WHERE a.balance != coalesce(t.total, 0)`,
    ),
    heldMismatches: db.prepare<[], { id: string; held: number; holds: number }>(
      `SELECT a.id, a.held, coalesce(h.total, 0) AS holds
       FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM holds GROUP BY account_id) h
         ON h.account_id = a.id
       WHERE a.held != coalesce(h.total, 0)`,
    ),
    chainBreaks: db.prepare<[], { account_id: string; id: string; balance_after: number; running: number }>(
      `SELECT account_id, id, balance_after, running, min(seq) AS first_seq FROM (
         SELECT seq, account_id, id, balance_after,
           sum(amount) OVER (PARTITION BY account_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS running
         FROM transactions)
       WHERE running != balance_after
       GROUP BY account_id`,
    ),
  };
}

export type LedgerStatements = ReturnType<typeof prepareLedgerStatements>;
