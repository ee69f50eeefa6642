import type { z } from 'zod';
import { accountCreateSchema, accountPatchSchema, creditsSchema, keyCreateSchema, keyPatchSchema } from './key-fields.js';
import * as v from './admin-view-schemas.js';

/** A query parameter of an admin list endpoint (parsed by admin-queries.ts). */
export interface QueryParam {
  name: string;
  description: string;
  required?: boolean;
  schema: { type: 'string' | 'integer'; format?: string; minimum?: number; maximum?: number };
}

/** One admin API operation: what the OpenAPI document says about it (build-admin-openapi.ts). */
export interface AdminOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below `/admin/v1`, with `{param}` path parameters. */
  path: string;
  summary: string;
  tag: 'accounts' | 'keys' | 'usage' | 'gateway';
  /** The zod schema that validates the JSON body (key-fields.ts). */
  body?: z.ZodType;
  query?: QueryParam[];
  status: 200 | 201;
  response: z.ZodType;
}

const limit: QueryParam = { name: 'limit', description: 'page size (default 50)', schema: { type: 'integer', minimum: 1, maximum: 500 } };
const cursor: QueryParam = { name: 'cursor', description: '`next_cursor` of the previous page', schema: { type: 'string' } };
const filter = (name: string, description: string): QueryParam => ({ name, description, schema: { type: 'string' } });
const date = (name: string, description: string): QueryParam => ({ name, description, schema: { type: 'string', format: 'date-time' } });

/** Every route of the admin API (operator.md §4 and the additions the console uses). */
export const ADMIN_OPERATIONS: AdminOperation[] = [
  { method: 'GET', path: '/accounts', summary: 'List accounts', tag: 'accounts', query: [filter('search', 'name or id contains'), limit, cursor], status: 200, response: v.page(v.accountView) },
  { method: 'POST', path: '/accounts', summary: 'Create an account (an initial balance is a top-up)', tag: 'accounts', body: accountCreateSchema, status: 201, response: v.one(v.accountView) },
  { method: 'GET', path: '/accounts/{id}', summary: 'One account with its balance and held amount', tag: 'accounts', status: 200, response: v.one(v.accountView) },
  { method: 'PATCH', path: '/accounts/{id}', summary: 'Rename an account or change its limits', tag: 'accounts', body: accountPatchSchema, status: 200, response: v.one(v.accountView) },
  { method: 'POST', path: '/accounts/{id}/credits', summary: 'Top up (positive) or adjust (negative) a balance', tag: 'accounts', body: creditsSchema, status: 200, response: v.one(v.creditsResult) },
  { method: 'GET', path: '/accounts/{id}/transactions', summary: 'Ledger entries, newest first', tag: 'accounts', query: [limit, cursor], status: 200, response: v.page(v.transactionView) },
  { method: 'POST', path: '/keys', summary: 'Create an API key (the key is in this answer only)', tag: 'keys', body: keyCreateSchema, status: 201, response: v.one(v.createdKeyView) },
  { method: 'GET', path: '/keys', summary: "An account's keys (with account_id), else all keys paginated", tag: 'keys', query: [filter('account_id', 'only this account’s keys (not paginated)'), limit, cursor], status: 200, response: v.page(v.keyView).partial({ next_cursor: true }) },
  { method: 'GET', path: '/keys/{id}', summary: 'One key (never its secret)', tag: 'keys', status: 200, response: v.one(v.keyView) },
  { method: 'PATCH', path: '/keys/{id}', summary: "Change a key's name, limits, models, IP allow-list, expiry or is_active", tag: 'keys', body: keyPatchSchema, status: 200, response: v.one(v.keyView) },
  { method: 'DELETE', path: '/keys/{id}', summary: 'Revoke a key', tag: 'keys', status: 200, response: v.one(v.deletedResult) },
  { method: 'GET', path: '/generations', summary: 'Generation records, newest first', tag: 'usage', query: [filter('account_id', 'filter'), filter('key_id', 'filter'), filter('model', 'filter'), limit, cursor], status: 200, response: v.page(v.generationView) },
  {
    method: 'GET', path: '/usage', summary: 'Aggregates for dashboards', tag: 'usage',
    query: [filter('account_id', 'filter'), date('from', 'inclusive; a date or date-time'), date('to', 'exclusive; a bare date includes that day'), filter('group_by', 'comma-separated subset of day,model')],
    status: 200, response: v.list(v.usageRowView),
  },
  { method: 'GET', path: '/providers', summary: 'Each provider and route target with its health state', tag: 'gateway', status: 200, response: v.list(v.providerView) },
  { method: 'GET', path: '/models', summary: 'Configured models with prices (markup included) and routes', tag: 'gateway', status: 200, response: v.list(v.modelView) },
  { method: 'GET', path: '/audit', summary: 'Audit log of admin actions, newest first', tag: 'gateway', query: [filter('target', 'an account or key id'), limit, cursor], status: 200, response: v.page(v.auditView) },
  { method: 'GET', path: '/ledger/check', summary: 'Every balance equals its ledger and no hold is orphaned', tag: 'gateway', status: 200, response: v.one(v.ledgerCheckResult) },
];
