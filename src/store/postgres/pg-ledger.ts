import type { Money } from '../../core/money.js';
import { newSortableId } from '../../core/ids.js';
import type { HoldInput, HoldRecord, HoldResult, Ledger, LedgerCheckOptions, LedgerProblem, Page, SettleInput, TransactionRecord } from '../types.js';
import { assertUnits, normaliseIso } from '../sqlite/assert-units.js';
import { generationFromHold, mapHoldRow, mapTransactionRow, type HoldRow, type TransactionRow } from '../sqlite/map-rows.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import { checkPgLedger } from './check-pg-ledger.js';
import type { PgDb } from './pg-db.js';
import { PgGroupCommit } from './pg-group-commit.js';

type HoldOutcome = { outcome: 'ok' | 'insufficient_balance' | 'daily_limit_exceeded'; balance: number; available: number; spent: number | null; key_held: number | null };

/** How many expired holds one reaper pass releases at most (the next pass takes the rest). */
const REAP_BATCH = 500;

/**
 * The wallet ledger in PostgreSQL. Holds and settlements are PL/pgSQL functions
 * (pg-migrations.ts), serialised per account by the account row's lock, so any number of
 * processes share one wallet without overspending it; the ones queued in one event-loop turn
 * go over in one round trip and one transaction (pg-group-commit.ts). Settlement is idempotent
 * by hold id (the hold row is deleted exactly once).
 */
export class PgLedger implements Ledger {
  readonly #db: PgDb;
  readonly #now: () => number;
  readonly #writes: PgGroupCommit;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.#writes = new PgGroupCommit(db, now);
  }

  /** Writes what is still queued for the next batch (called before the store closes). */
  drainWrites(): Promise<void> {
    return this.#writes.drain();
  }

  async credit(accountId: string, amount: Money, type: 'topup' | 'adjustment', note?: string | null): Promise<Money | null> {
    assertUnits(amount, 'amount', { min: type === 'topup' ? 1 : Number.MIN_SAFE_INTEGER });
    if (type !== 'topup' && type !== 'adjustment') throw new RangeError(`invalid credit type: ${String(type)}`);
    const { rows } = await this.#db.query<{ balance_after: number }>(
      `WITH a AS (UPDATE accounts SET balance = balance + $2 WHERE id = $1 RETURNING balance)
       INSERT INTO transactions (id, account_id, type, amount, balance_after, note, created_at)
       SELECT $3, $1, $4, $2, a.balance, $5, $6 FROM a RETURNING balance_after`,
      [accountId, amount, newSortableId('txn_', this.#now()), type, note ?? null, this.#nowIso()],
    );
    return rows[0]?.balance_after ?? null;
  }

  async hold(input: HoldInput): Promise<HoldResult> {
    assertUnits(input.amount, 'hold amount', { min: 0 });
    if (input.dailyLimit != null) assertUnits(input.dailyLimit, 'dailyLimit');
    if (!Number.isSafeInteger(input.expiresAt)) throw new RangeError('hold expiresAt must be epoch milliseconds');
    if (typeof input.owner !== 'string') throw new TypeError('hold owner must be a string');
    const r = (await this.#writes.run({
      op: 'hold', id: input.id, account: input.accountId, key: input.keyId, amount: input.amount, owner: input.owner,
      expires: input.expiresAt, daily_limit: input.dailyLimit ?? null, day: input.day,
    })) as HoldOutcome;
    if (r.outcome === 'ok') return { ok: true };
    if (r.outcome === 'daily_limit_exceeded') return { ok: false, reason: 'daily_limit_exceeded', spentToday: r.spent ?? 0, held: r.key_held ?? 0 };
    return { ok: false, reason: 'insufficient_balance', balance: r.balance, available: r.available };
  }

  /**
   * Settles once; a settlement whose hold a reaper already released is still charged once
   * (chuizi_settle_reaped).
   */
  async settle(input: SettleInput): Promise<boolean> {
    return this.#settle(input, null);
  }

  /** A settlement, or with `reapBefore` the reaper's release of a hold whose lease lapsed before it. */
  async #settle(input: SettleInput, reapBefore: number | null): Promise<boolean> {
    assertUnits(input.charge, 'charge', { min: 0 });
    const g = input.generation;
    const { iso } = normaliseIso(g.createdAt);
    const gen = {
      request_id: g.requestId, model: g.model, provider: g.provider, protocol: g.protocol, streamed: g.streamed, status: g.status,
      input_tokens: g.inputTokens, output_tokens: g.outputTokens, cached_tokens: g.cachedTokens, cache_write_tokens: g.cacheWriteTokens,
      reasoning_tokens: g.reasoningTokens, cost: g.cost, upstream_cost: g.upstreamCost, latency_ms: g.latencyMs,
      generation_time_ms: g.generationTimeMs, finish_reason: g.finishReason, usage_source: g.usageSource, error_reason: g.errorReason,
      created_at: iso,
    };
    const txn = newSortableId('txn_', this.#now());
    if (reapBefore === null) return (await this.#writes.run({ op: 'settle', hold: input.holdId, charge: input.charge, txn, gen })).settled === true;
    const { rows } = await this.#db.query<{ settled: boolean }>({
      name: 'reap',
      text: 'SELECT chuizi_settle($1, $2, $3, $4, $5, $6) AS settled',
      values: [input.holdId, input.charge, txn, this.#nowIso(), JSON.stringify(gen), reapBefore],
    });
    return rows[0].settled;
  }

  async getHold(id: string): Promise<HoldRecord | null> {
    const { rows } = await this.#db.query<HoldRow>({ name: 'hold-get', text: 'SELECT * FROM holds WHERE id = $1', values: [id] });
    const h = rows[0];
    return h ? mapHoldRow(h) : null;
  }

  /** The heartbeat: one UPDATE for all of the owner's named holds (the primary key finds them). */
  async renewLeases(owner: string, ids: readonly string[], expiresAt: number): Promise<number> {
    if (!Number.isSafeInteger(expiresAt)) throw new RangeError('lease expiresAt must be epoch milliseconds');
    if (ids.length === 0) return 0;
    const r = await this.#db.query({
      name: 'renew-leases',
      // SKIP LOCKED: a hold being settled or reaped right now is not waited for (that write
      // decides its fate), so the heartbeat never joins a lock cycle.
      text: `UPDATE holds SET expires_at = greatest(expires_at, $3)
             WHERE id IN (SELECT id FROM holds WHERE id = ANY($2::text[]) AND owner = $1 FOR UPDATE SKIP LOCKED)`,
      values: [owner, ids, expiresAt],
    });
    return r.rowCount ?? 0;
  }

  /**
   * Releases the holds whose lease lapsed (at most REAP_BATCH a pass; the next pass takes the
   * rest), each through the settle function, which re-checks the lease under the hold's row
   * lock: a lease renewed since the SELECT, a settlement or another process's reaper that got
   * there first all leave the hold out of this count.
   */
  async reapExpired(now: number): Promise<number> {
    const { rows } = await this.#db.query<HoldRow>('SELECT * FROM holds WHERE expires_at < $1 ORDER BY expires_at, id LIMIT $2', [now, REAP_BATCH]);
    let released = 0;
    for (const h of rows) {
      if (await this.#settle({ holdId: h.id, charge: 0, generation: generationFromHold(h, 'failed', 'hold_expired') }, now)) released++;
    }
    return released;
  }

  async check(now: number, opts: LedgerCheckOptions = {}): Promise<LedgerProblem[]> {
    // One consistent snapshot for every query of the check.
    return this.#db.transaction((client) => checkPgLedger(client, now, opts), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async transactions(accountId: string, opts: { limit: number; cursor?: string | null }): Promise<Page<TransactionRecord>> {
    assertLimit(opts.limit);
    const { rows } = await this.#db.query<TransactionRow>(
      `SELECT * FROM transactions WHERE account_id = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
      [accountId, opts.cursor ? decodeCursor(opts.cursor).seq : null, opts.limit + 1],
    );
    return pageOf(rows, opts.limit, mapTransactionRow);
  }

  #nowIso(): string {
    return new Date(this.#now()).toISOString();
  }
}
