import { readLoopDelay, resetLoopDelay, type GatewayHandle, type LoopDelay } from './gateway-process.js';
import type { During, Target } from './lanes.js';

/** The worst of several windows: the highest p50, p99, max and mean of any, the counts summed. */
export function worstDelay(windows: LoopDelay[]): LoopDelay | undefined {
  if (windows.length === 0) return undefined;
  return {
    count: windows.reduce((n, w) => n + w.count, 0),
    p50: Math.max(...windows.map((w) => w.p50)),
    p99: Math.max(...windows.map((w) => w.p99)),
    max: Math.max(...windows.map((w) => w.max)),
    mean: Math.max(...windows.map((w) => w.mean)),
  };
}

/**
 * A lane hook that measures the gateway's event-loop delay while `target` runs (a window per
 * run; the direct and floor runs are left out). `record` gets each window and, in the
 * streaming lane, its N.
 */
export function loopDelayDuring(gw: GatewayHandle, record: (d: LoopDelay, n?: number) => void, target: Target['name'] = 'gateway'): During {
  return async (t, n) => {
    if (t.name !== target) return undefined;
    await resetLoopDelay(gw);
    return async () => record(await readLoopDelay(gw), n);
  };
}

/** Runs several hooks around the same run (e.g. RSS sampling and the loop delay). */
export function both(a: During, b: During): During {
  return async (t, n) => {
    const [ea, eb] = [await a(t, n), await b(t, n)];
    return async () => {
      await eb?.();
      await ea?.();
    };
  };
}
