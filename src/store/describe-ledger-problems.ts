import { formatMoney } from '../core/money.js';
import type { LedgerProblem } from './types.js';
import type { HoldRow } from './sqlite/map-rows.js';

/** What a ledger check found, as rows (the same shapes from every store). */
export interface LedgerFindings {
  balanceMismatches: Array<{ id: string; balance: number; ledger: number }>;
  heldMismatches: Array<{ id: string; held: number; holds: number }>;
  lapsedHolds: HoldRow[];
  /** Holds still open (only when asked for open holds). */
  openHolds: HoldRow[];
  chainBreaks: Array<{ account_id: string; id: string; balance_after: number; running: number }>;
}

/** The findings of a ledger check as the problems `chuizi ledger check` prints, worded the same for every store. */
export function describeLedgerProblems(f: LedgerFindings): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  for (const r of f.balanceMismatches) problems.push({ accountId: r.id, problem: `balance ${formatMoney(r.balance)} ≠ sum of ledger ${formatMoney(r.ledger)}` });
  for (const r of f.heldMismatches) problems.push({ accountId: r.id, problem: `held ${formatMoney(r.held)} ≠ sum of active holds ${formatMoney(r.holds)}` });
  for (const h of f.lapsedHolds) {
    problems.push({
      accountId: h.account_id,
      holdId: h.id,
      problem: `hold of ${formatMoney(h.amount)} (owner ${h.owner || '-'}): lease lapsed at ${new Date(h.expires_at).toISOString()} and it was never settled`,
    });
  }
  for (const h of f.openHolds) {
    problems.push({
      accountId: h.account_id,
      holdId: h.id,
      problem: `hold of ${formatMoney(h.amount)} open since ${h.created_at} (owner ${h.owner || '-'}, lease until ${new Date(h.expires_at).toISOString()}): not settled`,
    });
  }
  for (const r of f.chainBreaks) {
    problems.push({ accountId: r.account_id, problem: `transaction ${r.id}: balance_after ${formatMoney(r.balance_after)} ≠ running sum ${formatMoney(r.running)}` });
  }
  return problems;
}
