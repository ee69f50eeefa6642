import { GatewayError } from '../core/gateway-error.js';
import { parseIsoTime } from './key-fields.js';
import { USAGE_DIMENSIONS } from '../store/aggregate-usage.js';
import type { GenerationFilter, UsageDimension, UsageQuery } from '../store/types.js';

/** The usage query now lives beside the store interface (store/types.ts); re-exported for existing imports. */
export type { UsageQuery };

/** Query-string parsing for the admin API's list endpoints; bad values are 400s naming the parameter. */

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;
const DAY_MS = 86_400_000;

export interface PageQuery {
  limit: number;
  cursor: string | null;
}

function invalid(param: string, problem: string): GatewayError {
  return new GatewayError('validation_error', `Invalid value for '${param}': ${problem}`, { param });
}

/** `?limit=` (1–500, default 50) and `?cursor=` (an opaque cursor from a previous page). */
export function parsePageQuery(q: URLSearchParams): PageQuery {
  const rawLimit = q.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) throw invalid('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const cursor = q.get('cursor') || null;
  if (cursor !== null && !CURSOR.test(cursor)) throw invalid('cursor', 'not a cursor returned by this API');
  return { limit, cursor };
}

/** An optional, non-empty id-like filter parameter. */
export function optionalParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v.length > 200) throw invalid(name, 'must be at most 200 characters');
  return v;
}

export function requiredParam(q: URLSearchParams, name: string): string {
  const v = optionalParam(q, name);
  if (v === undefined) throw new GatewayError('validation_error', `Query parameter '${name}' is required`, { param: name });
  return v;
}

/**
 * `/usage` parameters. `from` and `to` are ISO dates or date-times; `from` is inclusive, `to`
 * exclusive, except that a bare date as `to` includes that whole day. `group_by` is a
 * comma-separated subset of `day,model,key,account`; `key_id` narrows to one key.
 */
export function parseUsageQuery(q: URLSearchParams): UsageQuery {
  const out: UsageQuery = { groupBy: [], ...parseTimeRange(q) };
  const accountId = optionalParam(q, 'account_id');
  if (accountId !== undefined) out.accountId = accountId;
  const keyId = optionalParam(q, 'key_id');
  if (keyId !== undefined) out.keyId = keyId;
  out.groupBy = parseGroupBy(q, USAGE_DIMENSIONS, []);
  return out;
}

/** `?group_by=`: a comma-separated subset of `allowed`, deduplicated in the order given; `fallback` when absent or empty. */
export function parseGroupBy(q: URLSearchParams, allowed: readonly UsageDimension[], fallback: UsageDimension[]): UsageDimension[] {
  const raw = q.get('group_by');
  if (!raw) return fallback;
  const out: UsageDimension[] = [];
  for (const part of raw.split(',').map((s) => s.trim())) {
    if (!(allowed as readonly string[]).includes(part)) throw invalid('group_by', `must be a comma-separated subset of '${allowed.join(',')}'`);
    if (!out.includes(part as UsageDimension)) out.push(part as UsageDimension);
  }
  return out;
}

const STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** `/generations` filters: `account_id`, `key_id`, `model`, `status` (completed, failed, cancelled), `from`, `to`, and the page. */
export function parseGenerationQuery(q: URLSearchParams): GenerationFilter {
  const out: GenerationFilter = { ...parsePageQuery(q), ...parseTimeRange(q) };
  const accountId = optionalParam(q, 'account_id');
  if (accountId !== undefined) out.accountId = accountId;
  const keyId = optionalParam(q, 'key_id');
  if (keyId !== undefined) out.keyId = keyId;
  const model = optionalParam(q, 'model');
  if (model !== undefined) out.model = model;
  const status = optionalParam(q, 'status');
  if (status !== undefined) {
    if (!STATUSES.has(status)) throw invalid('status', "must be one of 'completed', 'failed', 'cancelled'");
    out.status = status as GenerationFilter['status'];
  }
  return out;
}

/** `from` (inclusive) and `to` (exclusive; a bare date includes that day), as ISO timestamps. */
function parseTimeRange(q: URLSearchParams): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  const from = q.get('from');
  if (from) out.from = isoBound('from', from, false);
  const to = q.get('to');
  if (to) out.to = isoBound('to', to, true);
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) throw invalid('to', "must not be before 'from'");
  return out;
}

function isoBound(param: string, value: string, endOfDay: boolean): string {
  const t = parseIsoTime(value);
  if (t === undefined) throw invalid(param, 'must be an ISO-8601 date (2025-01-31) or date-time (2025-01-31T12:00:00Z)');
  return new Date(t.dateOnly && endOfDay ? t.ms + DAY_MS : t.ms).toISOString();
}
