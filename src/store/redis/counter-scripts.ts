/**
 * The Lua scripts of the Redis counters. Each runs atomically in Redis, so a check and its count
 * cannot interleave with another process's. Scores are epoch milliseconds (integers).
 */

/**
 * hit: KEYS = the window keys; ARGV = now, a unique member, then limit and window ms per key.
 * Drops each window's hits at or before now − window; when every window has room, counts
 * `member` at `now` in each (all or nothing). Returns blocked index (−1: allowed), the ms until
 * every full window has room, then per window its size and oldest score (0 when empty).
 */
export const HIT_SCRIPT = `
local now = tonumber(ARGV[1])
local member = ARGV[2]
local n = #KEYS
local sizes = {}
local blocked = -1
local retry = 0
for i = 1, n do
  local limit = tonumber(ARGV[1 + 2 * i])
  local win = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local size = redis.call('ZCARD', KEYS[i])
  sizes[i] = size
  if size >= limit then
    if blocked < 0 then blocked = i - 1 end
    local freeing = redis.call('ZRANGE', KEYS[i], size - limit, size - limit, 'WITHSCORES')
    local wait = tonumber(freeing[2]) + win - now
    if wait > retry then retry = wait end
  end
end
if blocked < 0 then
  for i = 1, n do
    redis.call('ZADD', KEYS[i], now, member)
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 + 2 * i]) + 60000)
    sizes[i] = sizes[i] + 1
  end
end
local out = { blocked, retry }
for i = 1, n do
  local oldest = 0
  if sizes[i] > 0 then oldest = tonumber(redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')[2]) end
  out[#out + 1] = sizes[i]
  out[#out + 1] = oldest
end
return out
`;

/** unhit: KEYS = the window keys; ARGV = the time of the hit. Removes one hit counted at that time from each. */
export const UNHIT_SCRIPT = `
for i = 1, #KEYS do
  local m = redis.call('ZRANGEBYSCORE', KEYS[i], ARGV[1], ARGV[1], 'LIMIT', 0, 1)
  if m[1] then redis.call('ZREM', KEYS[i], m[1]) end
end
return 0
`;

/** Redis's own clock in ms: every process compares slot expiries against the same clock. */
const REDIS_NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * acquire: KEYS[1] = the slot set; ARGV = limit, ttl ms, a unique member. Slots are members
 * scored by their expiry: lapsed ones (a crashed process stopped renewing them) are dropped
 * first; then one is taken when fewer than `limit` remain. Returns 1 (taken) or 0.
 */
export const ACQUIRE_SCRIPT = `
${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[2]))
return 1
`;

/**
 * renew: KEYS = slot sets, ARGV = ttl ms then one member per key. Pushes each slot still held
 * to now + ttl (a slot already dropped is not taken again). Returns how many were renewed.
 */
export const RENEW_SCRIPT = `
${REDIS_NOW}
local ttl = tonumber(ARGV[1])
local renewed = 0
for i = 1, #KEYS do
  renewed = renewed + redis.call('ZADD', KEYS[i], 'XX', 'CH', now + ttl, ARGV[1 + i])
  redis.call('PEXPIRE', KEYS[i], 2 * ttl)
end
return renewed
`;
