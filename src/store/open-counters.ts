import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { redact } from './open-store.js';
import { MemoryCounters } from './memory/memory-counters.js';
import { RedisCounters } from './redis/redis-counters.js';
import type { Counters } from './types.js';

/**
 * The rate-limit counters named by REDIS_URL: shared through Redis (`redis://…`, `rediss://…`)
 * when set, else in-process. Redis that does not answer at start is not fatal: requests get a
 * 503 until it does, and the client keeps reconnecting.
 */
export async function openCounters(redisUrl: string | undefined, opts: { log?: Logger; slotTtlMs?: number; prefix?: string } = {}): Promise<Counters> {
  const url = redisUrl?.trim();
  if (!url) return new MemoryCounters();
  if (!/^rediss?:\/\//i.test(url)) throw new ConfigError(`Invalid REDIS_URL "${redact(url)}": expected redis://HOST:PORT or rediss://…`);
  let lastLogged = 0;
  const counters = new RedisCounters(url, {
    prefix: opts.prefix,
    slotTtlMs: opts.slotTtlMs,
    onError: (err) => {
      // At most one line every 10 s while Redis is down.
      if (Date.now() - lastLogged < 10_000) return;
      lastLogged = Date.now();
      opts.log?.error({ err: err.message }, 'Redis unreachable: rate limits answer 503 until it is back');
    },
  });
  if (!(await counters.connect())) opts.log?.error('Redis did not answer at start: rate-limited requests get 503 until it does');
  return counters;
}
