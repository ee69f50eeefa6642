import { Worker } from 'node:worker_threads';

/** A part of the store, or `store` itself (its ping). */
export type WriterTarget = 'settings' | 'accounts' | 'keys' | 'ledger' | 'generations' | 'audit' | 'responses' | 'store';
export type WriterRequest = { id: number; target: WriterTarget | 'close'; method: string; args: unknown[] };
export type WriterError = { name: string; message: string; code?: string };
export type WriterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WriterError };

/** The writer thread's error as thrown there: a RangeError stays one, a SqliteError keeps its name and code. */
function rebuildError(e: WriterError): Error {
  const err = e.name === 'RangeError' ? new RangeError(e.message) : e.name === 'TypeError' ? new TypeError(e.message) : new Error(e.message);
  if (err.name !== e.name) err.name = e.name;
  if (e.code !== undefined) Object.assign(err, { code: e.code });
  return err;
}

export interface SqliteWriter {
  /** Runs `store[target][method](...args)` on the writer thread; settles once it has committed there. */
  call<T>(target: WriterTarget, method: string, args: unknown[]): Promise<T>;
  /** Commits what is queued, closes the writer's connection and ends the thread. */
  close(): Promise<void>;
}

/**
 * The writer's garbage is short-lived (one message, one batch): a small young generation keeps
 * its memory flat under load instead of growing to V8's default of tens of MB.
 */
const LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * The worker thread running sqlite-writer-worker next to this module: the .js file from dist/;
 * from src/ (tests, under tsx) a bootstrap that registers tsx in the thread first, since a
 * thread does not inherit the loader hooks of its parent on Node 20.
 */
function newWorker(path: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), { workerData: { path }, resourceLimits: LIMITS });
  const entry = new URL('./sqlite-writer-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { path }, resourceLimits: LIMITS });
}

/**
 * Starts the writer thread of a file store (sqlite-writer-worker.ts), so the store's SQL writes —
 * every hold and settlement — run on their own thread and connection, never on the event loop
 * that serves sockets. Calls made in one turn of the event loop go over in one message (each
 * message wakes the thread, which on a busy machine costs far more than the copy); the thread
 * answers each only after its write committed (nothing is acknowledged that is not in the
 * database). The thread keeps the process alive only while calls are outstanding.
 */
export function startSqliteWriter(path: string): SqliteWriter {
  const worker = newWorker(path);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let outbox: WriterRequest[] = [];
  let failure: Error | null = null;
  let closed: Promise<void> | null = null;
  worker.unref();

  const failAll = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (replies: WriterReply[]) => {
    for (const r of replies) {
      const p = pending.get(r.id);
      if (!p) continue;
      pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(rebuildError(r.error));
    }
    if (pending.size === 0) worker.unref();
  });
  worker.on('error', (err) => failAll(new Error(`the SQLite writer thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the SQLite writer thread exited (code ${code})`)));

  const flush = () => {
    const batch = outbox;
    outbox = [];
    worker.postMessage(batch);
  };
  const send = <T>(target: WriterRequest['target'], method: string, args: unknown[]): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (pending.size === 1) worker.ref();
      if (outbox.length === 0) setImmediate(flush);
      outbox.push({ id, target, method, args });
    });
  };

  return {
    call: (target, method, args) => (closed ? Promise.reject(new Error('the store is closed')) : send(target, method, args)),
    close: () => {
      closed ??= send<void>('close', '', []).then(
        () => worker.terminate().then(() => undefined),
        () => undefined,
      );
      return closed;
    },
  };
}
