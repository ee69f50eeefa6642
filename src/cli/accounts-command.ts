import { accountView } from '../admin/account-views.js';
import { createAccount, getAccount, updateAccount } from '../admin/admin-actions.js';
import { accountCreateSchema, accountPatchSchema, validateFields } from '../admin/key-fields.js';
import { parsePageQuery } from '../admin/admin-queries.js';
import { formatUsd } from '../core/money.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { cliContext } from './admin-context.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, integerFlag, pageFlags, parseCommandArgs, stringFlag, type ParsedArgs } from './parse-command-args.js';
import { formatTable, nextPageHint, printResult } from './print-result.js';
import { commandUsage, type CommandName } from './usage-text.js';
import { withStore } from './with-store.js';

const LIMIT_FLAGS = { rpm: { type: 'string' }, 'model-rpm': { type: 'string' } } as const;

/** `chuizi accounts create|list|show|update`. */
export async function accountsCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  switch (sub) {
    case 'create': {
      const p = parseCommandArgs(args, { name: { type: 'string' }, balance: { type: 'string' }, ...LIMIT_FLAGS });
      if (p.help) return help(io, 'accounts create');
      expectPositionals(p, []);
      const body: Record<string, unknown> = { name: stringFlag(p, 'name'), ...limitFields(p) };
      if (p.values.balance !== undefined) body.balance = stringFlag(p, 'balance');
      const input = validateFields(accountCreateSchema, body, flagLabel);
      const account = await withStore(io, (store) => createAccount(cliContext(io, store), input));
      const view = accountView(account);
      printResult(io, p.json, { id: view.id, name: view.name, balance: view.balance }, account.id);
      return EXIT_OK;
    }
    case 'list': {
      const p = parseCommandArgs(args, { search: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } });
      if (p.help) return help(io, 'accounts list');
      expectPositionals(p, []);
      const page = parsePageQuery(pageFlags(p));
      const result = await withStore(io, (store) => store.accounts.list({ search: stringFlag(p, 'search'), ...page }));
      const rows = result.data.map((a) => [a.id, a.name, formatUsd(a.balance), formatUsd(a.held), a.rpmLimit === null ? '-' : String(a.rpmLimit), a.createdAt]);
      printResult(io, p.json, { data: result.data.map(accountView), next_cursor: result.nextCursor },
        formatTable(['ID', 'NAME', 'BALANCE', 'HELD', 'RPM', 'CREATED'], rows) + nextPageHint(result.nextCursor));
      return EXIT_OK;
    }
    case 'show': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, 'accounts show');
      const [id] = expectPositionals(p, ['ACCOUNT_ID']);
      const view = accountView(await withStore(io, (store) => getAccount(store, id)));
      printResult(io, p.json, view, showText(view));
      return EXIT_OK;
    }
    case 'update': {
      const p = parseCommandArgs(args, { name: { type: 'string' }, ...LIMIT_FLAGS });
      if (p.help) return help(io, 'accounts update');
      const [id] = expectPositionals(p, ['ACCOUNT_ID']);
      const body: Record<string, unknown> = { ...limitFields(p) };
      if (p.values.name !== undefined) body.name = stringFlag(p, 'name');
      if (Object.keys(body).length === 0) throw new UsageError('nothing to update: give --name, --rpm or --model-rpm');
      const input = validateFields(accountPatchSchema, body, flagLabel);
      const view = accountView(await withStore(io, (store) => updateAccount(cliContext(io, store), id, input)));
      printResult(io, p.json, view, showText(view));
      return EXIT_OK;
    }
    default:
      throw new UsageError(sub === undefined ? "'accounts' needs a subcommand: create, list, show or update" : `unknown command 'accounts ${sub}'`);
  }
}

/** `--rpm N` / `--model-rpm N` (`none` clears the limit). */
function limitFields(p: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.values.rpm !== undefined) out.rpm_limit = p.values.rpm === 'none' ? null : integerFlag(p, 'rpm');
  if (p.values['model-rpm'] !== undefined) out.model_rpm_limit = p.values['model-rpm'] === 'none' ? null : integerFlag(p, 'model-rpm');
  return out;
}

function showText(view: Record<string, unknown>): string {
  return Object.entries(view).map(([k, v]) => `${k}: ${v === null ? '-' : k === 'balance' || k === 'held' ? `$${String(v)}` : String(v)}`).join('\n');
}

function help(io: CliIo, name: CommandName): number {
  io.out(commandUsage(name));
  return EXIT_OK;
}
