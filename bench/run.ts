import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildGateway, checkLedger, startGateway, type GatewayHandle } from './gateway-process.js';
import { httpLane, sanityCheck, streamLane, translationLane, warmUp, type Target } from './lanes.js';
import { LoadClient } from './load-client.js';
import { readRssMb, RssSampler } from './proc-stats.js';
import { runProfile } from './profile-lane.js';
import { renderText, writeResults } from './report.js';
import { killAllSync, spawnBenchScript, stopAll, type Spawned } from './spawn-process.js';
import { buildRows, type BenchResults } from './targets.js';

/**
 * `npm run bench [-- --quick] [-- --profile] [-- --no-build]`: starts the mock upstream, the floor
 * proxy, the gateway and the load generator, each in its own process, runs the lanes, prints the
 * table and writes bench/results/. See bench/README.md.
 */

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');

const SETTINGS = quick
  ? { warmupSec: 1, c1Sec: 3, c1Rounds: 1, c64Sec: 3, translationSec: 3, streamNs: [64, 128], rampMs: 300, settleMs: 2000 }
  : { warmupSec: 2, c1Sec: 10, c1Rounds: 2, c64Sec: 10, translationSec: 10, streamNs: [64, 128, 256, 512], rampMs: 500, settleMs: 3000 };

const NOTE = `The load generator, the mock upstream, the floor proxy and the gateway are separate processes sharing this machine's ${os.cpus().length} cores: every number includes that contention, the same way for floor and gateway.`;

let tmpDir: string | undefined;
const log = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);

function removeTmp(): void {
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

process.on('exit', () => {
  killAllSync();
  removeTmp();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every child process…`);
    stopAll(1500).finally(() => {
      removeTmp();
      process.exit(130);
    });
  });
}

async function startServer(name: string, file: string, argv: string[]): Promise<{ sp: Spawned; port: number }> {
  const sp = spawnBenchScript(name, file, argv, { echoStderr: true });
  const ready = await sp.waitForMessage((m): m is { type: 'ready'; port: number } => (m as { type?: string })?.type === 'ready');
  return { sp, port: ready.port };
}

function targetsFor(mockPort: number, floorPort: number, gw: GatewayHandle): Target[] {
  const headers = { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' };
  return [
    { name: 'direct', url: `http://127.0.0.1:${mockPort}`, instant: 'instant', paced: 'paced', headers },
    { name: 'floor', url: `http://127.0.0.1:${floorPort}`, instant: 'instant', paced: 'paced', headers },
    { name: 'gateway', url: gw.url, instant: 'bench/instant', paced: 'bench/paced', headers },
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`mode ${quick ? 'quick' : 'full'}; ${NOTE}`);
  if (!args.has('--no-build')) {
    log('building the gateway (npm run build)…');
    await buildGateway(ROOT);
  }
  tmpDir = mkdtempSync(join(os.tmpdir(), 'chuizi-bench-'));
  const mock = await startServer('mock upstream', './mock-upstream.ts', []);
  const profileMode = [...args].find((a) => a.startsWith('--profile'));
  const [floor, gw, load] = await Promise.all([
    startServer('floor proxy', './floor-proxy.ts', [String(mock.port)]),
    startGateway({ root: ROOT, tmpDir, mockPort: mock.port, cpuProfileDir: profileMode ? RESULTS : undefined }),
    LoadClient.start(),
  ]);
  log(`mock :${mock.port} (pid ${mock.sp.pid}), floor :${floor.port} (pid ${floor.sp.pid}), gateway ${gw.url} (pid ${gw.sp.pid}), load generator pid ${load.sp.pid}`);
  await sleep(1000);
  const idleMb = readRssMb(gw.sp.pid);
  const targets = targetsFor(mock.port, floor.port, gw);
  for (const t of targets) await sanityCheck(t);
  const gateway = targets[2];

  if (profileMode) {
    await runProfile(profileMode === '--profile=streams' ? 'streams' : 'c64', { load, gw, gateway, dir: RESULTS, durationSec: SETTINGS.c64Sec, log });
    return;
  }

  const whole = new RssSampler(gw.sp.pid, 250);
  log(`warm-up, ${SETTINGS.warmupSec} s per target at c=16…`);
  await warmUp(load, targets, SETTINGS.warmupSec);

  log(`c=1 latency lane, ${SETTINGS.c1Sec} s per target in ${SETTINGS.c1Rounds} interleaved round(s)…`);
  const c1 = await httpLane(load, targets, { connections: 1, durationSec: SETTINGS.c1Sec, rounds: SETTINGS.c1Rounds });

  log(`c=64 throughput lane, ${SETTINGS.c64Sec} s per target…`);
  let steady: RssSampler | undefined;
  const pids = { gateway: gw.sp.pid, floor: floor.sp.pid, mock: mock.sp.pid, load: load.sp.pid };
  const c64 = await httpLane(load, targets, {
    connections: 64, durationSec: SETTINGS.c64Sec, pids,
    during: (t) => {
      if (t.name !== 'gateway') return () => undefined;
      steady = new RssSampler(gw.sp.pid, 250);
      return () => steady?.stop();
    },
  });
  await sleep(SETTINGS.settleMs);
  const afterLoadMb = readRssMb(gw.sp.pid);

  log('translation lane (Anthropic client → OpenAI upstream), c=64…');
  const translation = await translationLane(load, gateway, gw.key, { connections: 64, durationSec: SETTINGS.translationSec, sameProtocolRps: c64.gateway?.rps ?? Number.NaN });

  log(`streaming lane, N = ${SETTINGS.streamNs.join(', ')} paced streams per target…`);
  const streams = await streamLane(load, targets, SETTINGS.streamNs, { rampMs: SETTINGS.rampMs });
  await sleep(SETTINGS.settleMs);
  const endMb = readRssMb(gw.sp.pid);
  const all = whole.stop();
  const ledger = await checkLedger(gw);

  const steadySamples = steady?.samples ?? [];
  const sorted = [...steadySamples].sort((a, b) => a - b);
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    mode: quick ? 'quick' : 'full',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: os.platform(), kernel: os.release() },
    note: NOTE,
    settings: { ...SETTINGS, c1Connections: 1, c64Connections: 64, loadGenerator: 'autocannon 9 (HTTP lanes), undici 7 (streams)', floor: 'node:http server + node:http keep-alive Agent, piped' },
    c1, c64, translation, streams,
    rss: {
      idleMb, afterLoadMb, endMb,
      steadyMedianMb: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      steadyMaxMb: sorted[sorted.length - 1] ?? Number.NaN,
      steadySamplesMb: steadySamples.map((v) => Math.round(v * 10) / 10),
      peakMb: Math.max(idleMb, ...all),
    },
    ledger,
  };
  results.rows = buildRows(results);
  process.stdout.write(renderText(results));
  const files = writeResults(RESULTS, results);
  log(`wrote ${files.json} and ${files.md} (${Math.round((Date.now() - started) / 1000)} s)`);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    removeTmp();
  });
