import { formatMoney } from '../core/money.js';
import { addCredits } from '../http/admin-actions.js';
import { creditsSchema, validateFields } from '../http/key-fields.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi credits add ACCOUNT_ID USD [--note TEXT]`: a top-up, or an adjustment when negative. */
export async function creditsCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (sub !== 'add') throw new UsageError(sub === undefined ? "'credits' needs a subcommand: add" : `unknown command 'credits ${sub}'`);
  const p = parseCommandArgs(args, { note: { type: 'string' } });
  if (p.help) {
    io.out(commandUsage('credits add'));
    return EXIT_OK;
  }
  const [accountId, amount] = expectPositionals(p, ['ACCOUNT_ID', 'USD']);
  const body: Record<string, unknown> = { amount };
  if (p.values.note !== undefined) body.note = stringFlag(p, 'note');
  const input = validateFields(creditsSchema, body, flagLabel);
  const balance = formatMoney(await withStore(io, (store) => addCredits(store, accountId, input)));
  printResult(io, p.json, { account_id: accountId, balance }, balance);
  return EXIT_OK;
}
