import type { LedgerCheck, LoopDelay } from './gateway-process.js';
import type { PathologicalResult } from './pathological-lane.js';
import { held, type HttpLaneResult, type PerTarget, type StreamStep, type TranslationResult } from './lanes.js';

/** Everything one run measured, as written to bench/results/<date>.json. */
export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string; kernel: string };
  note: string;
  settings: Record<string, unknown>;
  c1: PerTarget<HttpLaneResult>;
  c64: PerTarget<HttpLaneResult>;
  translation: TranslationResult;
  streams: StreamStep[];
  rss: { idleMb: number; steadyMedianMb: number; steadyMaxMb: number; steadySamplesMb: number[]; afterLoadMb: number; peakMb: number; endMb: number };
  ledger?: LedgerCheck;
  /** Event-loop delay inside the gateway during its runs of each lane (worst window), ms beyond the probe's timer period. */
  loopDelay?: { c1?: LoopDelay; c64?: LoopDelay; translation?: LoopDelay; streams?: Record<string, LoopDelay | undefined> };
  grown?: GrownResult;
  pathological?: PathologicalResult[];
  /** Mean CPU (cores) other processes on the machine used during the lanes: above ~0.25 the run is noisy. */
  outsideLoadCores?: number;
  rows?: Row[];
}

export interface GrownResult {
  counts: { accounts: number; keys: number; generations: number };
  fillSeconds: number;
  fileMb: number;
  empty?: HttpLaneResult;
  grown?: HttpLaneResult;
  loopDelay: { empty?: LoopDelay; grown?: LoopDelay };
}

/** One line of the table: the three measured columns, the issue's target and whether it is met. */
export interface Row {
  metric: string;
  direct: string;
  floor: string;
  gateway: string;
  target: string;
  /** true/false, or null when the metric has no target or could not be measured. */
  met: boolean | null;
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)} ms`);
const plus = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)} ms`);
const mb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MB` : '—');
const rps = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v).toLocaleString('en-US')} req/s`);
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The largest N held with every smaller step held too (no errors, stalls, late or dropped frames); 0 if none. */
export function maxHeld(steps: StreamStep[], name: 'direct' | 'floor' | 'gateway'): number {
  let best = 0;
  for (const s of [...steps].sort((a, b) => a.n - b.n)) {
    if (!held(s.results[name])) break;
    best = s.n;
  }
  return best;
}

export function buildRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const c1 = r.c1;
  const d1 = c1.direct?.latency;
  const f1 = c1.floor?.latency;
  const g1 = c1.gateway?.latency;
  if (d1 && f1 && g1) {
    const fAdd50 = f1.p50 - d1.p50;
    const gAdd50 = g1.p50 - d1.p50;
    const fAdd99 = f1.p99 - d1.p99;
    const gAdd99 = g1.p99 - d1.p99;
    rows.push({ metric: 'c=1 latency p50 (added vs direct)', direct: ms(d1.p50), floor: `${ms(f1.p50)} (${plus(fAdd50)})`, gateway: `${ms(g1.p50)} (${plus(gAdd50)})`,
      target: `gw added ≤ floor added + 0.5 ms (≤ ${plus(fAdd50 + 0.5)})`, met: gAdd50 <= fAdd50 + 0.5 });
    rows.push({ metric: 'c=1 latency p99 (added vs direct)', direct: ms(d1.p99), floor: `${ms(f1.p99)} (${plus(fAdd99)})`, gateway: `${ms(g1.p99)} (${plus(gAdd99)})`,
      target: `gw added ≤ 1.5× floor added (≤ ${plus(1.5 * Math.max(fAdd99, 0))})`, met: gAdd99 <= 1.5 * Math.max(fAdd99, 0) });
  }
  const d64 = r.c64.direct;
  const f64 = r.c64.floor;
  const g64 = r.c64.gateway;
  if (f64 && g64) {
    rows.push({ metric: 'c=64 throughput', direct: rps(d64?.rps), floor: rps(f64.rps), gateway: `${rps(g64.rps)} (${pct(g64.rps / f64.rps)} of floor)`,
      target: '≥ 70% of floor', met: g64.rps >= 0.7 * f64.rps });
    rows.push({ metric: 'c=64 latency p99', direct: ms(d64?.latency.p99), floor: ms(f64.latency.p99), gateway: ms(g64.latency.p99), target: '—', met: null });
  }
  if (r.streams.length > 0) {
    const top = Math.max(...r.streams.map((s) => s.n));
    const cell = (name: 'direct' | 'floor' | 'gateway') => `${maxHeld(r.streams, name)} of ${top}`;
    rows.push({ metric: 'paced streams held (0 stalls/drops, TTFT ≤ 200 ms)', direct: cell('direct'), floor: cell('floor'), gateway: cell('gateway'),
      target: '512 concurrent', met: maxHeld(r.streams, 'gateway') >= 512 });
    const first = r.streams[0];
    const d = first.results.direct;
    const f = first.results.floor;
    const g = first.results.gateway;
    if (d && f && g) {
      const gTtft = g.ttft.p99 - d.ttft.p99;
      const gGap = g.gap.p99 - d.gap.p99;
      rows.push({ metric: `TTFT p99 @${first.n} streams (added)`, direct: ms(d.ttft.p99), floor: `${ms(f.ttft.p99)} (${plus(f.ttft.p99 - d.ttft.p99)})`, gateway: `${ms(g.ttft.p99)} (${plus(gTtft)})`,
        target: 'gw added < 2 ms', met: gTtft < 2 });
      rows.push({ metric: `inter-frame gap p99 @${first.n} streams (added)`, direct: ms(d.gap.p99), floor: `${ms(f.gap.p99)} (${plus(f.gap.p99 - d.gap.p99)})`, gateway: `${ms(g.gap.p99)} (${plus(gGap)})`,
        target: 'gw added < 1 ms', met: gGap < 1 });
    }
  }
  const t = r.translation;
  rows.push(t.available
    ? { metric: 'translation: Anthropic client → OpenAI upstream, c=64', direct: '—', floor: '—', gateway: `${rps(t.lane.rps)} vs ${rps(t.sameProtocol.rps)} same-protocol (${pct(t.ratio)})`, target: '≥ 80% of same-protocol', met: t.ratio >= 0.8 }
    : { metric: 'translation: Anthropic client → OpenAI upstream, c=64', direct: '—', floor: '—', gateway: 'not available', target: '≥ 80% of same-protocol', met: null });
  const ld = r.loopDelay;
  if (ld) {
    const delay = (d: LoopDelay | undefined) => (d ? `p99 ${d.p99.toFixed(1)} ms / max ${d.max.toFixed(1)} ms` : '—');
    const lanes: Array<[string, LoopDelay | undefined]> = [
      ['c=1', ld.c1], ['c=64', ld.c64], ['translation', ld.translation],
      ...Object.entries(ld.streams ?? {}).map(([n, d]): [string, LoopDelay | undefined] => [`${n} streams`, d]),
    ];
    for (const [lane, d] of lanes) {
      rows.push({ metric: `gateway event-loop delay, ${lane} lane (p99 / max)`, direct: '—', floor: '—', gateway: delay(d), target: '—', met: null });
    }
  }
  const gr = r.grown;
  if (gr?.empty && gr.grown) {
    const c = gr.counts;
    const n = (v: number) => v.toLocaleString('en-US');
    rows.push({
      metric: `c=64 on a grown store (${n(c.generations)} generations, ${n(c.keys)} keys, ${n(c.accounts)} accounts)`, direct: '—', floor: '—',
      gateway: `${rps(gr.grown.rps)} vs ${rps(gr.empty.rps)} on an empty store (${pct(gr.grown.rps / gr.empty.rps)}); p99 ${ms(gr.grown.latency.p99)} vs ${ms(gr.empty.latency.p99)}` +
        (gr.loopDelay.grown ? `; loop delay max ${gr.loopDelay.grown.max.toFixed(1)} vs ${gr.loopDelay.empty?.max.toFixed(1) ?? '—'} ms` : ''),
      target: 'within 10% of the empty store', met: gr.grown.rps >= 0.9 * gr.empty.rps,
    });
  }
  for (const p of r.pathological ?? []) {
    const answered = typeof p.outcome === 'number';
    rows.push({
      metric: `pathological input: ${p.name}`, direct: '—', floor: '—',
      gateway: `${answered ? `HTTP ${p.outcome}` : p.outcome} after ${p.seconds.toFixed(2)} s; worst /health ${p.worstHealthMs.toFixed(1)} ms` +
        (p.loopDelay ? `; loop delay max ${p.loopDelay.max.toFixed(1)} ms` : ''),
      target: 'answered (< 500) within 10 s; /health ≤ 50 ms', met: answered && (p.outcome as number) < 500 && p.seconds <= 10 && p.worstHealthMs <= 50,
    });
  }
  const rss = r.rss;
  rows.push({ metric: 'gateway RSS idle (after start)', direct: '—', floor: '—', gateway: mb(rss.idleMb), target: '< 100 MB', met: rss.idleMb < 100 });
  const flat = rss.steadyMaxMb - rss.steadyMedianMb <= 0.1 * rss.steadyMedianMb;
  rows.push({ metric: 'gateway RSS steady (c=64), median / max', direct: '—', floor: '—', gateway: `${mb(rss.steadyMedianMb)} / ${mb(rss.steadyMaxMb)}`,
    target: 'flat plateau (max ≤ median + 10%)', met: flat });
  rows.push({ metric: 'gateway RSS after load (3 s after c=64)', direct: '—', floor: '—', gateway: mb(rss.afterLoadMb), target: `near idle (≤ 1.5× idle = ${mb(1.5 * rss.idleMb)})`, met: rss.afterLoadMb <= 1.5 * rss.idleMb });
  rows.push({ metric: 'gateway RSS peak (all lanes) / at the end', direct: '—', floor: '—', gateway: `${mb(rss.peakMb)} / ${mb(rss.endMb)}`, target: '—', met: null });
  return rows;
}
