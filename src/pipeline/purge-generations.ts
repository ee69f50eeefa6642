import type { Gateway } from './gateway.js';

const DAY_MS = 86_400_000;

export interface PurgeOptions {
  /** How often a round runs, ms (default hourly; the first round runs a minute after start). */
  intervalMs?: number;
  /** Rows deleted per statement (default 1000): each delete is short, never one long lock. */
  batch?: number;
  /** Statements per round at most (default 50): a backlog is worked off over several rounds. */
  maxBatches?: number;
}

export interface GenerationPurge {
  /** One round now; resolves with how many rows it deleted. */
  round(): Promise<number>;
  stop(): void;
}

/**
 * The retention of raw generation rows (`retention.generation_days`): a bounded periodic purge of
 * rows older than that, oldest first, in small batches with a turn of the event loop between
 * them. It deletes generation rows only — never ledger entries, holds or the daily rollups, so
 * balances, `chuizi ledger check` and whole-day usage are unchanged. Every process may run it
 * at once (the deletes skip each other). Without a retention setting nothing is purged.
 */
export function purgeGenerations(gw: Gateway, opts: PurgeOptions = {}): GenerationPurge {
  const days = gw.config.generationRetentionDays;
  const batch = opts.batch ?? 1000;
  const maxBatches = opts.maxBatches ?? 50;
  let running: Promise<number> | undefined;
  const work = async (): Promise<number> => {
    if (days === null) return 0;
    const before = new Date(gw.now() - days * DAY_MS).toISOString();
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await gw.store.generations.purgeBefore(before, batch);
      total += n;
      if (n < batch) break;
      await new Promise((r) => setImmediate(r));
    }
    if (total > 0) gw.log.info({ purged: total, before, retentionDays: days }, 'purged raw generation rows past their retention');
    return total;
  };
  const round = (): Promise<number> => {
    running ??= work()
      .catch((err: unknown) => {
        gw.log.warn({ err: String(err) }, 'generation purge failed; tried again next round');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  if (days === null) return { round, stop: () => undefined };
  const first = setTimeout(() => void round(), Math.min(60_000, opts.intervalMs ?? 60_000));
  const timer = setInterval(() => void round(), opts.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    round,
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
