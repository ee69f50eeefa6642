import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { fillStore } from './fill-store.js';
import { buildGateway, checkLedger, describeSource, startGateway, type GatewayHandle, type LoopDelay } from './gateway-process.js';
import { httpLane, sanityCheck, streamLane, translationLane, warmUp, warmUpStreams, type Target } from './lanes.js';
import { both, loopDelayDuring, worstDelay } from './loop-delay.js';
import { pathologicalLane } from './pathological-lane.js';
import { abLane, renderAb } from './ab-lane.js';
import { writeFileSync } from 'node:fs';
import { LoadClient } from './load-client.js';
import { readRssMb, RssSampler } from './proc-stats.js';
import { runProfile } from './profile-lane.js';
import { outsideLoad, renderText, writeResults } from './report.js';
import { killAllSync, spawnBenchScript, stopAll, type Spawned } from './spawn-process.js';
import { buildRows, type BenchResults, type GrownResult } from './targets.js';
import { renderServerMode, serverModeLane } from './server-mode-lane.js';
import { createPgTestDatabase } from '../src/testing/create-pg-test-database.js';

/**
 * `npm run bench [-- flags]`: starts the mock upstream, the floor proxy, the gateway and the load
 * generator, each in its own process, runs the lanes, prints the table and writes bench/results/.
 * Flags (bench/README.md): --quick, --no-build, --profile[=streams[:N]], --gateway-root=DIR,
 * --label=X, --keep-running, --gateway-node-args="…", --gateway-log=FILE.
 */

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');
/** `--gateway-root=DIR`: build and run the gateway of another checkout (e.g. a `git archive` of a commit, for before/after). */
const flag = (name: string) => [...args].find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** `--gateway-node-args="--trace-gc …"` and `--gateway-log=FILE`: for investigations. */
const GATEWAY_NODE_ARGS = flag('gateway-node-args')?.split(' ').filter(Boolean);
const GATEWAY_LOG = flag('gateway-log');
/** `--label=X`: results go to <date>-X.json / <date>-X.md instead of <date>.json / latest.md. */
const LABEL = flag('label')?.replace(/[^A-Za-z0-9._-]/g, '_');
const GATEWAY_ROOT = resolve(flag('gateway-root') ?? ROOT);
/** `--ab-root=DIR`: only the A/B lanes, DIR's gateway (A) against this one (B) in alternating rounds (ab-lane.ts). */
const AB_ROOT = flag('ab-root') && resolve(flag('ab-root') as string);
/** `--ab-config=JSON`: config sections added to A's config only (`--ab-root=.` `--ab-config='{"metrics":{"enabled":false}}'`: the cost of one setting). */
const AB_CONFIG = flag('ab-config') ? (JSON.parse(flag('ab-config') as string) as object) : undefined;

const SETTINGS = quick
  ? { warmupSec: 1, c1Sec: 3, c1Rounds: 1, c64Sec: 3, c64Rounds: 1, translationSec: 2, translationRounds: 1, streamNs: [64, 128], streamPasses: 1, rampMs: 300, settleMs: 1000,
      grownSec: 4, grownRounds: 2, grown: { accounts: 1000, keys: 10_000, generations: 100_000 }, pathologicalScale: 0.25, pathologicalTimeoutSec: 20 }
  : { warmupSec: 2, c1Sec: 10, c1Rounds: 2, c64Sec: 10, c64Rounds: 2, translationSec: 10, translationRounds: 2, streamNs: [64, 128, 256, 512], streamPasses: 2, rampMs: 500, settleMs: 3000,
      grownSec: 10, grownRounds: 2, grown: { accounts: 10_000, keys: 100_000, generations: 1_000_000 }, pathologicalScale: 1, pathologicalTimeoutSec: 30 };

const NOTE = `The load generator, the mock upstream, the floor proxy and the gateway are separate processes sharing this machine's ${os.cpus().length} cores: every number includes that contention, the same way for floor and gateway.`;

let tmpDir: string | undefined;
let stopping = false;
const T0 = Date.now();
const log = (msg: string) => process.stdout.write(`[bench ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);

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
    stopping = true;
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
  let buildWarning: string | undefined;
  if (!args.has('--no-build')) {
    log(`building the gateway (npm run build in ${GATEWAY_ROOT})…`);
    buildWarning = await buildGateway(GATEWAY_ROOT);
    if (buildWarning) log(`WARNING: ${buildWarning}`);
  }
  tmpDir = mkdtempSync(join(os.tmpdir(), 'chuizi-bench-'));
  const mock = await startServer('mock upstream', './mock-upstream.ts', []);
  const profileMode = [...args].find((a) => a.startsWith('--profile'));
  const [floor, gw, load] = await Promise.all([
    startServer('floor proxy', './floor-proxy.ts', [String(mock.port)]),
    startGateway({ root: GATEWAY_ROOT, tmpDir, mockPort: mock.port, cpuProfileDir: profileMode ? RESULTS : undefined, nodeArgs: GATEWAY_NODE_ARGS, logFile: GATEWAY_LOG && resolve(GATEWAY_LOG) }),
    LoadClient.start(),
  ]);
  log(`mock :${mock.port} (pid ${mock.sp.pid}), floor :${floor.port} (pid ${floor.sp.pid}), gateway ${gw.url} (pid ${gw.sp.pid}), load generator pid ${load.sp.pid}`);
  await sleep(1000);
  const idleMb = readRssMb(gw.sp.pid);
  const targets = targetsFor(mock.port, floor.port, gw);
  for (const t of targets) await sanityCheck(t);
  const gateway = targets[2];

  if (args.has('--keep-running')) {
    log(`servers up for manual probing; Ctrl-C stops them. key: ${gw.key} admin token: ${gw.adminToken} account: ${gw.accountId}`);
    for (const t of targets) log(`  ${t.name}: curl ${t.url}/v1/chat/completions -H 'authorization: Bearer ${gw.key}' -H 'content-type: application/json' -d '{"model":"${t.paced}","stream":true,"messages":[{"role":"user","content":"hi"}]}'`);
    await new Promise(() => undefined);
  }
  if (AB_ROOT) {
    if (!args.has('--no-build') && AB_ROOT !== GATEWAY_ROOT) await buildGateway(AB_ROOT);
    const abDir = join(tmpDir, 'ab');
    mkdirSync(abDir, { recursive: true });
    const a = await startGateway({ root: AB_ROOT, tmpDir: abDir, mockPort: mock.port, configExtra: AB_CONFIG });
    const rounds = quick ? 4 : 8;
    const r = await abLane(load, a, gw, { rounds, secPerRound: quick ? 1.5 : 2.5, log });
    const labels = { a: `${describeSource(AB_ROOT).commit}${AB_CONFIG ? ` ${JSON.stringify(AB_CONFIG)}` : ''}`, b: describeSource(GATEWAY_ROOT).commit };
    const table = renderAb(r, labels);
    process.stdout.write(`\n${table}\n\n`);
    const file = join(RESULTS, `${new Date().toISOString().slice(0, 10)}-ab-${describeSource(AB_ROOT).commit}${AB_CONFIG ? '-config' : ''}-${labels.b}${LABEL ? `-${LABEL}` : ''}.md`);
    writeFileSync(file, `## A/B: ${labels.a} (A) vs ${labels.b} (B), ${rounds} alternating rounds per lane\n\n${table}\n`);
    log(`wrote ${file}`);
    return;
  }
  if (args.has('--server-mode')) {
    await runServerMode(load, mock.port);
    return;
  }
  if (profileMode) {
    const [, lane, n] = /^--profile(?:=(streams)(?::(\d+))?)?$/.exec(profileMode) ?? [];
    await runProfile(lane === 'streams' ? 'streams' : 'c64', { load, gw, gateway, dir: RESULTS, durationSec: SETTINGS.c64Sec, log }, Number(n ?? 512));
    return;
  }

  const whole = new RssSampler(gw.sp.pid, 250);
  log(`warm-up, ${SETTINGS.warmupSec} s per target at c=16…`);
  await warmUp(load, targets, SETTINGS.warmupSec);

  // The gateway's event-loop delay, measured inside it (bench/event-loop-probe.mjs) during its runs of each lane.
  const delays = { c1: [] as LoopDelay[], c64: [] as LoopDelay[], translation: [] as LoopDelay[], streams: new Map<number, LoopDelay[]>() };
  const delayInto = (into: LoopDelay[]) => loopDelayDuring(gw, (d) => into.push(d));

  log(`c=1 latency lane, ${SETTINGS.c1Sec} s per target in ${SETTINGS.c1Rounds} interleaved round(s)…`);
  const c1 = await httpLane(load, targets, { connections: 1, durationSec: SETTINGS.c1Sec, rounds: SETTINGS.c1Rounds, during: delayInto(delays.c1) });

  log(`c=64 throughput lane, ${SETTINGS.c64Sec} s per target in ${SETTINGS.c64Rounds} interleaved round(s)…`);
  const steadySamples: number[] = [];
  const pids = { gateway: gw.sp.pid, floor: floor.sp.pid, mock: mock.sp.pid, load: load.sp.pid };
  const c64 = await httpLane(load, targets, {
    connections: 64, durationSec: SETTINGS.c64Sec, rounds: SETTINGS.c64Rounds, pids,
    during: both(delayInto(delays.c64), (t) => {
      if (t.name !== 'gateway') return undefined;
      const sampler = new RssSampler(gw.sp.pid, 250);
      return () => steadySamples.push(...sampler.stop());
    }),
  });
  await sleep(SETTINGS.settleMs);
  const afterLoadMb = readRssMb(gw.sp.pid);

  log(`translation lane (Anthropic client → OpenAI upstream vs OpenAI → OpenAI), c=64, ${SETTINGS.translationSec} s each…`);
  const translation = await translationLane(load, gateway, gw.key, { connections: 64, durationSec: SETTINGS.translationSec, rounds: SETTINGS.translationRounds, during: delayInto(delays.translation) });

  log(`streaming lane, N = ${SETTINGS.streamNs.join(', ')} paced streams per target, ${SETTINGS.streamPasses} pass(es) (after a warm-up of 16 per target)…`);
  await warmUpStreams(load, targets, 16);
  const streams = await streamLane(load, targets, SETTINGS.streamNs, {
    rampMs: SETTINGS.rampMs, passes: SETTINGS.streamPasses, pids,
    during: loopDelayDuring(gw, (d, n) => delays.streams.set(n ?? 0, [...(delays.streams.get(n ?? 0) ?? []), d])),
  });
  await sleep(SETTINGS.settleMs);
  const endMb = readRssMb(gw.sp.pid);
  const all = whole.stop();
  const ledger = await checkLedger(gw);

  const g = SETTINGS.grown;
  log(`grown-store lane: a fresh gateway and one on a store grown to ${g.generations.toLocaleString('en-US')} generations, ${g.keys.toLocaleString('en-US')} keys and ${g.accounts.toLocaleString('en-US')} accounts, c=64, ${SETTINGS.grownSec} s each in ${SETTINGS.grownRounds} interleaved rounds…`);
  const grown = await grownStoreLane(load, mock.port, g);

  log(`pathological-input lane: one input at a time while a second client polls /health…`);
  const pathological = await pathologicalLane(gw, gateway, { timeoutSec: SETTINGS.pathologicalTimeoutSec, scale: SETTINGS.pathologicalScale, log });

  const sorted = [...steadySamples].sort((a, b) => a - b);
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    mode: quick ? 'quick' : 'full',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: os.platform(), kernel: os.release() },
    note: NOTE,
    settings: { ...SETTINGS, gatewayRoot: GATEWAY_ROOT, gatewaySource: describeSource(GATEWAY_ROOT), buildWarning: buildWarning?.split('\n')[0], c1Connections: 1, c64Connections: 64, loadGenerator: 'autocannon 9 (HTTP lanes), undici 7 (streams)', floor: 'node:http server + node:http keep-alive Agent, piped' },
    c1, c64, translation, streams,
    rss: {
      idleMb, afterLoadMb, endMb,
      steadyMedianMb: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
      steadyMaxMb: sorted[sorted.length - 1] ?? Number.NaN,
      steadySamplesMb: steadySamples.map((v) => Math.round(v * 10) / 10),
      peakMb: Math.max(idleMb, ...all),
    },
    ledger,
    loopDelay: {
      c1: worstDelay(delays.c1), c64: worstDelay(delays.c64), translation: worstDelay(delays.translation),
      streams: Object.fromEntries([...delays.streams].map(([n, d]) => [n, worstDelay(d)])),
    },
    grown,
    pathological,
  };
  results.rows = buildRows(results);
  results.outsideLoadCores = outsideLoad(results);
  process.stdout.write(renderText(results));
  const files = writeResults(RESULTS, results, LABEL);
  log(`wrote ${files.json} and ${files.md} (${Math.round((Date.now() - started) / 1000)} s)`);
}

/**
 * `--server-mode`: only the server-mode lane (server-mode-lane.ts) on a PostgreSQL database made
 * for the run (dropped after it) and the machine's Redis (REDIS_URL, else 127.0.0.1:6379); writes
 * results/<date>-server-mode.md and .json.
 */
async function runServerMode(load: LoadClient, mockPort: number): Promise<void> {
  const db = await createPgTestDatabase();
  try {
    const rounds = quick ? 1 : 3;
    const secPerRound = quick ? 3 : 10;
    log(`server-mode lane: c=64 over 2 gateway processes on PostgreSQL + Redis against 1 embedded gateway, ${rounds} alternating round(s) of ${secPerRound} s…`);
    const r = await serverModeLane(load, {
      root: GATEWAY_ROOT, tmpDir: tmpDir ?? os.tmpdir(), mockPort, databaseUrl: db.url, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      connections: 64, rounds, secPerRound, warmupSec: SETTINGS.warmupSec, log,
    });
    const table = renderServerMode(r);
    process.stdout.write(`\n${table}\n\n${NOTE}\n`);
    const base = join(RESULTS, `${new Date().toISOString().slice(0, 10)}-server-mode${LABEL ? `-${LABEL}` : ''}${quick ? '-quick' : ''}`);
    writeFileSync(`${base}.md`, `## Server mode: 2 processes on PostgreSQL + Redis vs 1 embedded process, c=64\n\n${table}\n\n${NOTE} Gateway built from ${describeSource(GATEWAY_ROOT).commit}.\n`);
    writeFileSync(`${base}.json`, JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, ...r, embedded: { ...r.embedded }, serverMode: { ...r.serverMode } }, null, 2));
    log(`wrote ${base}.md and .json`);
  } finally {
    await db.drop();
  }
}

/**
 * The same c=64 run against two new gateways, alternating: one on an empty store and one on a
 * store grown by direct SQL (fill-store.ts) while it runs idle. Each keeps its own event-loop
 * delay windows.
 */
async function grownStoreLane(load: LoadClient, mockPort: number, counts: { accounts: number; keys: number; generations: number }): Promise<GrownResult> {
  const dirs = ['empty', 'grown'].map((name) => {
    const dir = join(tmpDir ?? os.tmpdir(), name);
    mkdirSync(dir, { recursive: true });
    return dir;
  });
  const [empty, big] = await Promise.all(dirs.map((dir) => startGateway({ root: GATEWAY_ROOT, tmpDir: dir, mockPort })));
  try {
    const fill = fillStore(big.dbPath, counts);
    log(`  filled in ${fill.seconds.toFixed(1)} s; the store file is ${Math.round(fill.fileMb)} MB`);
    const headers = (h: GatewayHandle) => ({ authorization: `Bearer ${h.key}`, 'content-type': 'application/json' });
    const pair: Target[] = [
      { name: 'gateway', url: empty.url, instant: 'bench/instant', paced: 'bench/paced', headers: headers(empty) },
      { name: 'grown', url: big.url, instant: 'bench/instant', paced: 'bench/paced', headers: headers(big) },
    ];
    await warmUp(load, pair, SETTINGS.warmupSec);
    const delays = { gateway: [] as LoopDelay[], grown: [] as LoopDelay[] };
    const lane = await httpLane(load, pair, {
      connections: 64, durationSec: SETTINGS.grownSec * SETTINGS.grownRounds, rounds: SETTINGS.grownRounds,
      during: both(loopDelayDuring(empty, (d) => delays.gateway.push(d), 'gateway'), loopDelayDuring(big, (d) => delays.grown.push(d), 'grown')),
    });
    return {
      counts, fillSeconds: fill.seconds, fileMb: fill.fileMb,
      empty: lane.gateway, grown: lane.grown,
      loopDelay: { empty: worstDelay(delays.gateway), grown: worstDelay(delays.grown) },
    };
  } finally {
    await Promise.all([empty.sp.stop(), big.sp.stop()]);
  }
}

main()
  .catch((err: unknown) => {
    if (stopping) return;
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    removeTmp();
  });
