import { z } from 'zod';

/**
 * The shapes of the admin API's answers (the views of account-views.ts), as zod schemas: the
 * OpenAPI document is generated from them, and the admin API's tests parse real answers with
 * them, so the document cannot drift from what is sent.
 */

const money = z.string().regex(/^-?\d+\.\d{8}$/).describe('USD, 8 decimals');
const time = z.string().describe('ISO-8601 date-time');
const id = z.string();

export const accountView = z.object({
  id, name: z.string(), balance: money, held: money.describe('sum of active holds (USD)'),
  rpm_limit: z.number().int().nullable(), model_rpm_limit: z.number().int().nullable(), created_at: time,
});

export const keyView = z.object({
  id, account_id: id, name: z.string(), key_prefix: z.string(), group: z.string(),
  rpm_limit: z.number().int().nullable(), max_concurrent: z.number().int().nullable(),
  allowed_models: z.array(z.string()), ip_whitelist: z.array(z.string()), daily_limit: money.nullable(),
  is_active: z.boolean(), expires_at: time.nullable(), state: z.enum(['active', 'disabled', 'expired']),
  created_at: time, last_used_at: time.nullable(),
});

export const createdKeyView = keyView.extend({ key: z.string().describe('the full key: shown only in this answer') });

export const generationView = z.object({
  id, model: z.string(), provider: z.string().nullable(), protocol: z.string(), streamed: z.boolean(),
  status: z.enum(['completed', 'failed', 'cancelled', 'pending']),
  input_tokens: z.number().int(), output_tokens: z.number().int(), cached_tokens: z.number().int(),
  cache_write_tokens: z.number().int(), reasoning_tokens: z.number().int(), cost: money, upstream_cost: money,
  latency_ms: z.number().nullable(), generation_time_ms: z.number().nullable(), finish_reason: z.string().nullable(),
  usage_source: z.string().nullable(), created_at: time,
  account_id: id, key_id: id, request_id: z.string().nullable(), error_reason: z.string().nullable(),
});

export const transactionView = z.object({
  id, account_id: id, type: z.enum(['topup', 'charge', 'refund', 'adjustment']), amount: money, balance_after: money,
  generation_id: z.string().nullable(), key_id: z.string().nullable(), note: z.string().nullable(), created_at: time,
});

export const usageRowView = z.object({
  day: z.string().optional(), model: z.string().optional(), key_id: z.string().optional(), requests: z.number().int(),
  input_tokens: z.number().int(), output_tokens: z.number().int(), cost: money,
});

const price = z.string().describe('USD per 1M tokens, markup included');
export const modelView = z.object({
  id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string(), aliases: z.array(z.string()), type: z.enum(['chat', 'embedding']).describe('chat models answer the chat routes; embedding models /v1/embeddings'),
  pricing: z.object({ input: price, output: price, cache_read: price, cache_write: price, unit: z.literal('token'), per_tokens: z.number().int(), currency: z.literal('USD') }),
  routes: z.array(z.object({ provider: z.string(), model: z.string() })),
});

const breakerState = z.enum(['healthy', 'degraded', 'throttled', 'half_open', 'down']);
export const providerView = z.object({
  id: z.string(), protocol: z.string(), base_url: z.string(), models: z.array(z.string()), state: breakerState,
  targets: z.array(z.object({
    model: z.string(), state: breakerState, consecutive_failures: z.number().int(),
    last_error: z.object({ reason: z.string(), at: time.nullable() }).nullable(), retry_at: time.nullable(), throttled_until: time.nullable(),
    latency_ms: z.number().nullable(), successes: z.number().int(), failures: z.number().int(),
  })),
});

export const auditView = z.object({ id, actor: z.string(), action: z.string(), target: z.string(), detail: z.record(z.string(), z.unknown()), created_at: time });

export const creditsResult = z.object({ account_id: id, balance: money });
export const deletedResult = z.object({ id, deleted: z.literal(true) });
export const ledgerCheckResult = z.object({ ok: z.boolean(), problems: z.array(z.unknown()) });

/** `{data: …}`, and `next_cursor` for a paginated list. */
export const one = <T extends z.ZodType>(data: T) => z.object({ data });
export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });
export const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
