import { before } from 'node:test';
import { ensureClients, INSTALL_TIMEOUT_MS } from './ensure-clients.js';

/**
 * Registers the suite's setup as a `before` hook: installs the pinned clients (ensureClients), then
 * runs `setup`. The returned `ready()` starts every test: when the install or the setup failed it
 * throws that reason, so each test FAILS with it (a failing hook alone would only cancel them).
 */
export function setUpClients(setup: () => Promise<void>): () => void {
  let failure: Error | undefined;
  let done = false;
  before(async () => {
    try {
      await ensureClients();
      await setup();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    } finally {
      done = true;
    }
  }, { timeout: INSTALL_TIMEOUT_MS });
  return () => {
    if (failure) throw new Error(`client suite setup failed: ${failure.message}`, { cause: failure });
    if (!done) throw new Error('client suite setup did not finish');
  };
}
