import { auditView } from '../admin/account-views.js';
import { parsePageQuery } from '../admin/admin-queries.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, pageFlags, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { formatTable, nextPageHint, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi audit [--target ID] [--limit N] [--cursor C]`: operator actions (admin API and CLI), newest first. */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { target: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('audit'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const page = parsePageQuery(pageFlags(p));
  const result = await withStore(io, (store) => store.audit.list({ target: stringFlag(p, 'target'), ...page }));
  const rows = result.data.map((r) => [r.createdAt, r.actor, r.action, r.target ?? '-', JSON.stringify(r.detail)]);
  printResult(io, p.json, { data: result.data.map(auditView), next_cursor: result.nextCursor }, formatTable(['WHEN', 'BY', 'ACTION', 'TARGET', 'DETAIL'], rows) + nextPageHint(result.nextCursor));
  return EXIT_OK;
}
