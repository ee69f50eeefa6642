import { formatUsd } from '../core/money.js';
import { transactionView } from '../admin/account-views.js';
import { accountNotFound } from '../admin/admin-actions.js';
import { parsePageQuery } from '../admin/admin-queries.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, pageFlags, parseCommandArgs } from './parse-command-args.js';
import { formatTable, nextPageHint, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi transactions ACCOUNT_ID [--limit N] [--cursor C]`: the account's ledger, newest first. */
export async function transactionsCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { limit: { type: 'string' }, cursor: { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('transactions'));
    return EXIT_OK;
  }
  const [accountId] = expectPositionals(p, ['ACCOUNT_ID']);
  const page = parsePageQuery(pageFlags(p));
  const result = await withStore(io, async (store) => {
    if (!(await store.accounts.get(accountId))) throw accountNotFound(accountId);
    return store.ledger.transactions(accountId, page);
  });
  const rows = result.data.map((t) => [t.createdAt, t.type, formatUsd(t.amount), formatUsd(t.balanceAfter), t.generationId ?? t.note ?? '-']);
  printResult(io, p.json, { data: result.data.map(transactionView), next_cursor: result.nextCursor },
    formatTable(['CREATED', 'TYPE', 'AMOUNT', 'BALANCE AFTER', 'GENERATION / NOTE'], rows) + nextPageHint(result.nextCursor));
  return EXIT_OK;
}
