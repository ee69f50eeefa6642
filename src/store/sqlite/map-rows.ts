import { USAGE_SOURCES, type UsageSource } from '../../core/usage.js';
import type {
  AccountRecord,
  GenerationRecord,
  GenerationStatus,
  HoldRecord,
  AuthenticatedKey,
  KeyRecord,
  TransactionRecord,
  TransactionType,
} from '../types.js';

/** Row shapes as better-sqlite3 returns them (INTEGER → number, booleans as 0/1). */

export interface AccountRow {
  id: string;
  name: string;
  balance: number;
  held: number;
  rpm_limit: number | null;
  model_rpm_limit: number | null;
  created_at: string;
}

export interface KeyRow {
  id: string;
  account_id: string;
  name: string;
  key_prefix: string;
  grp: string;
  rpm_limit: number | null;
  max_concurrent: number | null;
  allowed_models: string;
  ip_whitelist: string;
  daily_limit: number | null;
  is_active: number;
  expires_at: string | null;
  created_at: string;
  last_used_at: string | null;
}

export interface TransactionRow {
  seq: number;
  id: string;
  account_id: string;
  type: string;
  amount: number;
  balance_after: number;
  generation_id: string | null;
  key_id: string | null;
  note: string | null;
  created_at: string;
}

export interface HoldRow {
  id: string;
  account_id: string;
  key_id: string;
  amount: number;
  owner: string;
  expires_at: number;
  created_at: string;
}

export interface GenerationRow {
  seq: number;
  id: string;
  account_id: string;
  key_id: string;
  request_id: string | null;
  model: string;
  provider: string | null;
  protocol: string;
  streamed: number;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost: number;
  upstream_cost: number;
  latency_ms: number | null;
  generation_time_ms: number | null;
  finish_reason: string | null;
  usage_source: string | null;
  error_reason: string | null;
  created_at: string;
}

/** Named parameters of the generations INSERT (everything but seq). */
export type GenerationParams = Omit<GenerationRow, 'seq'>;

export function mapAccountRow(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    name: r.name,
    balance: r.balance,
    held: r.held,
    rpmLimit: r.rpm_limit,
    modelRpmLimit: r.model_rpm_limit,
    createdAt: r.created_at,
  };
}

/** A key row joined with its account's limit overrides (the authentication lookup). */
export interface AuthenticatedKeyRow extends KeyRow {
  account_rpm_limit: number | null;
  account_model_rpm_limit: number | null;
}

export function mapAuthenticatedKeyRow(r: AuthenticatedKeyRow): AuthenticatedKey {
  return { ...mapKeyRow(r), accountRpmLimit: r.account_rpm_limit, accountModelRpmLimit: r.account_model_rpm_limit };
}

export function mapKeyRow(r: KeyRow): KeyRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    keyPrefix: r.key_prefix,
    group: r.grp,
    rpmLimit: r.rpm_limit,
    maxConcurrent: r.max_concurrent,
    allowedModels: parseStringArray(r.allowed_models),
    ipWhitelist: parseStringArray(r.ip_whitelist),
    dailyLimit: r.daily_limit,
    isActive: r.is_active !== 0,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}

export function mapTransactionRow(r: TransactionRow): TransactionRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    type: r.type as TransactionType,
    amount: r.amount,
    balanceAfter: r.balance_after,
    generationId: r.generation_id,
    keyId: r.key_id,
    note: r.note,
    createdAt: r.created_at,
  };
}

export function mapHoldRow(h: HoldRow): HoldRecord {
  return { id: h.id, accountId: h.account_id, keyId: h.key_id, amount: h.amount, owner: h.owner, expiresAt: h.expires_at, createdAt: h.created_at };
}

export function mapGenerationRow(r: GenerationRow): GenerationRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    keyId: r.key_id,
    requestId: r.request_id,
    model: r.model,
    provider: r.provider,
    protocol: r.protocol,
    streamed: r.streamed !== 0,
    status: r.status as GenerationStatus,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cachedTokens: r.cached_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    reasoningTokens: r.reasoning_tokens,
    cost: r.cost,
    upstreamCost: r.upstream_cost,
    latencyMs: r.latency_ms,
    generationTimeMs: r.generation_time_ms,
    finishReason: r.finish_reason,
    usageSource: (USAGE_SOURCES as readonly string[]).includes(r.usage_source ?? '') ? (r.usage_source as UsageSource) : null,
    errorReason: r.error_reason,
    createdAt: r.created_at,
  };
}

/** The generation as INSERT parameters; `createdAt` must already be normalised. */
export function generationParams(g: GenerationRecord): GenerationParams {
  return {
    id: g.id,
    account_id: g.accountId,
    key_id: g.keyId,
    request_id: g.requestId,
    model: g.model,
    provider: g.provider,
    protocol: g.protocol,
    streamed: g.streamed ? 1 : 0,
    status: g.status,
    input_tokens: g.inputTokens,
    output_tokens: g.outputTokens,
    cached_tokens: g.cachedTokens,
    cache_write_tokens: g.cacheWriteTokens,
    reasoning_tokens: g.reasoningTokens,
    cost: g.cost,
    upstream_cost: g.upstreamCost,
    latency_ms: g.latencyMs,
    generation_time_ms: g.generationTimeMs,
    finish_reason: g.finishReason,
    usage_source: g.usageSource,
    error_reason: g.errorReason,
    created_at: g.createdAt,
  };
}

/**
 * A generation known only from its hold (who and when, nothing used): `pending` while the call
 * runs, `failed` when the reaper releases a hold its process left behind.
 */
export function generationFromHold(h: HoldRow, status: 'pending' | 'failed' = 'pending', errorReason: string | null = null): GenerationRecord {
  return {
    id: h.id,
    accountId: h.account_id,
    keyId: h.key_id,
    requestId: null,
    model: '',
    provider: null,
    protocol: '',
    streamed: false,
    status,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    upstreamCost: 0,
    latencyMs: null,
    generationTimeMs: null,
    finishReason: null,
    usageSource: null,
    errorReason,
    createdAt: h.created_at,
  };
}

function parseStringArray(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
