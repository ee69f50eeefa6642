import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { PACED_DELTAS, STALL_MS } from './constants.js';
import type { LoadClient } from './load-client.js';
import type { HttpResult } from './load.js';
import { CpuMeter } from './proc-stats.js';
import { concatSamples, summarize, type Summary } from './stats.js';
import type { StreamLaneResult } from './stream-client.js';

/** The benchmark's lanes, each run against direct-to-mock, the floor and the gateway in turn. */

export interface Target {
  /** `grown`: a second gateway on a pre-filled store (the grown-store lane). */
  name: 'direct' | 'floor' | 'gateway' | 'grown';
  /** Base URL, e.g. http://127.0.0.1:1234 */
  url: string;
  /** Model names on this target: the mock's own names, or the gateway's bench/… ids. */
  instant: string;
  paced: string;
  headers: Record<string, string>;
}

export interface HttpLaneResult {
  connections: number;
  durationSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  rps: number;
  latency: Summary;
  statusCodes: Record<string, number>;
  /** CPU used during the run, in cores (1.0 = one core busy), per process. */
  cpu?: Record<string, number>;
}

export type PerTarget<T> = Partial<Record<Target['name'], T>>;

/** Called as each target's run starts (`n`: the stream count in the streaming lane); its result is called as that run ends. */
export type During = (t: Target, n?: number) => (() => unknown) | undefined | Promise<(() => unknown) | undefined>;

const USER_MESSAGE = [{ role: 'user', content: 'Say hello in one short sentence.' }];

export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify(stream
    ? { model, messages: USER_MESSAGE, max_tokens: 128, stream: true, stream_options: { include_usage: true } }
    : { model, messages: USER_MESSAGE, max_tokens: 64 });
}

export function merge(parts: HttpResult[], connections: number): HttpLaneResult {
  const ok = parts.reduce((n, p) => n + p.ok, 0);
  const durationSec = parts.reduce((n, p) => n + p.durationSec, 0);
  const statusCodes: Record<string, number> = {};
  for (const p of parts) for (const [c, n] of Object.entries(p.statusCodes)) statusCodes[c] = (statusCodes[c] ?? 0) + n;
  return {
    connections, durationSec, ok, rps: ok / durationSec, statusCodes,
    non2xx: parts.reduce((n, p) => n + p.non2xx, 0),
    errors: parts.reduce((n, p) => n + p.errors + p.timeouts, 0),
    latency: summarize(concatSamples(parts.map((p) => p.latencies))),
  };
}

/** One non-streaming request and one streamed request per target, checked, before any load. */
export async function sanityCheck(t: Target): Promise<void> {
  for (const stream of [false, true]) {
    const res = await request(`${t.url}/v1/chat/completions`, { method: 'POST', headers: t.headers, body: chatBody(t.instant, stream) });
    const text = await res.body.text();
    const good = res.statusCode === 200 && (stream ? text.includes('[DONE]') && text.includes('"usage"') : text.includes('"choices"'));
    if (!good) throw new Error(`${t.name}: sanity check (${stream ? 'stream' : 'json'}) failed: HTTP ${res.statusCode} ${text.slice(0, 400)}`);
  }
}

export async function warmUp(load: LoadClient, targets: Target[], durationSec: number): Promise<void> {
  for (const t of targets) await load.http({ url: `${t.url}/v1/chat/completions`, headers: t.headers, body: chatBody(t.instant, false), connections: 16, durationSec });
}

/**
 * Non-streaming requests at `connections` against each target. With `rounds` > 1 the targets
 * take turns (direct, floor, gateway, direct, …) so that a slow drift of the machine does not
 * favour one of them; samples of all rounds are pooled.
 */
export async function httpLane(
  load: LoadClient, targets: Target[], opts: { connections: number; durationSec: number; rounds?: number; pids?: Record<string, number>; during?: During },
): Promise<PerTarget<HttpLaneResult>> {
  const rounds = opts.rounds ?? 1;
  const parts = new Map<Target['name'], HttpResult[]>();
  const cpu: PerTarget<Record<string, number>[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const t of targets) {
      const end = await opts.during?.(t);
      const meter = opts.pids ? new CpuMeter(opts.pids) : undefined;
      const result = await load.http({
        url: `${t.url}/v1/chat/completions`, headers: t.headers, body: chatBody(t.instant, false),
        connections: opts.connections, durationSec: opts.durationSec / rounds,
      });
      if (meter) (cpu[t.name] ??= []).push(meter.read());
      await end?.();
      parts.set(t.name, [...(parts.get(t.name) ?? []), result]);
    }
  }
  const out: PerTarget<HttpLaneResult> = {};
  for (const [name, p] of parts) {
    const readings = cpu[name];
    out[name] = { ...merge(p, opts.connections), ...(readings ? { cpu: averageCpu(readings) } : {}) };
  }
  return out;
}

export function averageCpu(readings: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(readings[0])) out[k] = Math.round((readings.reduce((n, r) => n + r[k], 0) / readings.length) * 100) / 100;
  return out;
}

export type TranslationResult =
  | { available: false; reason: string }
  | { available: true; lane: HttpLaneResult; sameProtocol: HttpLaneResult; ratio: number };

/**
 * Anthropic client → gateway → OpenAI upstream, against the same-protocol lane (OpenAI client →
 * gateway → OpenAI upstream) measured in alternating rounds within this lane, so that both see
 * the same machine. Probes the route first: a 404 `route_not_found` means "not available".
 */
export async function translationLane(load: LoadClient, gw: Target, key: string, opts: { connections: number; durationSec: number; rounds: number; during?: During }): Promise<TranslationResult> {
  const url = `${gw.url}/anthropic/v1/messages`;
  const headers = { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
  const body = JSON.stringify({ model: gw.instant, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  const probe = await request(url, { method: 'POST', headers, body });
  const text = await probe.body.text();
  if (probe.statusCode === 404 && /route_not_found|Unknown route/.test(text)) return { available: false, reason: 'POST /anthropic/v1/messages answers 404 route_not_found (front door not built yet)' };
  if (probe.statusCode !== 200) return { available: false, reason: `probe failed: HTTP ${probe.statusCode} ${text.slice(0, 200)}` };
  const durationSec = opts.durationSec / opts.rounds;
  const same: HttpResult[] = [];
  const translated: HttpResult[] = [];
  const end = await opts.during?.(gw);
  for (let r = 0; r < opts.rounds; r++) {
    same.push(await load.http({ url: `${gw.url}/v1/chat/completions`, headers: gw.headers, body: chatBody(gw.instant, false), connections: opts.connections, durationSec }));
    translated.push(await load.http({ url, headers, body, connections: opts.connections, durationSec }));
  }
  await end?.();
  const lane = merge(translated, opts.connections);
  const sameProtocol = merge(same, opts.connections);
  return { available: true, lane, sameProtocol, ratio: lane.rps / sameProtocol.rps };
}

export interface StreamStep {
  n: number;
  /** How many passes ran; each target's result is its best pass (lowest TTFT p99). */
  passes: number;
  results: PerTarget<StreamLaneResult>;
}

/**
 * Paced streams at each N in `ns`, every target at every N (direct gives the baseline). With
 * `passes` > 1 the whole ladder runs again and each target keeps its best pass at each N (lowest
 * TTFT p99): the same rule for all targets, filtering out bursts of outside load on a shared box.
 */
export async function streamLane(load: LoadClient, targets: Target[], ns: number[], opts: { rampMs: number; passes?: number; pids?: Record<string, number>; during?: During }): Promise<StreamStep[]> {
  const passes = opts.passes ?? 1;
  const steps: StreamStep[] = ns.map((n) => ({ n, passes, results: {} }));
  for (let pass = 0; pass < passes; pass++) for (const step of steps) {
    const { n, results } = step;
    for (const t of targets) {
      const end = await opts.during?.(t, n);
      const meter = opts.pids ? new CpuMeter(opts.pids) : undefined;
      const result = await load.streams({
        url: `${t.url}/v1/chat/completions`, headers: t.headers, body: chatBody(t.paced, true),
        n, rampMs: opts.rampMs, expectDeltas: PACED_DELTAS, stallMs: STALL_MS,
      });
      await end?.();
      const measured = meter ? { ...result, cpu: meter.read() } : result;
      const previous = results[t.name];
      if (!previous || measured.ttft.p99 < previous.ttft.p99) results[t.name] = measured;
      await sleep(300);
    }
  }
  return steps;
}

/** A few paced streams through every target at once (cold code paths, first connections), discarded. */
export async function warmUpStreams(load: LoadClient, targets: Target[], n: number): Promise<void> {
  await Promise.all(targets.map((t) => load.streams({
    url: `${t.url}/v1/chat/completions`, headers: t.headers, body: chatBody(t.paced, true),
    n, rampMs: 100, expectDeltas: PACED_DELTAS, stallMs: STALL_MS,
  })));
}

/** A stream step is held when every stream completed with all its frames, none late or stalled. */
export function held(r: StreamLaneResult | undefined): boolean {
  return !!r && r.errors === 0 && r.dropped === 0 && r.stalledStreams === 0 && r.lateStarts === 0 && r.completed === r.n;
}
