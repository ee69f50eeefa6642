import type { Counters, HitResult, RateWindow, WindowState } from '../types.js';
import { SlidingLog } from './sliding-log.js';

/**
 * In-process exact sliding-window counters: one sliding log per window key. The check and
 * the count happen in one synchronous step, so concurrent requests cannot race. Idle logs
 * are swept so memory follows the active keys only.
 */
export class MemoryCounters implements Counters {
  #logs = new Map<string, SlidingLog>();
  #slots = new Map<string, number>();
  #lastSweep = 0;
  #maxWindowMs = 0;

  async hit(windows: RateWindow[], now: number): Promise<HitResult> {
    return this.hitSync(windows, now);
  }

  hitSync(windows: RateWindow[], now: number): HitResult {
    const logs: SlidingLog[] = [];
    let blocked = -1;
    let retryAfterMs = 0;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i];
      if (w.windowMs > this.#maxWindowMs) this.#maxWindowMs = w.windowMs;
      let log = this.#logs.get(w.key);
      if (!log) {
        log = new SlidingLog();
        this.#logs.set(w.key, log);
      }
      log.prune(now - w.windowMs);
      logs.push(log);
      if (log.size >= w.limit) {
        if (blocked < 0) blocked = i;
        // Room returns when enough of the oldest hits have left: the (size − limit)-th oldest.
        const freeing = log.at(log.size - w.limit);
        retryAfterMs = Math.max(retryAfterMs, freeing + w.windowMs - now);
      }
    }
    if (blocked < 0) for (const log of logs) log.push(now);
    const states: WindowState[] = windows.map((w, i) => {
      const log = logs[i];
      const oldest = log.oldest();
      return { limit: w.limit, remaining: Math.max(0, w.limit - log.size), resetMs: oldest === undefined ? 0 : Math.max(0, oldest + w.windowMs - now) };
    });
    this.#sweep(now);
    return blocked < 0 ? { allowed: true, windows: states } : { allowed: false, blocked, retryAfterMs, windows: states };
  }

  async unhit(windows: RateWindow[], at: number): Promise<void> {
    for (const w of windows) this.#logs.get(w.key)?.remove(at);
  }

  async acquire(key: string, limit: number): Promise<boolean> {
    const n = this.#slots.get(key) ?? 0;
    if (n >= limit) return false;
    this.#slots.set(key, n + 1);
    return true;
  }

  async release(key: string): Promise<void> {
    const n = this.#slots.get(key) ?? 0;
    if (n <= 1) this.#slots.delete(key);
    else this.#slots.set(key, n - 1);
  }

  async close(): Promise<void> {
    this.#logs.clear();
    this.#slots.clear();
  }

  /** Drops logs with no hit inside the longest window, at most once a minute. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, log] of this.#logs) {
      const newest = log.newest();
      if (newest === undefined || newest <= now - this.#maxWindowMs) this.#logs.delete(key);
    }
  }
}
