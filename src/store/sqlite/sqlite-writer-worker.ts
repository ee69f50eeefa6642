import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openInlineSqliteStore } from './open-sqlite-store.js';
import type { WriterError, WriterReply, WriterRequest } from './start-sqlite-writer.js';

/**
 * The writer thread of a file store (start-sqlite-writer.ts): its own connection to the file and
 * the store's write methods on it. Requests arrive in order; ledger writes queued in one turn of
 * this thread share one group commit (group-commit.ts), and every answer is posted only after
 * its write has committed. `close` commits what is still queued, then closes the connection.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs only as a worker thread');
const { path } = workerData as { path: string };
const store = openInlineSqliteStore(path, { checkpoint: false, migrate: false });
lowerThreadPriority();
type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;
const parts = store as unknown as Record<string, Methods>;
const targetOf = (name: string): Methods => (name === 'store' ? (store as unknown as Methods) : parts[name]);

port.on('message', (batch: WriterRequest[]) => {
  for (const req of batch) {
    if (req.target === 'close') {
      // After the answers of the writes committed by close() have gone out.
      const closed = () => setImmediate(() => port.postMessage([{ id: req.id, ok: true, value: undefined }] satisfies WriterReply[]));
      store.close().then(closed, closed);
      continue;
    }
    let result: Promise<unknown>;
    try {
      const target = targetOf(req.target);
      result = target[req.method](...req.args);
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (value) => answer({ id: req.id, ok: true, value }),
      (error: unknown) => answer({ id: req.id, ok: false, error: describeError(error) }),
    );
  }
});

// The answers of one group commit go back in one message (posted once its promise callbacks ran).
let replies: WriterReply[] = [];
function answer(reply: WriterReply): void {
  if (replies.length === 0) process.nextTick(flushReplies);
  replies.push(reply);
}
function flushReplies(): void {
  const out = replies;
  replies = [];
  port?.postMessage(out);
}

/** What the caller's side rebuilds the error from (a cloned SqliteError would lose its name and code). */
function describeError(err: unknown): WriterError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * On Linux a thread has its own nice value: this one is raised to 10 so that waking the writer
 * (every message) does not preempt the thread serving sockets on a busy machine; the writer then
 * runs as soon as a core is free. Measured in one A/B run on the shared 2-core VM: c=64 +12% and
 * event-loop delay p99 −66%; on a quiet machine no change. Best effort: elsewhere, or when not
 * allowed, nothing changes.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not permitted
  }
}
