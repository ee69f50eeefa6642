import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * The checkpoint thread's code (plain JS, so it runs the same from src/ under tsx and from
 * dist/): its own connection runs a PASSIVE checkpoint every `intervalMs`, and a TRUNCATE one
 * when asked to close.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 5000 });
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg !== 'close') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage('closed');
});
`;

/**
 * Runs the WAL checkpoints of a file store on their own thread and connection, so their disk
 * writes and fsyncs (the only ones in WAL + synchronous=NORMAL) never block the event loop
 * that serves requests. The main connection has auto-checkpointing turned off.
 */
export function startCheckpointer(path: string, intervalMs = 1000): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
  let exited = false;
  worker.once('exit', () => (exited = true));
  worker.on('error', () => undefined);
  worker.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const done = () => resolve();
        worker.once('message', () => worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.ref(); // keep the process alive until the final checkpoint is written
        worker.postMessage('close');
      }),
  };
}
