import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets its old generation grow by up to 4× of what survived the last full GC before it collects
 * again (`--heap-growing-percent` 0 = V8's own factor). Under load a server promotes many
 * short-lived objects (whatever is in flight across two scavenges), so with V8's factor the old
 * space of the serving thread climbed from ~21 to ~78 MB in 10 s of c=64 while ~40 MB was live,
 * and stayed there after the load. Growing by at most 50% keeps it near what is live.
 * Measured with `npm run bench -- --ab-root` (8 alternating rounds, before = A):
 *   50%: RSS max during c=64 290 → 201 MB, c=64 throughput 97% of before, c=1 unchanged;
 *   20%: 291 → 192 MB but 90% throughput (more full GCs); 100%: 285 → 223 MB, 97%.
 * (A smaller young generation, `--max-semi-space-size=8`, cannot be set after start, and cost
 * 18% throughput for 12 MB.)
 */
export const HEAP_GROWING_PERCENT = 50;
/** The memory reducer (which shrinks the heap once the process is idle) starts 1 s after load, not 8 s. */
export const MEMORY_REDUCER_DELAY_MS = 1000;

/**
 * Sets those two V8 flags for the process (they are read at every GC, so setting them after start
 * takes effect). An operator's own `--heap-growing-percent` (node flag or NODE_OPTIONS) wins.
 */
export function tuneHeap(execArgv: string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): void {
  const given = (flag: string) => execArgv.some((a) => a.startsWith(flag)) || nodeOptions.includes(flag);
  if (!given('--heap-growing-percent')) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (!given('--gc-memory-reducer-start-delay-ms')) setFlagsFromString(`--gc-memory-reducer-start-delay-ms=${MEMORY_REDUCER_DELAY_MS}`);
}
