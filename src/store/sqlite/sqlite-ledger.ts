import type Database from 'better-sqlite3';
import type { Money } from '../../core/money.js';
import type { GenerationRecord, HoldInput, HoldRecord, HoldResult, Ledger, LedgerCheckOptions, LedgerProblem, Page, SettleInput, TransactionRecord } from '../types.js';
import { assertUnits, normaliseIso } from './assert-units.js';
import { newSortableId } from '../../core/ids.js';
import { checkLedger } from './check-ledger.js';
import { generationFromHold, generationParams, mapHoldRow, mapTransactionRow, type HoldRow, type TransactionRow } from './map-rows.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';
import { prepareLedgerStatements, type LedgerStatements } from './prepare-ledger-statements.js';
import { GroupCommit } from './group-commit.js';

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
  readonly #reap: (now: number) => number;
  readonly #check: (now: number, opts: LedgerCheckOptions) => LedgerProblem[];

  constructor(db: Database.Database, now: () => number) {
    this.#now = now;
    this.#s = prepareLedgerStatements(db);
    this.#writes = new GroupCommit(db);
    this.#credit = db.transaction(
      (accountId: string, amount: Money, type: 'topup' | 'adjustment', note: string | null) =>
        this.#creditSync(accountId, amount, type, note),
    ).immediate;
    this.#reap = db.transaction((at: number) => this.#reapSync(at)).immediate;
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
    if (typeof input.owner !== 'string') throw new TypeError('hold owner must be a string');
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

  async getHold(id: string): Promise<HoldRecord | null> {
    const h = this.#s.getHold.get(id);
    return h ? mapHoldRow(h) : null;
  }

  async renewLeases(owner: string, ids: readonly string[], expiresAt: number): Promise<number> {
    if (!Number.isSafeInteger(expiresAt)) throw new RangeError('lease expiresAt must be epoch milliseconds');
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    return this.#writes.run(() => this.#s.renewLeases.run(expiresAt, owner, list).changes);
  }

  async reapExpired(now: number): Promise<number> {
    return this.#reap(now);
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
      owner: input.owner,
      expires_at: input.expiresAt,
      created_at: this.#nowIso(),
    });
    this.#s.addHeld.run(input.amount, input.accountId);
    return { ok: true };
  }

  #settleSync(input: SettleInput): boolean {
    const hold: HoldRow | undefined = this.#s.deleteHold.get(input.holdId);
    if (!hold) return this.#settleReapedSync(input);
    const after = this.#s.releaseAndCharge.get(hold.amount, input.charge, hold.account_id);
    if (!after) throw new Error(`hold ${hold.id} references a missing account ${hold.account_id}`);
    this.#recordChargeSync(hold.id, hold.account_id, hold.key_id, input.charge, after.balance);
    // The hold is authoritative for who pays: id, account and key come from it.
    const { iso, day } = normaliseIso(input.generation.createdAt);
    this.#s.insertGeneration.run(
      generationParams({ ...input.generation, id: hold.id, accountId: hold.account_id, keyId: hold.key_id, createdAt: iso }),
    );
    this.#addUsageSync(hold.key_id, day, 1, input);
    this.#addRollupSync(day, hold.account_id, hold.key_id, 1, input.generation);
    return true;
  }

  /**
   * The settlement of a hold the reaper already released (its lease lapsed while the call still
   * ran): charged now, once — claiming the reaped_holds row is what makes it idempotent. The
   * reaper already counted the request and released the held amount; its `failed` generation
   * record is replaced by the real one.
   */
  #settleReapedSync(input: SettleInput): boolean {
    const reaped = this.#s.claimReaped.get(input.holdId);
    if (!reaped) return false;
    const after = this.#s.charge.get(input.charge, reaped.account_id);
    if (!after) throw new Error(`hold ${reaped.id} references a missing account ${reaped.account_id}`);
    this.#recordChargeSync(reaped.id, reaped.account_id, reaped.key_id, input.charge, after.balance);
    const { iso, day } = normaliseIso(input.generation.createdAt);
    const old = this.#s.generationTotals.get(reaped.id);
    if (old) this.#addRollupSync(old.day, reaped.account_id, reaped.key_id, -1, { model: old.model, inputTokens: -old.input_tokens, outputTokens: -old.output_tokens, cost: -old.cost });
    this.#addRollupSync(day, reaped.account_id, reaped.key_id, 1, input.generation);
    // The reaper's record, unless the retention purge already took it.
    (old ? this.#s.replaceGeneration : this.#s.insertGeneration).run(
      generationParams({ ...input.generation, id: reaped.id, accountId: reaped.account_id, keyId: reaped.key_id, createdAt: iso }),
    );
    this.#addUsageSync(reaped.key_id, day, 0, input);
    return true;
  }

  /** The dashboards' daily rollup (requests −1 and negated sums take a replaced record back out). */
  #addRollupSync(day: string, accountId: string, keyId: string, requests: number, g: Pick<GenerationRecord, 'model' | 'inputTokens' | 'outputTokens' | 'cost'>): void {
    this.#s.addRollup.run({ day, account_id: accountId, key_id: keyId, model: g.model, requests, input_tokens: g.inputTokens, output_tokens: g.outputTokens, cost: g.cost });
  }

  #recordChargeSync(holdId: string, accountId: string, keyId: string, charge: Money, balanceAfter: Money): void {
    if (charge > 0) {
      this.#s.insertTxn.run({
        id: newSortableId('txn_', this.#now()),
        account_id: accountId,
        type: 'charge',
        amount: -charge,
        balance_after: balanceAfter,
        generation_id: holdId,
        key_id: keyId,
        note: null,
        created_at: this.#nowIso(),
      });
    }
  }

  /** The key's daily usage (`requests`: 1, or 0 when the reaper already counted the call) and its last use. */
  #addUsageSync(keyId: string, day: string, requests: number, input: SettleInput): void {
    this.#s.addDailyUsage.run({
      key_id: keyId,
      day,
      requests,
      input_tokens: input.generation.inputTokens,
      output_tokens: input.generation.outputTokens,
      cost: input.charge,
    });
    // last_used_at is informational: written at most once a minute per key.
    const touched = this.#touchedAt.get(keyId);
    const nowMs = this.#now();
    if (touched === undefined || nowMs - touched >= 60_000) {
      this.#s.touchKey.run(this.#nowIso(), keyId);
      this.#touchedAt.set(keyId, nowMs);
    }
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

  #reapSync(now: number): number {
    const expired = this.#s.expiredHolds.all(now);
    const reapedAt = this.#nowIso();
    for (const h of expired) {
      this.#settleSync({ holdId: h.id, charge: 0, generation: generationFromHold(h, 'failed', 'hold_expired') });
      this.#s.insertReaped.run({ id: h.id, account_id: h.account_id, key_id: h.key_id, amount: h.amount, owner: h.owner, reaped_at: reapedAt });
    }
    return expired.length;
  }
}
