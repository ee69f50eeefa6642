import { formatMoney } from '../../core/money.js';
import type { LedgerCheckOptions, LedgerProblem } from '../types.js';
import type { LedgerStatements } from './prepare-ledger-statements.js';

/**
 * Every inconsistency of the ledger (run inside one read transaction for a consistent snapshot):
 * balance ≠ sum of ledger rows, held ≠ sum of active holds, holds whose lease lapsed, and the
 * first transaction per account whose balance_after breaks the running sum; with `openHolds`,
 * every hold still open too (when no call can be running, an open hold is a leaked one).
 */
export function checkLedger(s: LedgerStatements, now: number, opts: LedgerCheckOptions = {}): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  for (const r of s.balanceMismatches.all()) {
    problems.push({
      accountId: r.id,
      problem: `balance ${formatMoney(r.balance)} ≠ sum of ledger ${formatMoney(r.ledger)}`,
    });
  }
  for (const r of s.heldMismatches.all()) {
    problems.push({
      accountId: r.id,
      problem: `held ${formatMoney(r.held)} ≠ sum of active holds ${formatMoney(r.holds)}`,
    });
  }
  for (const h of s.expiredHolds.all(now)) {
    problems.push({
      accountId: h.account_id,
      holdId: h.id,
      problem: `hold of ${formatMoney(h.amount)} (owner ${h.owner || '-'}): lease lapsed at ${new Date(h.expires_at).toISOString()} and it was never settled`,
    });
  }
  if (opts.openHolds) {
    for (const h of s.liveHolds.all(now)) {
      problems.push({
        accountId: h.account_id,
        holdId: h.id,
        problem: `hold of ${formatMoney(h.amount)} open since ${h.created_at} (owner ${h.owner || '-'}, lease until ${new Date(h.expires_at).toISOString()}): not settled`,
      });
    }
  }
  for (const r of s.chainBreaks.all()) {
    problems.push({
      accountId: r.account_id,
      problem: `transaction ${r.id}: balance_after ${formatMoney(r.balance_after)} ≠ running sum ${formatMoney(r.running)}`,
    });
  }
  return problems;
}
