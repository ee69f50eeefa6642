import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/load-config.js';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { usdToUnits, unitsToUsd } from '../../console/src/lib/format-usd.js';

export const CONSOLE_DIST = join(PROJECT_ROOT, 'console', 'dist');

export interface ConsoleGateway {
  url: string;
  adminToken: string;
  running: RunningGateway;
  store: Store;
  admin<T>(path: string, init?: RequestInit): Promise<T>;
  /** The settled record of a call, read with its key (polls while it is pending). */
  waitForGeneration(key: string, id: string): Promise<{ id: string; cost: string; status: string }>;
  /** Exact `a − b` of 8-decimal strings. */
  subtract(a: string, b: string): string;
  close(): Promise<void>;
}

/**
 * The real gateway on 127.0.0.1 (any free port) over an in-memory store, with no provider
 * configured (the built-in mock upstream serves mock/echo) and the built console. Fails with a
 * clear message when the console has not been built.
 */
export async function startConsoleGateway(rawConfig: unknown = {}): Promise<ConsoleGateway> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) {
    throw new Error(`The web console is not built (${CONSOLE_DIST}/index.html is missing): run \`npm run build:console\` (npm install does it)`);
  }
  const adminToken = 'console-test-admin-token-0123456789';
  const store = await openStore('sqlite::memory:');
  const running = await startGateway({
    config: loadConfig({ raw: rawConfig, env: {} }), store, port: 0, host: '127.0.0.1',
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), print: () => undefined,
    env: { CHUIZI_DEMO: '0', CHUIZI_ADMIN_TOKEN: adminToken },
  });
  const url = running.url;
  const admin = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...init.headers } });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    url, adminToken, running, store, admin,
    async waitForGeneration(key, id) {
      for (let i = 0; i < 200; i++) {
        const res = await fetch(`${url}/v1/generation?id=${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` } });
        if (res.ok) {
          const g = ((await res.json()) as { data: { id: string; cost: string; status: string } }).data;
          if (g.status !== 'pending') return g;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`generation ${id} was not settled in time`);
    },
    subtract: (a, b) => unitsToUsd(usdToUnits(a) - usdToUnits(b)),
    async close() {
      await running.close(500);
      await store.close();
    },
  };
}
