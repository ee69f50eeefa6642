import { AUTO_GOALS, AUTO_PREFIX } from '../routing/choose-auto-model.js';
import { formatMoney } from '../core/money.js';
import type { GatewayConfig, ModelEntry } from '../config/gateway-config.js';
import type { AccountRecord, AuditRecord, GenerationRecord, KeyRecord, KeyUsage, TransactionRecord, UsageRow } from '../store/types.js';
import { isModelAllowed } from '../pipeline/authorize.js';
import { formatPrice } from './format-price.js';

/** JSON views of store records for the public and admin APIs (money as 8-decimal strings). */
/** A key's state for operators: `active`, `disabled` (is_active false) or `expired`. */
export function keyState(k: KeyRecord, now: number): 'active' | 'disabled' | 'expired' {
  if (!k.isActive) return 'disabled';
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}

/** A key as the admin API and the CLI show it (never its secret or hash), with its state at `now`. */
export function keyView(k: KeyRecord, now = Date.now()): Record<string, unknown> {
  return {
    id: k.id, account_id: k.accountId, name: k.name, key_prefix: k.keyPrefix, group: k.group,
    rpm_limit: k.rpmLimit, max_concurrent: k.maxConcurrent, allowed_models: k.allowedModels, ip_whitelist: k.ipWhitelist,
    daily_limit: k.dailyLimit === null ? null : formatMoney(k.dailyLimit), is_active: k.isActive,
    expires_at: k.expiresAt, state: keyState(k, now), created_at: k.createdAt, last_used_at: k.lastUsedAt,
  };
}

export function accountView(a: AccountRecord): Record<string, unknown> {
  return { id: a.id, name: a.name, balance: formatMoney(a.balance), held: formatMoney(a.held), rpm_limit: a.rpmLimit, model_rpm_limit: a.modelRpmLimit, created_at: a.createdAt };
}

export function keyInfoView(k: KeyRecord, a: AccountRecord, usage: KeyUsage, defaultRpm: number): Record<string, unknown> {
  return {
    key_prefix: k.keyPrefix, name: k.name, group: k.group, balance: formatMoney(a.balance), held: formatMoney(a.held),
    currency: 'USD', rpm_limit: k.rpmLimit ?? a.rpmLimit ?? defaultRpm, max_concurrent: k.maxConcurrent,
    daily_limit: k.dailyLimit === null ? null : formatMoney(k.dailyLimit), spent_today: formatMoney(usage.cost),
    allowed_models: k.allowedModels, ip_whitelist: k.ipWhitelist, is_active: k.isActive, expires_at: k.expiresAt,
    created_at: k.createdAt, last_used_at: k.lastUsedAt,
    usage_today: { requests: usage.requests, input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cost: formatMoney(usage.cost) },
  };
}

export function generationView(g: GenerationRecord, admin = false): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: g.id, model: g.model, provider: g.provider, protocol: g.protocol, streamed: g.streamed, status: g.status,
    input_tokens: g.inputTokens, output_tokens: g.outputTokens, cached_tokens: g.cachedTokens,
    cache_write_tokens: g.cacheWriteTokens, reasoning_tokens: g.reasoningTokens, cost: formatMoney(g.cost),
    upstream_cost: formatMoney(g.upstreamCost), latency_ms: g.latencyMs, generation_time_ms: g.generationTimeMs,
    finish_reason: g.finishReason, usage_source: g.usageSource, created_at: g.createdAt,
  };
  if (admin) Object.assign(v, { account_id: g.accountId, key_id: g.keyId, request_id: g.requestId, error_reason: g.errorReason });
  return v;
}

export function transactionView(t: TransactionRecord): Record<string, unknown> {
  return {
    id: t.id, account_id: t.accountId, type: t.type, amount: formatMoney(t.amount), balance_after: formatMoney(t.balanceAfter),
    generation_id: t.generationId, key_id: t.keyId, note: t.note, created_at: t.createdAt,
  };
}

/**
 * OpenAI-style model list entry; prices in USD per 1M tokens including markup. `unit: "token"`
 * is the spec's (api.md §3) and stays; `per_tokens` and `currency` say what the numbers are.
 */
export function modelView(m: ModelEntry, created: number): Record<string, unknown> {
  return {
    id: m.id, object: 'model', created, owned_by: m.ownedBy, aliases: m.aliases, type: m.type,
    pricing: {
      input: formatPrice(m.price.input, m.markup), output: formatPrice(m.price.output, m.markup),
      cache_read: formatPrice(m.price.cacheRead, m.markup), cache_write: formatPrice(m.price.cacheWrite, m.markup), unit: 'token', per_tokens: 1_000_000, currency: 'USD',
    },
  };
}

/** The smart models (`auto/*`), always published: their price is that of the model each call is routed to. */
export function autoModelViews(created: number): Array<Record<string, unknown>> {
  return AUTO_GOALS.map((goal) => ({ id: `${AUTO_PREFIX}${goal}`, object: 'model', created, owned_by: 'chuizi', aliases: [], routed: true }));
}

export function visibleModels(config: GatewayConfig, key: KeyRecord): ModelEntry[] {
  return config.models.filter((m) => isModelAllowed(config, key, m));
}

export function auditView(r: AuditRecord): Record<string, unknown> {
  return { id: r.id, actor: r.actor, action: r.action, target: r.target, detail: r.detail, created_at: r.createdAt };
}

/** One row of `/usage` (and `chuizi usage --json`): only the grouped fields, money as an 8-decimal string. */
export function usageView(r: UsageRow): Record<string, unknown> {
  return {
    ...(r.day !== undefined ? { day: r.day } : {}),
    ...(r.model !== undefined ? { model: r.model } : {}),
    ...(r.keyId !== undefined ? { key_id: r.keyId } : {}),
    ...(r.accountId !== undefined ? { account_id: r.accountId } : {}),
    requests: r.requests, input_tokens: r.inputTokens, output_tokens: r.outputTokens, cost: formatMoney(r.cost),
  };
}
