import { hostname } from 'node:os';
import { randomAlphanumeric } from '../core/ids.js';
import type { Gateway } from './gateway.js';
import { settleWithRetry } from './settle.js';

/** What names this process as the owner of its holds: host, pid and a random part (a pid is reused). */
export function newInstanceId(): string {
  return `${hostname().slice(0, 40)}:${process.pid}:${randomAlphanumeric(6)}`;
}

export interface HoldKeeper {
  /** One round now (what each tick does); resolves when it has run. */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * The heartbeat and reaper of a process, one round every third of the hold lease:
 *  1. retries the settlements that failed transiently (gw.unsettled);
 *  2. renews the lease of every hold this process still owns — its calls in flight and its
 *     unwritten settlements — in ONE store write for all of them (Ledger.renewLeases);
 *  3. releases every hold, of any process, whose lease lapsed (Ledger.reapExpired).
 * A live process therefore never loses a hold however long its call runs, and the holds of a
 * process that died are released at most lease + one interval after its last renewal
 * (40 s with the default 30 s lease). Rounds never overlap; a failing store is logged and
 * tried again next round.
 */
export function keepHoldLeases(gw: Gateway, intervalMs = Math.max(100, Math.floor(gw.config.holdLeaseMs / 3))): HoldKeeper {
  let running: Promise<void> | undefined;
  const round = async (): Promise<void> => {
    await retryUnsettled(gw);
    const ids = [...gw.inflight, ...gw.unsettled.keys()];
    // One reading of the clock for both: this round never reaps a hold it has just renewed.
    const now = gw.now();
    try {
      if (ids.length > 0) await gw.store.ledger.renewLeases(gw.instanceId, ids, now + gw.config.holdLeaseMs);
    } catch (err) {
      gw.log.error({ err: String(err), holds: ids.length }, 'could not renew the leases of this process\'s holds');
    }
    const reaped = await gw.store.ledger.reapExpired(now);
    if (reaped > 0) gw.log.warn({ reaped }, 'released holds whose lease lapsed (their process stopped before settling: nothing was charged for them)');
  };
  const tick = (): Promise<void> => {
    running ??= round()
      .catch((err: unknown) => gw.log.error({ err: String(err) }, 'reaper failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/** One more try for each settlement that failed transiently (a rejected one waits for the operator). */
export async function retryUnsettled(gw: Gateway): Promise<void> {
  for (const [id, entry] of gw.unsettled) {
    if (!entry.retry) continue;
    const result = await settleWithRetry(gw, entry.input, entry.input.generation.requestId, []);
    if (result === true) gw.unsettled.delete(id);
    else entry.retry = result === 'transient';
  }
}
