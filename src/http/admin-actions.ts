import { apiKeyPrefix, generateApiKey, hashApiKey } from '../core/api-key.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Money } from '../core/money.js';
import type { AccountRecord, KeyPatch, KeyRecord, Store } from '../store/types.js';
import type { AccountCreateInput, AccountPatchInput, CreditsInput, KeyCreateInput, KeyPatchInput } from './key-fields.js';

/**
 * The operator's write operations on already-validated input (see key-fields.ts), shared by the
 * admin API and the CLI so both behave the same. Unknown ids throw GatewayError('not_found').
 */

export function accountNotFound(id: string, param = 'id'): GatewayError {
  return new GatewayError('not_found', `Account '${id.slice(0, 100)}' not found`, { param });
}

export function keyNotFound(id: string): GatewayError {
  return new GatewayError('not_found', `Key '${id.slice(0, 100)}' not found`, { param: 'id' });
}

/** Creates an account; an initial balance is recorded as a top-up ledger entry. */
export async function createAccount(store: Store, input: AccountCreateInput): Promise<AccountRecord> {
  const account = await store.accounts.create({ name: input.name, rpmLimit: input.rpm_limit ?? null, modelRpmLimit: input.model_rpm_limit ?? null });
  if (!input.balance) return account;
  const balance = await store.ledger.credit(account.id, input.balance, 'topup', 'initial balance');
  return { ...account, balance: balance ?? account.balance };
}

export async function getAccount(store: Store, id: string): Promise<AccountRecord> {
  const account = await store.accounts.get(id);
  if (!account) throw accountNotFound(id);
  return account;
}

export async function updateAccount(store: Store, id: string, input: AccountPatchInput): Promise<AccountRecord> {
  const patch: { name?: string; rpmLimit?: number | null; modelRpmLimit?: number | null } = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.rpm_limit !== undefined) patch.rpmLimit = input.rpm_limit;
  if (input.model_rpm_limit !== undefined) patch.modelRpmLimit = input.model_rpm_limit;
  const account = await store.accounts.update(id, patch);
  if (!account) throw accountNotFound(id);
  return account;
}

/** A positive amount is a top-up, a negative one an adjustment; returns the new balance. */
export async function addCredits(store: Store, accountId: string, input: CreditsInput): Promise<Money> {
  const type = input.amount > 0 ? 'topup' : 'adjustment';
  const balance = await store.ledger.credit(accountId, input.amount, type, input.note ?? null);
  if (balance === null) throw accountNotFound(accountId);
  return balance;
}

/** Creates a key; the full key is returned only here, the store keeps its hash and prefix. */
export async function createKey(store: Store, input: KeyCreateInput): Promise<{ record: KeyRecord; key: string }> {
  if (!(await store.accounts.get(input.account_id))) throw accountNotFound(input.account_id, 'account_id');
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
  return { record, key };
}

export async function listKeys(store: Store, accountId: string): Promise<KeyRecord[]> {
  if (!(await store.accounts.get(accountId))) throw accountNotFound(accountId, 'account_id');
  return store.keys.list(accountId);
}

export async function updateKey(store: Store, id: string, input: KeyPatchInput): Promise<KeyRecord> {
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
  return record;
}

/** Revokes (soft-deletes) a key: it stops authenticating at once. */
export async function revokeKey(store: Store, id: string): Promise<void> {
  if (!(await store.keys.delete(id))) throw keyNotFound(id);
}
