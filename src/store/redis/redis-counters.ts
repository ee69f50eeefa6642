import { Redis, ReplyError } from 'ioredis';
import { randomAlphanumeric } from '../../core/ids.js';
import { StoreUnavailableError } from '../../core/store-unavailable-error.js';
import type { Counters, HitResult, RateWindow, WindowState } from '../types.js';
import { ACQUIRE_SCRIPT, HIT_SCRIPT, RENEW_SCRIPT, UNHIT_SCRIPT } from './counter-scripts.js';

export interface RedisCountersOptions {
  /** Prefix of every key this writes (tests use a unique one). Default `chuizi:`. */
  prefix?: string;
  /** How long a concurrency slot lives without renewal, ms; renewed every third of it. Default 30 s. */
  slotTtlMs?: number;
  /** Where connection errors are reported (ioredis emits them as events: unheard, they would crash the process). */
  onError?: (err: Error) => void;
}

type Scripted = Redis & {
  chuiziHit(numKeys: number, ...args: Array<string | number>): Promise<number[]>;
  chuiziUnhit(numKeys: number, ...args: Array<string | number>): Promise<number>;
  chuiziAcquire(key: string, limit: number, ttlMs: number, member: string): Promise<number>;
  chuiziRenew(numKeys: number, ...args: Array<string | number>): Promise<number>;
};

/**
 * Exact sliding-window counters shared by every gateway process through one Redis: each window
 * is a sorted set of hits scored by time, checked and counted in one Lua script (all windows or
 * none), so N processes admit exactly `limit` hits per window between them. Concurrency slots
 * are sorted sets of members scored by expiry: this process renews its own slots every third of
 * the TTL (one round trip for all of them), so a crashed process's slots lapse within the TTL.
 *
 * Redis unreachable: commands are not queued while disconnected, and time out after 2 s, so a
 * request fails fast with StoreUnavailableError (a 503 `service_unavailable` at the edge); the
 * client reconnects in the background (every ≤ 2 s) and the next request after that succeeds.
 * Times of hits are the caller's clock (the gateway's hosts should run NTP); slot expiries use
 * Redis's clock.
 */
export class RedisCounters implements Counters {
  readonly #redis: Scripted;
  readonly #prefix: string;
  readonly #slotTtlMs: number;
  /** This process's slots: key → members it holds there. */
  readonly #slots = new Map<string, string[]>();
  readonly #tag = randomAlphanumeric(8);
  #seq = 0;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(url: string, opts: RedisCountersOptions = {}) {
    this.#prefix = opts.prefix ?? 'chuizi:';
    this.#slotTtlMs = opts.slotTtlMs ?? 30_000;
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      lazyConnect: true,
    });
    redis.on('error', (err: Error) => opts.onError?.(err));
    redis.defineCommand('chuiziHit', { lua: HIT_SCRIPT });
    redis.defineCommand('chuiziUnhit', { lua: UNHIT_SCRIPT });
    redis.defineCommand('chuiziAcquire', { lua: ACQUIRE_SCRIPT, numberOfKeys: 1 });
    redis.defineCommand('chuiziRenew', { lua: RENEW_SCRIPT });
    this.#redis = redis as Scripted;
    this.#heartbeat = setInterval(() => void this.renewSlots().catch(() => undefined), Math.max(50, Math.floor(this.#slotTtlMs / 3)));
    this.#heartbeat.unref();
  }

  /** Connects, waiting at most `timeoutMs`; false when Redis did not answer (requests get 503 until it does). */
  async connect(timeoutMs = 5000): Promise<boolean> {
    const ready = this.#redis.connect().then(() => true, () => false);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    return Promise.race([ready, timeout]);
  }

  async hit(windows: RateWindow[], now: number): Promise<HitResult> {
    const args: Array<string | number> = [...windows.map((w) => this.#prefix + w.key), now, `${now}:${this.#member()}`];
    for (const w of windows) args.push(w.limit, w.windowMs);
    const out = await this.#call(() => this.#redis.chuiziHit(windows.length, ...args));
    const blocked = out[0];
    const states: WindowState[] = windows.map((w, i) => {
      const size = out[2 + 2 * i];
      const oldest = out[3 + 2 * i];
      return { limit: w.limit, remaining: Math.max(0, w.limit - size), resetMs: size === 0 ? 0 : Math.max(0, oldest + w.windowMs - now) };
    });
    return blocked < 0 ? { allowed: true, windows: states } : { allowed: false, blocked, retryAfterMs: out[1], windows: states };
  }

  async unhit(windows: RateWindow[], at: number): Promise<void> {
    if (windows.length === 0) return;
    await this.#call(() => this.#redis.chuiziUnhit(windows.length, ...windows.map((w) => this.#prefix + w.key), at));
  }

  async acquire(key: string, limit: number): Promise<boolean> {
    const member = this.#member();
    const taken = await this.#call(() => this.#redis.chuiziAcquire(this.#prefix + key, limit, this.#slotTtlMs, member));
    if (taken !== 1) return false;
    const mine = this.#slots.get(key);
    if (mine) mine.push(member);
    else this.#slots.set(key, [member]);
    return true;
  }

  async release(key: string): Promise<void> {
    const mine = this.#slots.get(key);
    const member = mine?.pop();
    if (member === undefined) return; // none of ours: nothing to give back
    if (mine?.length === 0) this.#slots.delete(key);
    // Forgotten here first: if Redis is unreachable, the slot lapses within the TTL (no longer renewed).
    await this.#call(() => this.#redis.zrem(this.#prefix + key, member));
  }

  /** The heartbeat: pushes the expiry of every slot this process holds, in one script call. */
  async renewSlots(): Promise<number> {
    const keys: string[] = [];
    const members: string[] = [];
    for (const [key, list] of this.#slots) {
      for (const m of list) {
        keys.push(this.#prefix + key);
        members.push(m);
      }
    }
    if (keys.length === 0) return 0;
    return this.#call(() => this.#redis.chuiziRenew(keys.length, ...keys, this.#slotTtlMs, ...members));
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#slots.clear();
    if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => this.#redis.disconnect());
    else this.#redis.disconnect();
  }

  #member(): string {
    return `${this.#tag}:${(this.#seq++).toString(36)}`;
  }

  /** A Redis error reply is a bug and stays as it is; anything else (no connection, a timeout) is an unavailable store. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ReplyError) throw err;
      throw new StoreUnavailableError(`Redis unreachable: ${(err as Error).message}`, { cause: err });
    }
  }
}
