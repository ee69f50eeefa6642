import { formatUsd, formatMoney } from '../core/money.js';
import { parseUsageQuery } from '../admin/admin-queries.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { formatTable, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi usage [--account ID] [--from DATE] [--to DATE] [--group-by day,model]`: what `GET /admin/v1/usage` answers. */
export async function usageCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('usage'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const q = new URLSearchParams();
  for (const [flag, param] of [['account', 'account_id'], ['from', 'from'], ['to', 'to'], ['group-by', 'group_by']] as const) {
    const v = stringFlag(p, flag);
    if (v !== undefined) q.set(param, v);
  }
  const query = parseUsageQuery(q);
  const rows = await withStore(io, (store) => store.generations.usage(query));
  const data = rows.map((r) => ({ ...(r.day !== undefined ? { day: r.day } : {}), ...(r.model !== undefined ? { model: r.model } : {}), requests: r.requests, input_tokens: r.inputTokens, output_tokens: r.outputTokens, cost: formatMoney(r.cost) }));
  const header = [...query.groupBy.map((g) => g.toUpperCase()), 'REQUESTS', 'INPUT TOKENS', 'OUTPUT TOKENS', 'COST'];
  const table = rows.map((r) => [...query.groupBy.map((g) => String((g === 'day' ? r.day : r.model) ?? '-')), String(r.requests), String(r.inputTokens), String(r.outputTokens), formatUsd(r.cost)]);
  printResult(io, p.json, { data }, formatTable(header, table));
  return EXIT_OK;
}
