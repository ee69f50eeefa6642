import { formatUsd } from '../core/money.js';
import type { KeyRecord } from '../store/types.js';
import { keyState as stateOf, keyView } from '../admin/account-views.js';
import { createKey, keyNotFound, listKeys, revokeKey, updateKey } from '../admin/admin-actions.js';
import { parsePageQuery } from '../admin/admin-queries.js';
import { keyCreateSchema, keyPatchSchema, validateFields } from '../admin/key-fields.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { cliContext } from './admin-context.js';
import { flagLabel } from './flag-label.js';
import { expectPositionals, integerFlag, listFlag, pageFlags, parseCommandArgs, stringFlag, type ParsedArgs } from './parse-command-args.js';
import { formatTable, nextPageHint, printResult } from './print-result.js';
import { commandUsage, type CommandName } from './usage-text.js';
import { withStore } from './with-store.js';

const FIELD_OPTIONS = {
  rpm: { type: 'string' },
  'max-concurrent': { type: 'string' },
  models: { type: 'string' },
  ip: { type: 'string' },
  'daily-limit': { type: 'string' },
  expires: { type: 'string' },
} as const;

/**
 * `chuizi keys create|list|show|update|revoke|enable|disable`. The key itself is printed once, at
 * creation, alone on stdout (scripts capture it); its id goes to stderr. Never its hash.
 */
export async function keysCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  switch (sub) {
    case 'create': {
      const p = parseCommandArgs(args, { account: { type: 'string' }, name: { type: 'string' }, ...FIELD_OPTIONS });
      if (p.help) return help(io, 'keys create');
      expectPositionals(p, []);
      const input = validateFields(keyCreateSchema, { account_id: stringFlag(p, 'account'), name: stringFlag(p, 'name'), ...keyFields(p) }, flagLabel);
      const { record, key } = await withStore(io, (store) => createKey(cliContext(io, store, { needsModels: input.allowed_models !== undefined }), input));
      printResult(io, p.json, { ...keyView(record), key }, key);
      if (!p.json) io.err(`key id: ${record.id} (the key above is shown only this once; manage it with 'chuizi keys show ${record.id}')\n`);
      return EXIT_OK;
    }
    case 'list': {
      const p = parseCommandArgs(args, { account: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } });
      if (p.help) return help(io, 'keys list');
      expectPositionals(p, []);
      const accountId = stringFlag(p, 'account');
      const result = await withStore(io, async (store) =>
        accountId !== undefined ? { data: await listKeys(store, accountId), nextCursor: null } : store.keys.listAll(parsePageQuery(pageFlags(p))),
      );
      const now = Date.now();
      const rows = result.data.map((k) => [
        k.id, `${k.keyPrefix}…`, k.name, stateOf(k, now), k.expiresAt ?? 'never', k.rpmLimit === null ? '-' : String(k.rpmLimit),
        k.dailyLimit === null ? '-' : formatUsd(k.dailyLimit), k.allowedModels.length ? k.allowedModels.join(',') : 'all', k.createdAt,
      ]);
      printResult(io, p.json, { data: result.data.map((k) => keyView(k, now)), next_cursor: result.nextCursor },
        formatTable(['ID', 'PREFIX', 'NAME', 'STATE', 'EXPIRES', 'RPM', 'DAILY LIMIT', 'MODELS', 'CREATED'], rows) + nextPageHint(result.nextCursor));
      return EXIT_OK;
    }
    case 'show': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, 'keys show');
      const [id] = expectPositionals(p, ['KEY_ID']);
      const record = await withStore(io, async (store) => (await store.keys.get(id)) ?? Promise.reject(keyNotFound(id)));
      printKey(io, p, record);
      return EXIT_OK;
    }
    case 'update': {
      const p = parseCommandArgs(args, { name: { type: 'string' }, ...FIELD_OPTIONS });
      if (p.help) return help(io, 'keys update');
      const [id] = expectPositionals(p, ['KEY_ID']);
      const body: Record<string, unknown> = { ...keyFields(p, true) };
      if (p.values.name !== undefined) body.name = stringFlag(p, 'name');
      if (Object.keys(body).length === 0) throw new UsageError('nothing to update: give --name, --rpm, --max-concurrent, --models, --ip, --daily-limit or --expires');
      const input = validateFields(keyPatchSchema, body, flagLabel);
      const record = await withStore(io, (store) => updateKey(cliContext(io, store, { needsModels: input.allowed_models !== undefined }), id, input));
      printKey(io, p, record);
      return EXIT_OK;
    }
    case 'enable':
    case 'disable': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, `keys ${sub}`);
      const [id] = expectPositionals(p, ['KEY_ID']);
      const record = await withStore(io, (store) => updateKey(cliContext(io, store), id, { is_active: sub === 'enable' }));
      printResult(io, p.json, keyView(record), `${sub}d ${id}`);
      return EXIT_OK;
    }
    case 'revoke': {
      const p = parseCommandArgs(args, {});
      if (p.help) return help(io, 'keys revoke');
      const [id] = expectPositionals(p, ['KEY_ID']);
      await withStore(io, (store) => revokeKey(cliContext(io, store), id));
      printResult(io, p.json, { id, deleted: true }, `revoked ${id}`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(sub === undefined ? "'keys' needs a subcommand: create, list, show, update, enable, disable or revoke" : `unknown command 'keys ${sub}'`);
  }
}

function printKey(io: CliIo, p: ParsedArgs, k: KeyRecord): void {
  const view = keyView(k);
  printResult(io, p.json, view, Object.entries(view).map(([f, v]) => `${f}: ${v === null ? '-' : Array.isArray(v) ? (v.length ? v.join(',') : '-') : String(v)}`).join('\n'));
}

/** The flags as admin-API fields, validated by the same schema as `POST/PATCH /admin/v1/keys`; `none` clears a field on update. */
function keyFields(p: ParsedArgs, update = false): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const clear = (flag: string) => update && p.values[flag] === 'none';
  if (p.values.rpm !== undefined) body.rpm_limit = clear('rpm') ? null : integerFlag(p, 'rpm');
  if (p.values['max-concurrent'] !== undefined) body.max_concurrent = clear('max-concurrent') ? null : integerFlag(p, 'max-concurrent');
  if (p.values.models !== undefined) body.allowed_models = clear('models') ? [] : listFlag(p, 'models');
  if (p.values.ip !== undefined) body.ip_whitelist = clear('ip') ? [] : listFlag(p, 'ip');
  if (p.values['daily-limit'] !== undefined) body.daily_limit = clear('daily-limit') ? null : stringFlag(p, 'daily-limit');
  if (p.values.expires !== undefined) body.expires_at = clear('expires') ? null : stringFlag(p, 'expires');
  return body;
}

function help(io: CliIo, name: CommandName): number {
  io.out(commandUsage(name));
  return EXIT_OK;
}
