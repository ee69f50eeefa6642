import { accountView } from '../http/account-views.js';
import { createAccount, getAccount } from '../http/admin-actions.js';
import { accountCreateSchema, validateFields } from '../http/key-fields.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, integerFlag, parseCommandArgs, stringFlag } from './parse-command-args.js';
import { printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/** `chuizi accounts create|show`. */
export async function accountsCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  switch (sub) {
    case 'create': {
      const p = parseCommandArgs(args, { name: { type: 'string' }, balance: { type: 'string' }, rpm: { type: 'string' }, 'model-rpm': { type: 'string' } });
      if (p.help) return help(io, 'accounts create');
      expectPositionals(p, []);
      const body: Record<string, unknown> = { name: stringFlag(p, 'name') };
      if (p.values.balance !== undefined) body.balance = stringFlag(p, 'balance');
      if (p.values.rpm !== undefined) body.rpm_limit = integerFlag(p, 'rpm');
      if (p.values['model-rpm'] !== undefined) body.model_rpm_limit = integerFlag(p, 'model-rpm');
      const input = validateFields(accountCreateSchema, body, flagLabel);
      const account = await withStore(io, (store) => createAccount(store, input));
      const view = accountView(account);
      printResult(io, p.json, { id: view.id, name: view.name, balance: view.balance }, account.id);
      return EXIT_OK;
    }
    case 'show': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, 'accounts show');
      const [id] = expectPositionals(p, ['ACCOUNT_ID']);
      const view = accountView(await withStore(io, (store) => getAccount(store, id)));
      printResult(io, p.json, view, Object.entries(view).map(([k, v]) => `${k}: ${v ?? '-'}`).join('\n'));
      return EXIT_OK;
    }
    default:
      throw new UsageError(sub === undefined ? "'accounts' needs a subcommand: create or show" : `unknown command 'accounts ${sub}'`);
  }
}

function help(io: CliIo, name: 'accounts create' | 'accounts show'): number {
  io.out(commandUsage(name));
  return EXIT_OK;
}
