import { loadConfig } from '../config/load-config.js';
import type { AdminContext } from '../admin/admin-actions.js';
import type { Store } from '../store/types.js';
import type { CliIo } from './cli-io.js';

/**
 * The CLI's side of the shared admin actions: actor `cli` (each change lands in the audit log),
 * and — only when a command names models — the gateway's config, to refuse unknown model names.
 */
export function cliContext(io: CliIo, store: Store, opts: { needsModels?: boolean } = {}): AdminContext {
  return { store, actor: 'cli', config: opts.needsModels ? loadConfig({ env: io.env }) : undefined };
}
