import { formatUsd, formatMoney } from '../core/money.js';
import { usageView } from '../admin/account-views.js';
import { USAGE_DIMENSIONS } from '../store/aggregate-usage.js';
import { parseUsageQuery } from '../admin/admin-queries.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { formatTable, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi usage [--account ID] [--key ID] [--from DATE] [--to DATE] [--group-by day,model,key,account]`: what `GET /admin/v1/usage` answers. */
export async function usageCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { account: { type: 'string' }, key: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('usage'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const q = new URLSearchParams();
  for (const [flag, param] of [['account', 'account_id'], ['key', 'key_id'], ['from', 'from'], ['to', 'to'], ['group-by', 'group_by']] as const) {
    const v = stringFlag(p, flag);
    if (v !== undefined) q.set(param, v);
  }
  const query = parseUsageQuery(q);
  const rows = await withStore(io, (store) => store.generations.usage(query));
  const data = rows.map(usageView);
  const dims = USAGE_DIMENSIONS.filter((d) => query.groupBy.includes(d));
  const header = [...dims.map((g) => g.toUpperCase()), 'REQUESTS', 'INPUT TOKENS', 'OUTPUT TOKENS', 'COST'];
  const table = rows.map((r) => [...dims.map((g) => String((g === 'day' ? r.day : g === 'model' ? r.model : g === 'key' ? r.keyId : r.accountId) ?? '-')), String(r.requests), String(r.inputTokens), String(r.outputTokens), formatUsd(r.cost)]);
  printResult(io, p.json, { data }, formatTable(header, table));
  return EXIT_OK;
}
