import Database from 'better-sqlite3';

/**
 * Grows a gateway's SQLite store for the grown-store lane: `accounts` accounts, `keys` keys and
 * `generations` generation records, each generation with its charge in the ledger, written with
 * direct batched SQL (INSERT … SELECT over a counter) in one transaction. The result stays a
 * sound ledger: every filler account has a top-up and a balance_after chain that adds up.
 * The gateway keeps running meanwhile; the WAL is checkpointed into the file afterwards so the
 * lane does not pay for that copy.
 */

export interface FillCounts {
  accounts: number;
  keys: number;
  generations: number;
}

const TOPUP = 100_000_000_000; // $1,000 per filler account
const CHARGE = 1000;

export function fillStore(path: string, n: FillCounts): { seconds: number; fileMb: number } {
  const started = performance.now();
  const db = new Database(path, { timeout: 30_000 });
  try {
    db.pragma('busy_timeout = 30000');
    const counter = (count: number) => `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})`;
    const perAccount = Math.floor(n.generations / n.accounts);
    const fill = db.transaction(() => {
      db.exec(`${counter(n.accounts)}
        INSERT INTO accounts (id, name, balance, held, rpm_limit, created_at)
        SELECT printf('acct_fill%08d', i), 'fill ' || i,
          ${TOPUP} - ${CHARGE} * ((${n.generations} - 1 - i) / ${n.accounts} + 1) * (i < ${n.generations}),
          0, NULL, '2026-01-01T00:00:00.000Z' FROM n`);
      db.exec(`${counter(n.keys)}
        INSERT INTO api_keys (id, account_id, name, key_hash, key_prefix, grp, created_at)
        SELECT printf('key_fill%08d', i), printf('acct_fill%08d', i % ${n.accounts}), 'fill', printf('fillhash%08d', i), 'ck-fill', 'default',
          '2026-01-01T00:00:00.000Z' FROM n`);
      db.exec(`${counter(n.accounts)}
        INSERT INTO transactions (id, account_id, type, amount, balance_after, note, created_at)
        SELECT printf('txn_filltop%08d', i), printf('acct_fill%08d', i), 'topup', ${TOPUP}, ${TOPUP}, NULL, '2026-01-01T00:00:00.000Z' FROM n`);
      // Generation i belongs to account i % accounts and key i % keys (a key of that account).
      db.exec(`${counter(n.generations)}
        INSERT INTO generations (id, account_id, key_id, request_id, model, provider, protocol, streamed, status, input_tokens,
          output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost, upstream_cost, latency_ms, generation_time_ms,
          finish_reason, usage_source, error_reason, created_at)
        SELECT printf('gen_fill%09d', i), printf('acct_fill%08d', i % ${n.accounts}), printf('key_fill%08d', i % ${n.keys}), NULL,
          'bench/instant', 'bench-upstream', 'openai', i % 2, 'completed', 20, 10, 0, 0, 0, ${CHARGE}, ${CHARGE}, 5, 3, 'stop', 'upstream', NULL,
          strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01', '+' || (i * 2) || ' seconds') FROM n`);
      db.exec(`${counter(n.generations)}
        INSERT INTO transactions (id, account_id, type, amount, balance_after, generation_id, key_id, note, created_at)
        SELECT printf('txn_fill%09d', i), printf('acct_fill%08d', i % ${n.accounts}), 'charge', -${CHARGE},
          ${TOPUP} - ${CHARGE} * (i / ${n.accounts} + 1), printf('gen_fill%09d', i), printf('key_fill%08d', i % ${n.keys}), NULL,
          strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01', '+' || (i * 2) || ' seconds') FROM n`);
      db.exec(`${counter(n.keys)}
        INSERT INTO key_daily_usage (key_id, day, requests, input_tokens, output_tokens, cost)
        SELECT printf('key_fill%08d', i), '2026-10-01', ${perAccount}, 20 * ${perAccount}, 10 * ${perAccount}, ${CHARGE} * ${perAccount} FROM n`);
    });
    fill.immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return { seconds: (performance.now() - started) / 1000, fileMb: (pageCount * pageSize) / 2 ** 20 };
  } finally {
    db.close();
  }
}
