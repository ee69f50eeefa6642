import type { GatewayHandle, LoopDelay } from './gateway-process.js';
import { httpLane, warmUp, type HttpLaneResult, type Target } from './lanes.js';
import type { LoadClient } from './load-client.js';
import { both, loopDelayDuring, worstDelay } from './loop-delay.js';
import { RssSampler, readRssMb } from './proc-stats.js';

/**
 * `npm run bench -- --ab-root=DIR`: before/after on a shared, noisy machine. The gateway of this
 * checkout (or --gateway-root) is B, a second gateway built from DIR (e.g. a bench/snapshot.ts
 * copy of the commit before a change) is A; both run at once and take turns in many short
 * rounds of the same lane, so outside load hits both alike, and the table gives B/A.
 */

export interface AbSide {
  c1: HttpLaneResult | undefined;
  c64: HttpLaneResult | undefined;
  delayC1?: LoopDelay;
  delayC64?: LoopDelay;
  idleMb: number;
  steadyMaxMb: number;
}

export async function abLane(load: LoadClient, a: GatewayHandle, b: GatewayHandle, opts: { rounds: number; secPerRound: number; log: (m: string) => void }): Promise<{ a: AbSide; b: AbSide }> {
  const headers = (h: GatewayHandle) => ({ authorization: `Bearer ${h.key}`, 'content-type': 'application/json' });
  // Lane targets are named after their role: A runs as `floor`, B as `gateway`.
  const pair: Target[] = [
    { name: 'floor', url: a.url, instant: 'bench/instant', paced: 'bench/paced', headers: headers(a) },
    { name: 'gateway', url: b.url, instant: 'bench/instant', paced: 'bench/paced', headers: headers(b) },
  ];
  const idle = { a: readRssMb(a.sp.pid), b: readRssMb(b.sp.pid) };
  await warmUp(load, pair, 2);
  const d = { a1: [] as LoopDelay[], b1: [] as LoopDelay[], a64: [] as LoopDelay[], b64: [] as LoopDelay[] };
  const delays = (da: LoopDelay[], db: LoopDelay[]) => both(loopDelayDuring(a, (x) => da.push(x), 'floor'), loopDelayDuring(b, (x) => db.push(x), 'gateway'));
  opts.log(`A/B c=1: ${opts.rounds} rounds of ${opts.secPerRound} s per side…`);
  const c1 = await httpLane(load, pair, { connections: 1, durationSec: opts.rounds * opts.secPerRound, rounds: opts.rounds, during: delays(d.a1, d.b1) });
  opts.log(`A/B c=64: ${opts.rounds} rounds of ${opts.secPerRound} s per side…`);
  const rss = { a: [] as number[], b: [] as number[] };
  const c64 = await httpLane(load, pair, {
    connections: 64, durationSec: opts.rounds * opts.secPerRound, rounds: opts.rounds,
    during: both(delays(d.a64, d.b64), (t) => {
      const h = t.name === 'floor' ? a : b;
      const sampler = new RssSampler(h.sp.pid, 250);
      return () => (t.name === 'floor' ? rss.a : rss.b).push(...sampler.stop());
    }),
  });
  const side = (name: 'floor' | 'gateway', d1: LoopDelay[], d64: LoopDelay[], idleMb: number, samples: number[]): AbSide => ({
    c1: c1[name], c64: c64[name], delayC1: worstDelay(d1), delayC64: worstDelay(d64), idleMb, steadyMaxMb: Math.max(...samples),
  });
  return { a: side('floor', d.a1, d.a64, idle.a, rss.a), b: side('gateway', d.b1, d.b64, idle.b, rss.b) };
}

export function renderAb(r: { a: AbSide; b: AbSide }, labels: { a: string; b: string }): string {
  const f = (v: number | undefined, unit: string) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(unit === 'req/s' || unit === 'MB' ? 0 : 2)} ${unit}`);
  const ratio = (x: number | undefined, y: number | undefined) => (x && y ? `${((y / x) * 100).toFixed(0)}%` : '—');
  const rows: Array<[string, number | undefined, number | undefined, string]> = [
    ['c=1 p50', r.a.c1?.latency.p50, r.b.c1?.latency.p50, 'ms'],
    ['c=1 p99', r.a.c1?.latency.p99, r.b.c1?.latency.p99, 'ms'],
    ['c=1 event-loop delay p99', r.a.delayC1?.p99, r.b.delayC1?.p99, 'ms'],
    ['c=1 event-loop delay max', r.a.delayC1?.max, r.b.delayC1?.max, 'ms'],
    ['c=64 throughput', r.a.c64?.rps, r.b.c64?.rps, 'req/s'],
    ['c=64 p99', r.a.c64?.latency.p99, r.b.c64?.latency.p99, 'ms'],
    ['c=64 event-loop delay p99', r.a.delayC64?.p99, r.b.delayC64?.p99, 'ms'],
    ['c=64 event-loop delay max', r.a.delayC64?.max, r.b.delayC64?.max, 'ms'],
    ['RSS idle', r.a.idleMb, r.b.idleMb, 'MB'],
    ['RSS max during c=64', r.a.steadyMaxMb, r.b.steadyMaxMb, 'MB'],
  ];
  const head = `| metric | A: ${labels.a} | B: ${labels.b} | B/A |\n| --- | --- | --- | --- |`;
  return [head, ...rows.map(([m, x, y, u]) => `| ${m} | ${f(x, u)} | ${f(y, u)} | ${ratio(x, y)} |`)].join('\n');
}
