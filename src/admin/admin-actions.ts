import type { Logger } from 'pino';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../core/api-key.js';
import { GatewayError } from '../core/gateway-error.js';
import { formatMoney, formatUsd, type Money } from '../core/money.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { AccountRecord, KeyPatch, KeyRecord, Store } from '../store/types.js';
import type { AccountCreateInput, AccountPatchInput, CreditsInput, KeyCreateInput, KeyPatchInput } from './key-fields.js';

/**
 * The operator's write operations on already-validated input (see key-fields.ts), shared by the
 * admin API and the CLI so both behave the same. Unknown ids throw GatewayError('not_found').
 * Every change is written to the audit log (store.audit) and, when a logger is given, to the logs:
 * who (`admin-api` or `cli`), what, on which id — never a key.
 */
export interface AdminContext {
  store: Store;
  actor: 'admin-api' | 'cli';
  log?: Logger;
  /** The model names keys may be limited to (allowed_models); unknown names are refused when set. */
  config?: GatewayConfig;
}

async function audit(ctx: AdminContext, action: string, target: string, detail: Record<string, unknown>): Promise<void> {
  await ctx.store.audit.record({ actor: ctx.actor, action, target, detail });
  ctx.log?.info({ audit: action, actor: ctx.actor, target, ...detail }, 'admin action');
}

/** `allowed_models` must name models this gateway serves (an id or alias, or an auto/ smart model). */
function checkModels(ctx: AdminContext, names: string[] | undefined): void {
  if (!names || !ctx.config) return;
  const index = ctx.config.modelIndex;
  const unknown = names.filter((n) => !index.has(n.toLowerCase()) && !n.toLowerCase().startsWith('auto/'));
  if (unknown.length === 0) return;
  const known = ctx.config.models.map((m) => m.id);
  throw new GatewayError('validation_error', `Unknown model '${unknown[0]}' in allowed_models; this gateway serves: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`, { param: 'allowed_models' });
}

/** The audit view of key fields: what was set, money as 8-decimal strings. */
function keyDetail(input: Partial<KeyCreateInput & KeyPatchInput>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = k === 'daily_limit' && typeof v === 'number' ? formatMoney(v) : v;
  return out;
}

export function accountNotFound(id: string, param = 'id'): GatewayError {
  return new GatewayError('not_found', `Account '${id.slice(0, 100)}' not found`, { param });
}

export function keyNotFound(id: string): GatewayError {
  return new GatewayError('not_found', `Key '${id.slice(0, 100)}' not found`, { param: 'id' });
}

/** Creates an account; an initial balance is recorded as a top-up ledger entry. */
export async function createAccount(ctx: AdminContext, input: AccountCreateInput): Promise<AccountRecord> {
  const { store } = ctx;
  const account = await store.accounts.create({ name: input.name, rpmLimit: input.rpm_limit ?? null, modelRpmLimit: input.model_rpm_limit ?? null });
  await audit(ctx, 'account.create', account.id, { name: input.name, balance: formatMoney(input.balance ?? 0) });
  if (!input.balance) return account;
  const balance = await store.ledger.credit(account.id, input.balance, 'topup', 'initial balance');
  return { ...account, balance: balance ?? account.balance };
}

export async function getAccount(store: Store, id: string): Promise<AccountRecord> {
  const account = await store.accounts.get(id);
  if (!account) throw accountNotFound(id);
  return account;
}

export async function updateAccount(ctx: AdminContext, id: string, input: AccountPatchInput): Promise<AccountRecord> {
  const { store } = ctx;
  const patch: { name?: string; rpmLimit?: number | null; modelRpmLimit?: number | null } = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.rpm_limit !== undefined) patch.rpmLimit = input.rpm_limit;
  if (input.model_rpm_limit !== undefined) patch.modelRpmLimit = input.model_rpm_limit;
  const account = await store.accounts.update(id, patch);
  if (!account) throw accountNotFound(id);
  await audit(ctx, 'account.update', id, { ...input });
  return account;
}

/**
 * A positive amount is a top-up, a negative one an adjustment; returns the new balance. An
 * adjustment that would take the balance below zero is refused unless `force` is set (the
 * check reads the balance first: a charge settling in between can still take it lower).
 */
export async function addCredits(ctx: AdminContext, accountId: string, input: CreditsInput): Promise<Money> {
  const { store } = ctx;
  if (input.amount < 0 && !input.force) {
    const account = await store.accounts.get(accountId);
    if (!account) throw accountNotFound(accountId);
    if (account.balance + input.amount < 0) {
      throw new GatewayError(
        'validation_error',
        `Invalid value for 'amount': an adjustment of ${formatUsd(input.amount)} would take the balance of ${accountId} from ${formatUsd(account.balance)} to ${formatUsd(account.balance + input.amount)}; send force: true (CLI: --force) to allow a negative balance`,
        { param: 'amount' },
      );
    }
  }
  const type = input.amount > 0 ? 'topup' : 'adjustment';
  const balance = await store.ledger.credit(accountId, input.amount, type, input.note ?? null);
  if (balance === null) throw accountNotFound(accountId);
  await audit(ctx, 'credits.add', accountId, { amount: formatMoney(input.amount), balance: formatMoney(balance), note: input.note ?? null, ...(input.force ? { force: true } : {}) });
  return balance;
}

/** Creates a key; the full key is returned only here, the store keeps its hash and prefix. */
export async function createKey(ctx: AdminContext, input: KeyCreateInput): Promise<{ record: KeyRecord; key: string }> {
  const { store } = ctx;
  if (!(await store.accounts.get(input.account_id))) throw accountNotFound(input.account_id, 'account_id');
  checkModels(ctx, input.allowed_models);
  const key = generateApiKey();
  const record = await store.keys.create({
    accountId: input.account_id,
    name: input.name,
    keyHash: hashApiKey(key),
    keyPrefix: apiKeyPrefix(key),
    rpmLimit: input.rpm_limit ?? null,
    maxConcurrent: input.max_concurrent ?? null,
    allowedModels: input.allowed_models ?? [],
    ipWhitelist: input.ip_whitelist ?? [],
    dailyLimit: input.daily_limit ?? null,
    expiresAt: input.expires_at ?? null,
  });
  await audit(ctx, 'key.create', record.id, { key_prefix: record.keyPrefix, ...keyDetail(input) });
  return { record, key };
}

export async function listKeys(store: Store, accountId: string): Promise<KeyRecord[]> {
  if (!(await store.accounts.get(accountId))) throw accountNotFound(accountId, 'account_id');
  return store.keys.list(accountId);
}

export async function updateKey(ctx: AdminContext, id: string, input: KeyPatchInput): Promise<KeyRecord> {
  const { store } = ctx;
  checkModels(ctx, input.allowed_models);
  const patch: KeyPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.rpm_limit !== undefined) patch.rpmLimit = input.rpm_limit;
  if (input.max_concurrent !== undefined) patch.maxConcurrent = input.max_concurrent;
  if (input.allowed_models !== undefined) patch.allowedModels = input.allowed_models;
  if (input.ip_whitelist !== undefined) patch.ipWhitelist = input.ip_whitelist;
  if (input.daily_limit !== undefined) patch.dailyLimit = input.daily_limit;
  if (input.expires_at !== undefined) patch.expiresAt = input.expires_at;
  if (input.is_active !== undefined) patch.isActive = input.is_active;
  const record = await store.keys.update(id, patch);
  if (!record) throw keyNotFound(id);
  await audit(ctx, 'key.update', id, keyDetail(input));
  return record;
}

/** Revokes (soft-deletes) a key: it stops authenticating at once. */
export async function revokeKey(ctx: AdminContext, id: string): Promise<void> {
  if (!(await ctx.store.keys.delete(id))) throw keyNotFound(id);
  await audit(ctx, 'key.revoke', id, {});
}
