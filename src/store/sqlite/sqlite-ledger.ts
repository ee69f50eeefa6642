import type Database from 'better-sqlite3';
import type { Money } from '../../core/money.js';
import type { HoldInput, HoldResult, Ledger, LedgerCheckOptions, LedgerProblem, Page, SettleInput, TransactionRecord } from '../types.js';
import { assertUnits, normaliseIso } from './assert-units.js';
import { newSortableId } from '../../core/ids.js';
import { checkLedger } from './check-ledger.js';
import { generationFromHold, generationParams, mapTransactionRow, type HoldRow, type TransactionRow } from './map-rows.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';
import { prepareLedgerStatements, type LedgerStatements } from './prepare-ledger-statements.js';
import { GroupCommit } from './group-commit.js';

type HoldView = { id: string; accountId: string; keyId: string; amount: Money; expiresAt: number; createdAt: string };

/**
 * The wallet ledger. Every write runs inside a BEGIN IMMEDIATE transaction, so the
 * read-check-write of a hold cannot interleave with another connection (the CLI, a second
 * server process). Holds and settlements are group-committed (group-commit.ts).
 */
export class SqliteLedger implements Ledger {
  readonly #now: () => number;
  readonly #s: LedgerStatements;
  readonly #writes: GroupCommit;
  readonly #touchedAt = new Map<string, number>();
  readonly #credit: (accountId: string, amount: Money, type: 'topup' | 'adjustment', note: string | null) => Money | null;
  readonly #reap: (now: number, skip: ReadonlySet<string> | undefined) => number;
  readonly #check: (now: number, opts: LedgerCheckOptions) => LedgerProblem[];

  constructor(db: Database.Database, now: () => number) {
    this.#now = now;
    this.#s = prepareLedgerStatements(db);
    this.#writes = new GroupCommit(db);
    this.#credit = db.transaction(
      (accountId: string, amount: Money, type: 'topup' | 'adjustment', note: string | null) =>
        this.#creditSync(accountId, amount, type, note),
    ).immediate;
    this.#reap = db.transaction((at: number, skip: ReadonlySet<string> | undefined) => this.#reapSync(at, skip)).immediate;
    // A deferred (read) transaction: one consistent snapshot for all the queries of the check.
    this.#check = db.transaction((at: number, opts: LedgerCheckOptions) => checkLedger(this.#s, at, opts)).deferred;
  }

  async credit(accountId: string, amount: Money, type: 'topup' | 'adjustment', note?: string | null): Promise<Money | null> {
    assertUnits(amount, 'amount', { min: type === 'topup' ? 1 : Number.MIN_SAFE_INTEGER });
    if (type !== 'topup' && type !== 'adjustment') throw new RangeError(`invalid credit type: ${String(type)}`);
    return this.#credit(accountId, amount, type, note ?? null);
  }

  async hold(input: HoldInput): Promise<HoldResult> {
    assertUnits(input.amount, 'hold amount', { min: 0 });
    if (input.dailyLimit != null) assertUnits(input.dailyLimit, 'dailyLimit');
    if (!Number.isSafeInteger(input.expiresAt)) throw new RangeError('hold expiresAt must be epoch milliseconds');
    return this.#writes.run(() => this.#holdSync(input));
  }

  async settle(input: SettleInput): Promise<boolean> {
    assertUnits(input.charge, 'charge', { min: 0 });
    return this.#writes.run(() => this.#settleSync(input));
  }

  /** Commits the writes still queued for the next batch (called before the store closes). */
  drainWrites(): void {
    this.#writes.drain();
  }

  async getHold(id: string): Promise<HoldView | null> {
    const h = this.#s.getHold.get(id);
    return h ? { id: h.id, accountId: h.account_id, keyId: h.key_id, amount: h.amount, expiresAt: h.expires_at, createdAt: h.created_at } : null;
  }

  async reapExpired(now: number, skip?: ReadonlySet<string>): Promise<number> {
    return this.#reap(now, skip);
  }

  async check(now: number, opts: LedgerCheckOptions = {}): Promise<LedgerProblem[]> {
    return this.#check(now, opts);
  }

  async transactions(accountId: string, opts: { limit: number; cursor?: string | null }): Promise<Page<TransactionRecord>> {
    assertLimit(opts.limit);
    const rows: TransactionRow[] = opts.cursor
      ? this.#s.txnPageAfter.all(accountId, decodeCursor(opts.cursor).seq, opts.limit + 1)
      : this.#s.txnPageFirst.all(accountId, opts.limit + 1);
    return pageOf(rows, opts.limit, mapTransactionRow);
  }

  #nowIso(): string {
    return new Date(this.#now()).toISOString();
  }

  #holdSync(input: HoldInput): HoldResult {
    const acct = this.#s.getBalance.get(input.accountId);
    if (!acct) return { ok: false, reason: 'insufficient_balance', balance: 0, available: 0 };
    const available = acct.balance - acct.held;
    if (available < input.amount) {
      return { ok: false, reason: 'insufficient_balance', balance: acct.balance, available };
    }
    if (input.dailyLimit != null) {
      const spentToday = this.#s.spentOn.get(input.keyId, input.day)?.cost ?? 0;
      const held = this.#s.heldByKey.get(input.keyId)?.held ?? 0;
      if (spentToday + held + input.amount > input.dailyLimit) {
        return { ok: false, reason: 'daily_limit_exceeded', spentToday, held };
      }
    }
    if (this.#s.getHold.get(input.id) || this.#s.generationExists.get(input.id)) {
      throw new Error(`hold id already used: ${input.id}`);
    }
    this.#s.insertHold.run({
      id: input.id,
      account_id: input.accountId,
      key_id: input.keyId,
      amount: input.amount,
      expires_at: input.expiresAt,
      created_at: this.#nowIso(),
    });
    this.#s.addHeld.run(input.amount, input.accountId);
    return { ok: true };
  }

  #settleSync(input: SettleInput): boolean {
    const hold: HoldRow | undefined = this.#s.deleteHold.get(input.holdId);
    if (!hold) return false;
    const nowIso = this.#nowIso();
    const after = this.#s.releaseAndCharge.get(hold.amount, input.charge, hold.account_id);
    if (!after) throw new Error(`hold ${hold.id} references a missing account ${hold.account_id}`);
    if (input.charge > 0) {
      this.#s.insertTxn.run({
        id: newSortableId('txn_', this.#now()),
        account_id: hold.account_id,
        type: 'charge',
        amount: -input.charge,
        balance_after: after.balance,
        generation_id: hold.id,
        key_id: hold.key_id,
        note: null,
        created_at: nowIso,
      });
    }
    // The hold is authoritative for who pays: id, account and key come from it.
    const { iso, day } = normaliseIso(input.generation.createdAt);
    this.#s.insertGeneration.run(
      generationParams({ ...input.generation, id: hold.id, accountId: hold.account_id, keyId: hold.key_id, createdAt: iso }),
    );
    this.#s.addDailyUsage.run({
      key_id: hold.key_id,
      day,
      input_tokens: input.generation.inputTokens,
      output_tokens: input.generation.outputTokens,
      cost: input.charge,
    });
    // last_used_at is informational: written at most once a minute per key.
    const touched = this.#touchedAt.get(hold.key_id);
    const nowMs = this.#now();
    if (touched === undefined || nowMs - touched >= 60_000) {
      this.#s.touchKey.run(nowIso, hold.key_id);
      this.#touchedAt.set(hold.key_id, nowMs);
    }
    return true;
  }

  #creditSync(accountId: string, amount: Money, type: 'topup' | 'adjustment', note: string | null): Money | null {
    const after = this.#s.addBalance.get(amount, accountId);
    if (!after) return null;
    this.#s.insertTxn.run({
      id: newSortableId('txn_', this.#now()),
      account_id: accountId,
      type,
      amount,
      balance_after: after.balance,
      generation_id: null,
      key_id: null,
      note,
      created_at: this.#nowIso(),
    });
    return after.balance;
  }

  #reapSync(now: number, skip: ReadonlySet<string> | undefined): number {
    const expired = this.#s.expiredHolds.all(now).filter((h) => !skip?.has(h.id));
    for (const h of expired) {
      this.#settleSync({ holdId: h.id, charge: 0, generation: generationFromHold(h, 'failed', 'hold_expired') });
    }
    return expired.length;
  }
}
