import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { spawnProcess, type Spawned } from './spawn-process.js';

/**
 * The gateway under test, as its own process: `node dist/cli/main.js serve` on a temporary
 * SQLite store and a temporary config (one OpenAI-compatible provider → the mock upstream,
 * models bench/instant and bench/paced), then a funded account and a key with a huge rpm
 * limit created through the admin API. The full request path stays on.
 */

export interface GatewayHandle {
  sp: Spawned;
  url: string;
  key: string;
  accountId: string;
  adminToken: string;
  /** Date.now() when the process was spawned (a --cpu-prof profile's clock starts about then). */
  spawnedAt: number;
  /** The SQLite file the gateway serves from. */
  dbPath: string;
  /** The bench-only event-loop probe inside the gateway process (event-loop-probe.mjs). */
  probeUrl: string;
}

/** Event-loop delay inside the gateway during a window, in ms beyond the probe's 2 ms timer. */
export interface LoopDelay {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Starts a new event-loop delay window in the gateway. */
export async function resetLoopDelay(gw: GatewayHandle): Promise<void> {
  await (await request(`${gw.probeUrl}/reset`, { method: 'POST' })).body.text();
}

/** The gateway's event-loop delay since the last reset. */
export async function readLoopDelay(gw: GatewayHandle): Promise<LoopDelay> {
  return (await (await request(gw.probeUrl)).body.json()) as LoopDelay;
}

export interface GatewayOptions {
  root: string;
  tmpDir: string;
  mockPort: number;
  /** When set, the gateway runs with --cpu-prof and writes its profile here on exit. */
  cpuProfileDir?: string;
  /** Extra node flags for the gateway process (e.g. --trace-gc), for investigations. */
  nodeArgs?: string[];
  /** Where to append the gateway's output lines (else only the last lines are kept, for errors). */
  logFile?: string;
  /** Top-level config sections to add to the bench config (e.g. `{"metrics":{"enabled":false}}`, for an A/B of one setting). */
  configExtra?: object;
  /** Environment on top of the bench's (server mode: DATABASE_URL, REDIS_URL). */
  env?: Record<string, string>;
  /** Another gateway on the same store (server mode): its admin token, account and key are reused. */
  sharing?: GatewayHandle;
}

const HUGE_RPM = 1_000_000_000;
export const BALANCE_USD = '1000000';

/**
 * `npm run build` (src → dist), as a tracked child process. tsc still emits when it reports
 * type errors (src/ may be mid-edit by someone else): then the run goes on with what was
 * emitted, with a warning; returns the warning, or undefined after a clean build.
 */
export async function buildGateway(root: string): Promise<string | undefined> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const sp = spawnProcess('npm run build', npm, ['run', 'build'], { cwd: root, expectExit: true });
  const code = await sp.exited;
  if (code === 0) return undefined;
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error(`npm run build failed (exit ${code}):\n${sp.tail()}`);
  return `npm run build reported errors (exit ${code}); benchmarking the dist/ it emitted:\n${sp.tail()}`;
}

/** The commit the gateway was built from and whether src/ differs from it (read-only git calls). */
export function describeSource(root: string): { commit: string; srcModified: boolean | null } {
  const marker = join(root, '.bench-source'); // written by bench/snapshot.ts
  if (existsSync(marker)) return { commit: readFileSync(marker, 'utf8').trim(), srcModified: false };
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, env, encoding: 'utf8' });
  if (rev.status !== 0) return { commit: 'unknown', srcModified: null };
  const built = ['src', ':(exclude)*.test.ts']; // what `npm run build` compiles
  const diff = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', ...built], { cwd: root, env });
  const untracked = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '--', ...built], { cwd: root, env, encoding: 'utf8' });
  return { commit: rev.stdout.trim(), srcModified: diff.status !== 0 || untracked.stdout.trim() !== '' };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function benchConfig(mockPort: number): object {
  const model = (id: string, upstream: string) => ({
    id, max_output_tokens: 256, price: { input: 1, output: 2 }, routes: [{ provider: 'bench-upstream', model: upstream }],
  });
  return {
    limits: { key_rpm: HUGE_RPM, model_rpm: HUGE_RPM },
    providers: [{ id: 'bench-upstream', protocol: 'openai', base_url: `http://127.0.0.1:${mockPort}/v1`, api_key: 'sk-bench' }],
    models: [model('bench/instant', 'instant'), model('bench/paced', 'paced')],
  };
}

export async function startGateway(opts: GatewayOptions): Promise<GatewayHandle> {
  const configPath = join(opts.tmpDir, 'chuizi.bench.json');
  writeFileSync(configPath, JSON.stringify({ ...benchConfig(opts.mockPort), ...opts.configExtra }, null, 2));
  const adminToken = opts.sharing?.adminToken ?? `bench-admin-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const probePort = await freePort();
  const dbPath = join(opts.tmpDir, 'bench.db');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${dbPath}`,
    CHUIZI_BENCH_PROBE_PORT: String(probePort),
    CHUIZI_CONFIG: configPath,
    CHUIZI_ADMIN_TOKEN: adminToken,
    CHUIZI_DEMO: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...opts.env,
  };
  delete env.NODE_OPTIONS;
  const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  const spawnedAt = Date.now();
  const probe = `--import=${new URL('./event-loop-probe.mjs', import.meta.url).href}`;
  const nodeArgs = [probe, ...profile, ...(opts.nodeArgs ?? [])];
  const sp = spawnProcess('gateway', process.execPath, [...nodeArgs, 'dist/cli/main.js', 'serve'], { cwd: opts.root, env, echoStderr: true, logFile: opts.logFile });
  const [, url] = await sp.waitForLine(/listening on (http:\/\/\S+)/, 30_000);
  if (opts.sharing) return { ...opts.sharing, sp, url, spawnedAt, probeUrl: `http://127.0.0.1:${probePort}` };

  const account = await admin(url, adminToken, 'POST', '/accounts', { name: 'bench', balance: BALANCE_USD, rpm_limit: HUGE_RPM });
  const accountId = String(account.id);
  const key = await admin(url, adminToken, 'POST', '/keys', { account_id: accountId, name: 'bench', rpm_limit: HUGE_RPM });
  return { sp, url, key: String(key.key), accountId, adminToken, spawnedAt, dbPath, probeUrl: `http://127.0.0.1:${probePort}` };
}

/** One admin API call; returns `data` of the response, throws with the body on any non-2xx. */
export async function admin(url: string, token: string, method: 'GET' | 'POST', path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await request(`${url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`admin ${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: Record<string, unknown> }).data;
}

export interface LedgerCheck {
  balance: string;
  held: string;
  spentUsd: number;
  generationsRecorded: boolean;
}

/** Proof that the full path ran: money was spent, nothing is left held, generations exist. */
export async function checkLedger(gw: GatewayHandle): Promise<LedgerCheck> {
  const account = await admin(gw.url, gw.adminToken, 'GET', `/accounts/${gw.accountId}`);
  const gens = (await admin(gw.url, gw.adminToken, 'GET', `/generations?account_id=${gw.accountId}&limit=1`)) as unknown as unknown[];
  const balance = String(account.balance);
  return { balance, held: String(account.held), spentUsd: Number(BALANCE_USD) - Number(balance), generationsRecorded: gens.length > 0 };
}
