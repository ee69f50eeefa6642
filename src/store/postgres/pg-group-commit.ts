import { StoreUnavailableError } from '../../core/store-unavailable-error.js';
import type { PgDb } from './pg-db.js';

/** Ops per batch at most (one transaction holds its accounts' row locks until it commits). */
const MAX_BATCH = 64;
/** Batches of one process in flight at once; the queue grows while they run (the next batch). */
const MAX_IN_FLIGHT = 2;

export type LedgerOp = Record<string, unknown> & { op: 'hold' | 'settle' };

interface Queued {
  op: LedgerOp;
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for PostgreSQL: the holds and settlements queued in one turn of the event loop
 * go to the database as ONE call of `chuizi_ledger_batch` — one transaction, one commit. Under
 * load, the calls of one wallet no longer wait one commit (an fsync) each for its row lock: a
 * batch takes the lock once for all of them. Callers are answered only after the commit. When
 * the database refuses an op (a constraint, a reused hold id) the whole batch is rolled back and
 * its ops are sent again one by one, so only that op is refused (with the database's error);
 * when the database cannot be reached every op is rejected — safe to retry, since holds are
 * keyed by id and settlements are idempotent.
 */
export class PgGroupCommit {
  readonly #db: PgDb;
  readonly #now: () => number;
  #queue: Queued[] = [];
  #scheduled = false;
  #inFlight = 0;
  #idle: Array<() => void> = [];

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  run(op: LedgerOp): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once every queued op is written (or refused): before the pool closes. */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0 || this.#inFlight >= MAX_IN_FLIGHT) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#queue.length > 0 && this.#inFlight < MAX_IN_FLIGHT) void this.#send(this.#queue.splice(0, MAX_BATCH));
    });
  }

  async #send(batch: Queued[]): Promise<void> {
    this.#inFlight++;
    try {
      await this.#write(batch);
    } finally {
      this.#inFlight--;
      this.#schedule();
      if (this.#queue.length === 0 && this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #write(batch: Queued[]): Promise<void> {
    let results: Array<Record<string, unknown>>;
    try {
      const { rows } = await this.#db.query<{ results: Array<Record<string, unknown>> }>({
        name: 'ledger-batch',
        text: 'SELECT chuizi_ledger_batch($1::jsonb, $2) AS results',
        values: [JSON.stringify(batch.map((q) => q.op)), new Date(this.#now()).toISOString()],
      });
      results = rows[0].results;
    } catch (err) {
      if (batch.length > 1 && !(err instanceof StoreUnavailableError)) {
        for (const q of batch) await this.#write([q]); // nothing was written: find the op at fault
      } else {
        for (const q of batch) q.reject(err);
      }
      return;
    }
    batch.forEach((q, i) => q.resolve(results[i]));
  }
}
