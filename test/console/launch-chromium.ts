import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package; playwright-core drives it and never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Every request the pages tried to send somewhere other than the gateway (blocked). */
  foreignRequests: string[];
  close(): Promise<void>;
}

/**
 * Headless chromium with a fresh profile, allowed to reach only `allowedOrigin` (everything
 * else is aborted and recorded, so a test can assert the console loads nothing external).
 * Throws a clear error when chromium is not installed: the browser tests are never skipped.
 */
export async function launchChromium(allowedOrigin: string, viewport = { width: 1440, height: 900 }): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the console's browser tests need Debian's chromium (apt-get install -y chromium; .ci/run does this) or CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'chuizi-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport,
      deviceScaleFactor: 1,
      timeout: 60_000,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${allowedOrigin}/`) || url.startsWith('data:')) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    foreignRequests,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
