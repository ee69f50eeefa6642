import pino, { type Logger } from 'pino';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../core/api-key.js';
import { loadConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import { startGateway, type RunningGateway } from '../start-gateway.js';
import type { Counters, Store } from '../store/types.js';
import { MemoryHealthBook } from '../routing/health-book.js';

export interface TestGateway {
  running: RunningGateway;
  url: string;
  store: Store;
  /** A key of a funded account. */
  key: string;
  keyId: string;
  accountId: string;
  adminToken: string;
  /** Creates another account with `balanceUnits` and returns a key of it. */
  newAccount(balanceUnits: number, keyFields?: Record<string, unknown>): Promise<{ key: string; keyId: string; accountId: string }>;
  /** Forgets every route target's breaker state (tests of one call's fault, sharing one gateway). */
  resetHealth(): void;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/**
 * Starts the real gateway on 127.0.0.1 (any free port) over an in-memory store (or `store`, closed with it), with the
 * given config object, and one account holding `balanceUnits` (default $10). `log` replaces the
 * silent logger (log-capture tests); `wrapStore` lets a test put a faulty store in front.
 */
export async function startTestGateway(
  rawConfig: unknown,
  opts: { balanceUnits?: number; now?: () => number; log?: Logger; wrapStore?: (store: Store) => Store; reapIntervalMs?: number; env?: NodeJS.ProcessEnv; store?: Store; counters?: Counters } = {},
): Promise<TestGateway> {
  const config = loadConfig({ raw: rawConfig, env: {} });
  const store = opts.store ?? (await openStore('sqlite::memory:'));
  const running = await startGateway({
    config, store: opts.wrapStore ? opts.wrapStore(store) : store, port: 0, host: '127.0.0.1', now: opts.now, reapIntervalMs: opts.reapIntervalMs, counters: opts.counters,
    log: opts.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    print: () => undefined,
    env: { CHUIZI_DEMO: '0', CHUIZI_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...opts.env },
  });
  const newAccount = async (balanceUnits: number, keyFields: Record<string, unknown> = {}) => {
    const account = await store.accounts.create({ name: 'test' });
    if (balanceUnits !== 0) await store.ledger.credit(account.id, balanceUnits, balanceUnits > 0 ? 'topup' : 'adjustment');
    const key = generateApiKey();
    const rec = await store.keys.create({ accountId: account.id, name: 'test key', keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key), ...keyFields });
    return { key, keyId: rec.id, accountId: account.id };
  };
  const first = await newAccount(opts.balanceUnits ?? 1_000_000_000);
  return {
    running, url: running.url, store, ...first, adminToken: TEST_ADMIN_TOKEN, newAccount,
    resetHealth: () => {
      running.gw.health = new MemoryHealthBook(config.breaker, config.upstreamTimeoutMs);
    },
    async close() {
      await running.close(500);
      await store.close();
    },
  };
}
