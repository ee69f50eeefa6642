import { GatewayError } from '../core/gateway-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import { generationView, usageView } from '../admin/account-views.js';
import { optionalParam, parseGenerationQuery, parseGroupBy } from '../admin/admin-queries.js';
import type { UsageDimension } from '../store/types.js';
import { authenticateRequest } from './authenticate-request.js';
import type { Router } from './router.js';
import { sendJson } from './send-response.js';
import { withCursor } from './with-cursor.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 90;
/** A key holder groups its own usage by day and model only. */
const KEY_DIMENSIONS: readonly UsageDimension[] = ['day', 'model'];

/**
 * Read-only views of the calling key's own traffic (the console's key-holder view): each
 * authenticated and rate-limited like `/v1/key/info`, never another key's records.
 *   GET /v1/key/usage?days=30&group_by=day,model   the key's spend, bounded to the last 1–90 UTC days
 *   GET /v1/key/generations?model=&status=&from=&to=&limit=&cursor=   the key's calls, newest first
 */
export function registerKeyHolderRoutes(router: Router, gw: Gateway): void {
  router.add('GET', '/v1/key/usage', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const q = ex.url.searchParams;
    const days = parseDays(q.get('days'));
    const groupBy = parseGroupBy(q, KEY_DIMENSIONS, ['day']);
    const todayStart = Math.floor(gw.now() / DAY_MS) * DAY_MS;
    const from = new Date(todayStart - (days - 1) * DAY_MS).toISOString();
    const rows = await gw.store.generations.usage({ keyId: key.id, from, groupBy });
    sendJson(ex, 200, { data: rows.map(usageView), from, days });
  });

  router.add('GET', '/v1/key/generations', async (ex) => {
    const key = await authenticateRequest(gw, ex);
    const q = ex.url.searchParams;
    if (optionalParam(q, 'account_id') !== undefined || optionalParam(q, 'key_id') !== undefined) {
      throw new GatewayError('validation_error', 'This endpoint lists the calling key\'s generations; account_id and key_id are not accepted', { param: q.has('key_id') ? 'key_id' : 'account_id' });
    }
    const filter = { ...parseGenerationQuery(q), keyId: key.id };
    const result = await withCursor(() => gw.store.generations.list(filter));
    sendJson(ex, 200, { data: result.data.map((g) => generationView(g)), next_cursor: result.nextCursor });
  });
}

function parseDays(raw: string | null): number {
  if (raw === null || raw === '') return 30;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_DAYS)) throw new GatewayError('validation_error', `Invalid value for 'days': must be an integer from 1 to ${MAX_DAYS}`, { param: 'days' });
  return n;
}
