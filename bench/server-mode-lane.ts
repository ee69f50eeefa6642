import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { checkLedger, startGateway, type GatewayHandle } from './gateway-process.js';
import { averageCpu, chatBody, merge, sanityCheck, warmUp, type HttpLaneResult } from './lanes.js';
import type { LoadClient } from './load-client.js';
import type { HttpResult } from './load.js';
import { CpuMeter } from './proc-stats.js';
import { redact } from '../src/store/open-store.js';

export interface ServerModeResult {
  connections: number;
  rounds: number;
  secPerRound: number;
  databaseUrl: string;
  /** One process on its SQLite file (the default deployment), measured in the same rounds. */
  embedded: HttpLaneResult;
  /** Two processes on one database and one Redis, the connections split between them. */
  serverMode: HttpLaneResult;
  ledger: Awaited<ReturnType<typeof checkLedger>>;
}

/**
 * The server-mode lane (`npm run bench -- --server-mode`): c=64 non-streaming calls through two
 * gateway processes sharing `databaseUrl` (PostgreSQL) and Redis — 32 connections each — against
 * one embedded gateway (one process, SQLite) in alternating rounds, so both see the same machine.
 * Every call runs the whole path: auth, the shared RPM windows in Redis, hold and settle in the
 * shared store, the generation record.
 */
export async function serverModeLane(
  load: LoadClient,
  opts: { root: string; tmpDir: string; mockPort: number; databaseUrl: string; redisUrl: string; connections: number; rounds: number; secPerRound: number; warmupSec: number; log: (m: string) => void },
): Promise<ServerModeResult> {
  const dir = (name: string) => {
    const d = join(opts.tmpDir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const env = { DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl };
  const shownUrl = redact(opts.databaseUrl);
  const embedded = await startGateway({ root: opts.root, tmpDir: dir('embedded'), mockPort: opts.mockPort });
  const a = await startGateway({ root: opts.root, tmpDir: dir('server-a'), mockPort: opts.mockPort, env });
  const b = await startGateway({ root: opts.root, tmpDir: dir('server-b'), mockPort: opts.mockPort, env, sharing: a });
  const handles = [embedded, a, b];
  try {
    const target = (h: GatewayHandle) => ({ name: 'gateway' as const, url: h.url, instant: 'bench/instant', paced: 'bench/paced', headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/json' } });
    for (const h of handles) await sanityCheck(target(h));
    await warmUp(load, handles.map(target), opts.warmupSec);
    opts.log(`  embedded ${embedded.url}; server mode ${a.url} + ${b.url} on ${shownUrl} and ${opts.redisUrl}`);
    const parts = { embedded: [] as HttpResult[], server: [] as HttpResult[] };
    const cpu = { embedded: [] as Record<string, number>[], server: [] as Record<string, number>[] };
    const body = chatBody('bench/instant', false);
    for (let r = 0; r < opts.rounds; r++) {
      let meter = new CpuMeter({ gateway: embedded.sp.pid });
      parts.embedded.push(await load.http({ url: `${embedded.url}/v1/chat/completions`, headers: target(embedded).headers, body, connections: opts.connections, durationSec: opts.secPerRound }));
      cpu.embedded.push(meter.read());
      meter = new CpuMeter({ 'gateway A': a.sp.pid, 'gateway B': b.sp.pid });
      parts.server.push(await load.http({ url: [a, b].map((h) => `${h.url}/v1/chat/completions`), headers: target(a).headers, body, connections: opts.connections, durationSec: opts.secPerRound }));
      cpu.server.push(meter.read());
      opts.log(`  round ${r + 1}/${opts.rounds}: embedded ${rps(parts.embedded.at(-1))} req/s, server mode ${rps(parts.server.at(-1))} req/s`);
    }
    return {
      connections: opts.connections, rounds: opts.rounds, secPerRound: opts.secPerRound, databaseUrl: shownUrl,
      embedded: { ...merge(parts.embedded, opts.connections), cpu: averageCpu(cpu.embedded) },
      serverMode: { ...merge(parts.server, opts.connections), cpu: averageCpu(cpu.server) },
      ledger: await checkLedger(a),
    };
  } finally {
    await Promise.all(handles.map((h) => h.sp.stop()));
  }
}

/** The lane's table, Markdown. */
export function renderServerMode(r: ServerModeResult): string {
  const row = (name: string, x: HttpLaneResult) =>
    `| ${name} | ${x.rps.toFixed(0)} | ${x.latency.p50.toFixed(2)} ms | ${x.latency.p99.toFixed(2)} ms | ${x.non2xx + x.errors} | ${Object.entries(x.cpu ?? {}).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} |`;
  return [
    `| c=${r.connections}, non-streaming, ${r.rounds} alternating rounds of ${r.secPerRound} s | req/s | p50 | p99 | errors | CPU (cores) |`,
    '| --- | --- | --- | --- | --- | --- |',
    row('embedded: 1 process, SQLite', r.embedded),
    row('server mode: 2 processes, PostgreSQL + Redis', r.serverMode),
    '',
    `Ledger after the server-mode rounds: balance $${r.ledger.balance}, held $${r.ledger.held}, generations recorded: ${r.ledger.generationsRecorded}.`,
  ].join('\n');
}

function rps(p: HttpResult | undefined): string {
  return p ? (p.ok / p.durationSec).toFixed(0) : '—';
}
