import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayHandle } from './gateway-process.js';
import { httpLane, streamLane, warmUp, warmUpStreams, type Target } from './lanes.js';
import type { LoadClient } from './load-client.js';
import { formatProfileSummary, summarizeProfile } from './summarize-profile.js';

/**
 * `npm run bench -- --profile[=streams[:N]]`: the gateway was started with --cpu-prof; run one
 * lane against the gateway only (c=64 non-streaming, or N paced streams, default 512, twice), stop the gateway
 * gracefully so V8 writes the profile, and print its summary. The .cpuprofile stays in
 * bench/results/ (git-ignored) for a flame graph viewer.
 */

export interface ProfileContext {
  load: LoadClient;
  gw: GatewayHandle;
  gateway: Target;
  dir: string;
  durationSec: number;
  log: (msg: string) => void;
}

export async function runProfile(lane: 'c64' | 'streams', ctx: ProfileContext, streams = 512): Promise<void> {
  const startedAt = Date.now();
  await warmUp(ctx.load, [ctx.gateway], 2);
  if (lane === 'streams') await warmUpStreams(ctx.load, [ctx.gateway], 16);
  const laneFromMs = Date.now() - ctx.gw.spawnedAt;
  if (lane === 'c64') {
    ctx.log(`profiling the gateway under the c=64 lane for ${ctx.durationSec} s…`);
    const r = (await httpLane(ctx.load, [ctx.gateway], { connections: 64, durationSec: ctx.durationSec })).gateway;
    ctx.log(`c=64 under the profiler: ${Math.round(r?.rps ?? 0)} req/s, p99 ${r?.latency.p99.toFixed(2)} ms (the profiler itself costs some throughput)`);
  } else {
    ctx.log(`profiling the gateway under ${streams} paced streams (twice)…`);
    for (const step of await streamLane(ctx.load, [ctx.gateway], [streams, streams], { rampMs: 500 })) {
      const g = step.results.gateway;
      ctx.log(`${streams} streams: ${g?.lateStarts} late first frames, ${g?.stalledStreams} stalled, ${g?.dropped} dropped, gap p99 ${g?.gap.p99.toFixed(2)} ms, TTFT p99 ${g?.ttft.p99.toFixed(2)} ms`);
    }
  }
  ctx.log('stopping the gateway so that it writes its profile…');
  await ctx.gw.sp.stop('SIGINT', 30_000);
  const newest = readdirSync(ctx.dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(ctx.dir, f))
    .filter((f) => statSync(f).mtimeMs >= startedAt)
    // One file per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile): the main thread's is 0.
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no .cpuprofile written in ${ctx.dir}`);
  ctx.log(`profile: ${newest}`);
  ctx.log(`summary of the lane only (samples from +${(laneFromMs / 1000).toFixed(1)} s; start-up and warm-up left out):`);
  process.stdout.write(`${formatProfileSummary(summarizeProfile(newest, 25, laneFromMs))}\n`);
}
