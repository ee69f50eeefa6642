import type Database from 'better-sqlite3';

const MAX_BATCH = 64;

interface Op {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  ok?: boolean;
  value?: unknown;
  error?: unknown;
}

/**
 * Group commit: the ledger writes queued during one turn of the event loop run together in ONE
 * `BEGIN IMMEDIATE` transaction at the end of that turn (setImmediate), each inside its own
 * savepoint so one failing write does not undo the others. Callers are answered only after the
 * batch has committed, so nothing is acknowledged that is not in the database; under load many
 * holds and settlements share one commit (one WAL append) instead of paying one each, and
 * at concurrency 1 a batch is a single write with no added wait.
 */
export class GroupCommit {
  #queue: Op[] = [];
  #scheduled = false;
  readonly #batch: (ops: Op[]) => void;
  readonly #savepoint: (fn: () => unknown) => unknown;

  constructor(db: Database.Database) {
    this.#savepoint = db.transaction((fn: () => unknown) => fn());
    this.#batch = db.transaction((ops: Op[]) => {
      for (const op of ops) {
        try {
          op.value = this.#savepoint(op.fn);
          op.ok = true;
        } catch (err) {
          op.ok = false;
          op.error = err;
        }
      }
    }).immediate;
  }

  /** Queues `fn` (synchronous SQL work) for the current batch; resolves once it is committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Commits everything still queued, now (before the connection closes). */
  drain(): void {
    while (this.#queue.length > 0) this.#flush();
  }

  #flush(): void {
    if (this.#queue.length === 0) {
      this.#scheduled = false;
      return;
    }
    // At most MAX_BATCH writes per turn, so a burst never blocks the event loop for long
    // (streams keep flowing); the rest go in the next turn.
    const ops = this.#queue.length <= MAX_BATCH ? this.#queue : this.#queue.slice(0, MAX_BATCH);
    this.#queue = ops === this.#queue ? [] : this.#queue.slice(MAX_BATCH);
    if (this.#queue.length > 0) setImmediate(() => this.#flush());
    else this.#scheduled = false;
    try {
      this.#batch(ops);
    } catch (err) {
      // The batch did not commit: nothing of it happened.
      for (const op of ops) op.reject(err);
      return;
    }
    for (const op of ops) {
      if (op.ok) op.resolve(op.value);
      else op.reject(op.error);
    }
  }
}
