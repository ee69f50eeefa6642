import { formatMoney, formatUsd } from '../core/money.js';
import { addCredits } from '../admin/admin-actions.js';
import { creditsSchema, validateFields } from '../admin/key-fields.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { cliContext } from './admin-context.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/**
 * `chuizi credits add ACCOUNT_ID USD [--note TEXT] [--force]`: a top-up, or an adjustment when
 * negative (refused when it would take the balance below zero, unless --force). Prints the new
 * balance as a plain 8-decimal amount (operator.md: scripts read it); --json adds the account id.
 */
export async function creditsCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (sub !== 'add') throw new UsageError(sub === undefined ? "'credits' needs a subcommand: add" : `unknown command 'credits ${sub}'`);
  const p = parseCommandArgs(args, { note: { type: 'string' }, force: { type: 'boolean' } });
  if (p.help) {
    io.out(commandUsage('credits add'));
    return EXIT_OK;
  }
  const [accountId, amount] = expectPositionals(p, ['ACCOUNT_ID', 'USD']);
  const body: Record<string, unknown> = { amount };
  if (p.values.note !== undefined) body.note = stringFlag(p, 'note');
  if (p.values.force === true) body.force = true;
  const input = validateFields(creditsSchema, body, flagLabel);
  const units = await withStore(io, (store) => addCredits(cliContext(io, store), accountId, input));
  const balance = formatMoney(units);
  printResult(io, p.json, { account_id: accountId, balance }, balance);
  if (!p.json && units < 0) io.err(`note: the balance of ${accountId} is now negative (${formatUsd(units)})\n`);
  return EXIT_OK;
}
