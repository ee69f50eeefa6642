import { formatUsd } from '../core/money.js';
import { generationView } from '../admin/account-views.js';
import { optionalParam, parsePageQuery } from '../admin/admin-queries.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, pageFlags, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { formatTable, nextPageHint, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi generations [--account ID] [--key ID] [--model M] [--limit N] [--cursor C]`: generation records, newest first. */
export async function generationsCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { account: { type: 'string' }, key: { type: 'string' }, model: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('generations'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const q = pageFlags(p);
  for (const [flag, param] of [['account', 'account_id'], ['key', 'key_id'], ['model', 'model']] as const) {
    const v = stringFlag(p, flag);
    if (v !== undefined) q.set(param, v);
  }
  const filter = { accountId: optionalParam(q, 'account_id'), keyId: optionalParam(q, 'key_id'), model: optionalParam(q, 'model'), ...parsePageQuery(q) };
  const result = await withStore(io, (store) => store.generations.list(filter));
  const rows = result.data.map((g) => [g.id, g.createdAt, g.model, g.status, String(g.inputTokens), String(g.outputTokens), formatUsd(g.cost), g.keyId]);
  printResult(io, p.json, { data: result.data.map((g) => generationView(g, true)), next_cursor: result.nextCursor },
    formatTable(['ID', 'CREATED', 'MODEL', 'STATUS', 'IN', 'OUT', 'COST', 'KEY'], rows) + nextPageHint(result.nextCursor));
  return EXIT_OK;
}
