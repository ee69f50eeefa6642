import { keyView } from '../http/account-views.js';
import { createKey, listKeys, revokeKey } from '../http/admin-actions.js';
import { keyCreateSchema, validateFields } from '../http/key-fields.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, integerFlag, listFlag, parseCommandArgs, stringFlag, type ParsedArgs } from './parse-command-args.js';
import { formatTable, printResult } from './print-result.js';
import { commandUsage, type CommandName } from './usage-text.js';
import { withStore } from './with-store.js';

const CREATE_OPTIONS = {
  account: { type: 'string' },
  name: { type: 'string' },
  rpm: { type: 'string' },
  'max-concurrent': { type: 'string' },
  models: { type: 'string' },
  ip: { type: 'string' },
  'daily-limit': { type: 'string' },
  expires: { type: 'string' },
} as const;

/** `chuizi keys create|list|revoke`. The key itself is printed once, at creation; never its hash. */
export async function keysCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  switch (sub) {
    case 'create': {
      const p = parseCommandArgs(args, CREATE_OPTIONS);
      if (p.help) return help(io, 'keys create');
      expectPositionals(p, []);
      const input = validateFields(keyCreateSchema, keyCreateBody(p), flagLabel);
      const { record, key } = await withStore(io, (store) => createKey(store, input));
      printResult(io, p.json, { ...keyView(record), key }, key);
      return EXIT_OK;
    }
    case 'list': {
      const p = parseCommandArgs(args, { account: { type: 'string' } });
      if (p.help) return help(io, 'keys list');
      expectPositionals(p, []);
      const accountId = stringFlag(p, 'account');
      if (!accountId) throw new UsageError("'--account' is required");
      const keys = await withStore(io, (store) => listKeys(store, accountId));
      const rows = keys.map((k) => [k.id, `${k.keyPrefix}…`, k.name, k.isActive ? 'yes' : 'no', k.createdAt]);
      printResult(io, p.json, { data: keys.map(keyView) }, formatTable(['ID', 'PREFIX', 'NAME', 'ACTIVE', 'CREATED'], rows));
      return EXIT_OK;
    }
    case 'revoke': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, 'keys revoke');
      const [id] = expectPositionals(p, ['KEY_ID']);
      await withStore(io, (store) => revokeKey(store, id));
      printResult(io, p.json, { id, deleted: true }, `revoked ${id}`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(sub === undefined ? "'keys' needs a subcommand: create, list or revoke" : `unknown command 'keys ${sub}'`);
  }
}

/** The flags as an admin-API body, validated by the same schema as `POST /admin/v1/keys`. */
function keyCreateBody(p: ParsedArgs): Record<string, unknown> {
  const body: Record<string, unknown> = { account_id: stringFlag(p, 'account'), name: stringFlag(p, 'name') };
  if (p.values.rpm !== undefined) body.rpm_limit = integerFlag(p, 'rpm');
  if (p.values['max-concurrent'] !== undefined) body.max_concurrent = integerFlag(p, 'max-concurrent');
  if (p.values.models !== undefined) body.allowed_models = listFlag(p, 'models');
  if (p.values.ip !== undefined) body.ip_whitelist = listFlag(p, 'ip');
  if (p.values['daily-limit'] !== undefined) body.daily_limit = stringFlag(p, 'daily-limit');
  if (p.values.expires !== undefined) body.expires_at = stringFlag(p, 'expires');
  return body;
}

function help(io: CliIo, name: CommandName): number {
  io.out(commandUsage(name));
  return EXIT_OK;
}
