import type pg from 'pg';
import { formatMoney } from '../../core/money.js';
import type { LedgerCheckOptions, LedgerProblem } from '../types.js';
import type { HoldRow } from '../sqlite/map-rows.js';

/**
 * Every inconsistency of the ledger, read inside one REPEATABLE READ transaction: balance ≠ sum
 * of ledger rows, held ≠ sum of active holds, holds whose lease lapsed (and every open hold with
 * `openHolds`), and the first transaction per account whose balance_after breaks the running sum.
 */
export async function checkPgLedger(client: pg.PoolClient, now: number, opts: LedgerCheckOptions): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  const balances = await client.query<{ id: string; balance: number; ledger: number }>(
    `SELECT a.id, a.balance, coalesce(t.total, 0)::bigint AS ledger
     FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM transactions GROUP BY account_id) t ON t.account_id = a.id
     WHERE a.balance <> coalesce(t.total, 0)`,
  );
  for (const r of balances.rows) problems.push({ accountId: r.id, problem: `balance ${formatMoney(r.balance)} ≠ sum of ledger ${formatMoney(r.ledger)}` });
  const helds = await client.query<{ id: string; held: number; holds: number }>(
    `SELECT a.id, a.held, coalesce(h.total, 0)::bigint AS holds
     FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM holds GROUP BY account_id) h ON h.account_id = a.id
     WHERE a.held <> coalesce(h.total, 0)`,
  );
  for (const r of helds.rows) problems.push({ accountId: r.id, problem: `held ${formatMoney(r.held)} ≠ sum of active holds ${formatMoney(r.holds)}` });
  const expired = await client.query<HoldRow>('SELECT * FROM holds WHERE expires_at < $1 ORDER BY expires_at, id', [now]);
  for (const h of expired.rows) {
    problems.push({ accountId: h.account_id, holdId: h.id, problem: `hold of ${formatMoney(h.amount)} (owner ${h.owner || '-'}): lease lapsed at ${new Date(h.expires_at).toISOString()} and it was never settled` });
  }
  if (opts.openHolds) {
    const open = await client.query<HoldRow>('SELECT * FROM holds WHERE expires_at >= $1 ORDER BY created_at, id', [now]);
    for (const h of open.rows) {
      problems.push({ accountId: h.account_id, holdId: h.id, problem: `hold of ${formatMoney(h.amount)} open since ${h.created_at} (owner ${h.owner || '-'}, lease until ${new Date(h.expires_at).toISOString()}): not settled` });
    }
  }
  const breaks = await client.query<{ account_id: string; id: string; balance_after: number; running: number }>(
    `SELECT DISTINCT ON (account_id) account_id, id, balance_after, running FROM (
       SELECT seq, account_id, id, balance_after,
         (sum(amount) OVER (PARTITION BY account_id ORDER BY seq ROWS UNBOUNDED PRECEDING))::bigint AS running
       FROM transactions) t
     WHERE running <> balance_after
     ORDER BY account_id, seq`,
  );
  for (const r of breaks.rows) {
    problems.push({ accountId: r.account_id, problem: `transaction ${r.id}: balance_after ${formatMoney(r.balance_after)} ≠ running sum ${formatMoney(r.running)}` });
  }
  return problems;
}
