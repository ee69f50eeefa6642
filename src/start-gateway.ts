import { RESPONSE_PURGE_BATCH } from './store/response-retention.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './core/api-key.js';
import { randomAlphanumeric } from './core/ids.js';
import { formatUsd } from './core/money.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { loadConfig } from './config/load-config.js';
import type { Counters, Store } from './store/types.js';
import { describeDatabaseUrl, openStore } from './store/open-store.js';
import { defaultDatabaseUrl } from './project-root.js';
import { UpstreamPool } from './upstream/upstream-pool.js';
import { MemoryHealthBook } from './routing/health-book.js';
import { openCounters } from './store/open-counters.js';
import type { Gateway } from './pipeline/gateway.js';
import { createGatewayServer } from './http/create-server.js';
import { createLogger } from './create-logger.js';
import { countTextTokens } from './billing/count-text-tokens.js';
import { createCallObserver } from './pipeline/call-observer.js';
import { logCalls } from './observe/log-calls.js';
import { createMetrics } from './observe/create-metrics.js';
import { startTracing } from './observe/start-tracing.js';
import { keepHoldLeases, newInstanceId, retryUnsettled } from './pipeline/keep-hold-leases.js';
import { purgeGenerations } from './pipeline/purge-generations.js';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** A resolved config (tests); else loaded from the file/environment. */
  config?: GatewayConfig;
  store?: Store;
  /** Rate-limit counters (tests); else chosen from REDIS_URL. */
  counters?: Counters;
  log?: Logger;
  now?: () => number;
  /** Overrides the configured port (0 = any free port). */
  port?: number;
  host?: string;
  /** Where the start banner goes (the demo key and admin token are printed once). */
  print?: (line: string) => void;
  /** How often this process renews its holds' leases and reaps lapsed ones, ms (default: a third of the lease). */
  reapIntervalMs?: number;
}

export interface RunningGateway {
  gw: Gateway;
  server: Server;
  url: string;
  port: number;
  /** The admin token when this start knows it (CHUIZI_ADMIN_TOKEN, or generated now). */
  adminToken?: string;
  demoKey?: string;
  /** Where the data lives, for the start banner: `sqlite:/absolute/path.db` (credentials of a URL masked). */
  storeLocation: string;
  close(graceMs?: number): Promise<void>;
}

const ADMIN_TOKEN_SETTING = 'admin_token_sha256';
/** The demo account's balance: $5. */
const DEMO_CREDIT = 500_000_000;

/** The composition root: config, store, pool, server, reaper; demo account and admin token on first start. */
export async function startGateway(opts: StartOptions = {}): Promise<RunningGateway> {
  const env = opts.env ?? process.env;
  const config = opts.config ?? loadConfig({ env });
  const log = opts.log ?? createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const databaseUrl = env.DATABASE_URL ?? defaultDatabaseUrl();
  const store = opts.store ?? (await openStore(databaseUrl, {
    poolSize: env.DATABASE_POOL_SIZE,
    onConnectionError: (err) => log.warn({ err: err.message }, 'database connection lost; the pool reconnects on the next query'),
  }));
  const now = opts.now ?? Date.now;
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pool = new UpstreamPool(config.upstreamTimeoutMs, { connectMs: config.timeouts.connectMs, idleMs: config.timeouts.idleMs });
  const health = new MemoryHealthBook(config.breaker, config.upstreamTimeoutMs);
  // Rate limits and concurrency slots: in-process, or shared through Redis (REDIS_URL); slots live as long as a hold's lease.
  const counters = opts.counters ?? (await openCounters(env.REDIS_URL, { log, slotTtlMs: config.holdLeaseMs }));
  const gw: Gateway = { config, store, pool, counters, log, now, instanceId: newInstanceId(), inflight: new Set(), unsettled: new Map(), health, calls: { active: 0 }, observer: createCallObserver([]) };
  // The call observer's subscribers: logs always, metrics unless disabled, traces when OTLP is configured.
  const metrics = config.metrics.enabled ? createMetrics(gw) : undefined;
  const tracing = await startTracing(env, config, log);
  gw.observer = createCallObserver([logCalls(log), ...(metrics ? [metrics.observer] : []), ...(tracing ? [tracing.observer] : [])], (err) => log.error({ err: String(err) }, 'a call observer failed'));

  // The tokenizer builds its tables on first use (~0.5 s): do it now, not on the first request.
  countTextTokens('warm up the tokenizer');
  const reaped = await store.ledger.reapExpired(now());
  if (reaped > 0) log.warn({ reaped }, 'released holds whose lease lapsed (left by a process that stopped)');
  const demoKey = await createDemoAccount(store, env, print);
  const { token: adminToken, sha256: adminTokenSha256 } = await resolveAdminToken(store, env, print);

  const server = createGatewayServer(gw, { adminTokenSha256, metrics });
  const host = opts.host ?? config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, store: store.kind, config: config.source, models: config.models.length }, 'gateway listening');

  const keeper = keepHoldLeases(gw, opts.reapIntervalMs);
  const purge = purgeGenerations(gw);
  // Kept Responses (previous_response_id) past their retention, in bounded batches.
  const responsePurge = setInterval(() => {
    store.responses?.purgeExpired(now(), RESPONSE_PURGE_BATCH).then(
      (n) => n > 0 && log.info({ purged: n }, 'purged expired kept responses'),
      (err) => log.error({ err: String(err) }, 'purging kept responses failed'),
    );
  }, opts.reapIntervalMs ?? 60_000);
  responsePurge.unref();

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (gw.inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections(); // aborts what is left: each settles as cancelled
      await closed;
      const settleDeadline = Date.now() + 2000;
      while (gw.inflight.size > 0 && Date.now() < settleDeadline) await new Promise((r) => setTimeout(r, 10));
      keeper.stop(); // renewed the leases while calls drained
      purge.stop();
      clearInterval(responsePurge);
      await retryUnsettled(gw);
      for (const { input } of gw.unsettled.values()) log.error({ generationId: input.holdId, settlement: input }, 'shutting down with a settlement not written: redo it from this line');
      await gw.pool.close();
      await gw.counters.close();
      await tracing?.shutdown();
      if (!opts.store) await store.close();
    })();
    return closing;
  };
  return { gw, server, url, port, adminToken, demoKey, storeLocation: opts.store ? `${store.kind} (given)` : describeDatabaseUrl(databaseUrl), close };
}

async function createDemoAccount(store: Store, env: NodeJS.ProcessEnv, print: (l: string) => void): Promise<string | undefined> {
  if ((env.CHUIZI_DEMO ?? '1') === '0' || !(await store.accounts.isEmpty())) return undefined;
  const account = await store.accounts.create({ name: 'demo' });
  await store.ledger.credit(account.id, DEMO_CREDIT, 'topup', 'demo credit');
  const key = generateApiKey();
  await store.keys.create({ accountId: account.id, name: 'demo key', keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key) });
  print(`Demo account ${account.id} created with ${formatUsd(DEMO_CREDIT)}. Its API key (shown once):\n  ${key}`);
  return key;
}

/** CHUIZI_ADMIN_TOKEN, else the token generated on the first start (only its hash is stored). */
async function resolveAdminToken(store: Store, env: NodeJS.ProcessEnv, print: (l: string) => void): Promise<{ token?: string; sha256: string }> {
  if (env.CHUIZI_ADMIN_TOKEN) return { token: env.CHUIZI_ADMIN_TOKEN, sha256: hashApiKey(env.CHUIZI_ADMIN_TOKEN) };
  const existing = await store.settings.get(ADMIN_TOKEN_SETTING);
  if (existing) return { sha256: existing };
  const token = `cka-${randomAlphanumeric(40)}`;
  await store.settings.set(ADMIN_TOKEN_SETTING, hashApiKey(token));
  print(`Admin token for /admin/v1 (shown once; set CHUIZI_ADMIN_TOKEN to choose your own):\n  ${token}`);
  return { token, sha256: hashApiKey(token) };
}
