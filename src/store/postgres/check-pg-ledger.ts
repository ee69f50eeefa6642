import type pg from 'pg';
import type { LedgerCheckOptions, LedgerProblem } from '../types.js';
import { describeLedgerProblems } from '../describe-ledger-problems.js';
import type { HoldRow } from '../sqlite/map-rows.js';

/**
 * Every inconsistency of the ledger, read inside one REPEATABLE READ transaction: balance ≠ sum
 * of ledger rows, held ≠ sum of active holds, holds whose lease lapsed (and every open hold with
 * `openHolds`), and the first transaction per account whose balance_after breaks the running sum.
 */
export async function checkPgLedger(client: pg.PoolClient, now: number, opts: LedgerCheckOptions): Promise<LedgerProblem[]> {
  const balances = await client.query<{ id: string; balance: number; ledger: number }>(
    `SELECT a.id, a.balance, coalesce(t.total, 0)::bigint AS ledger
     FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM transactions GROUP BY account_id) t ON t.account_id = a.id
     WHERE a.balance <> coalesce(t.total, 0)`,
  );
  const helds = await client.query<{ id: string; held: number; holds: number }>(
    `SELECT a.id, a.held, coalesce(h.total, 0)::bigint AS holds
     FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM holds GROUP BY account_id) h ON h.account_id = a.id
     WHERE a.held <> coalesce(h.total, 0)`,
  );
  const lapsed = await client.query<HoldRow>('SELECT * FROM holds WHERE expires_at < $1 ORDER BY expires_at, id', [now]);
  const open = opts.openHolds ? await client.query<HoldRow>('SELECT * FROM holds WHERE expires_at >= $1 ORDER BY created_at, id', [now]) : { rows: [] };
  const breaks = await client.query<{ account_id: string; id: string; balance_after: number; running: number }>(
    `SELECT DISTINCT ON (account_id) account_id, id, balance_after, running FROM (
       SELECT seq, account_id, id, balance_after,
         (sum(amount) OVER (PARTITION BY account_id ORDER BY seq ROWS UNBOUNDED PRECEDING))::bigint AS running
       FROM transactions) t
     WHERE running <> balance_after
     ORDER BY account_id, seq`,
  );
  return describeLedgerProblems({ balanceMismatches: balances.rows, heldMismatches: helds.rows, lapsedHolds: lapsed.rows, openHolds: open.rows, chainBreaks: breaks.rows });
}
