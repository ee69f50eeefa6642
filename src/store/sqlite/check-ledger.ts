import type { LedgerCheckOptions, LedgerProblem } from '../types.js';
import { describeLedgerProblems } from '../describe-ledger-problems.js';
import type { LedgerStatements } from './prepare-ledger-statements.js';

/**
 * Every inconsistency of the ledger (run inside one read transaction for a consistent snapshot):
 * balance ≠ sum of ledger rows, held ≠ sum of active holds, holds whose lease lapsed, and the
 * first transaction per account whose balance_after breaks the running sum; with `openHolds`,
 * every hold still open too (when no call can be running, an open hold is a leaked one).
 */
export function checkLedger(s: LedgerStatements, now: number, opts: LedgerCheckOptions = {}): LedgerProblem[] {
  return describeLedgerProblems({
    balanceMismatches: s.balanceMismatches.all(),
    heldMismatches: s.heldMismatches.all(),
    lapsedHolds: s.expiredHolds.all(now),
    openHolds: opts.openHolds ? s.liveHolds.all(now) : [],
    chainBreaks: s.chainBreaks.all(),
  });
}
