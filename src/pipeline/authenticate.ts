import { API_KEY_PATTERN, hashApiKey } from '../core/api-key.js';
import { GatewayError } from '../core/gateway-error.js';
import type { AuthenticatedKey } from '../store/types.js';
import type { Gateway } from './gateway.js';

const INVALID = 'Invalid API key';

/**
 * Step 1 (401): the key from `Authorization: Bearer` (wins), `x-api-key`, or on Gemini paths
 * `x-goog-api-key` / `?key=`; it must exist, be live, active and unexpired.
 */
export async function authenticate(gw: Gateway, candidates: Array<string | undefined>): Promise<AuthenticatedKey> {
  const key = candidates.find((c) => c !== undefined && c !== '');
  if (!key || !API_KEY_PATTERN.test(key)) throw new GatewayError('invalid_api_key', INVALID, { detail: key ? 'malformed key' : 'no key' });
  const record = await gw.store.keys.findByHash(hashApiKey(key));
  if (!record) throw new GatewayError('invalid_api_key', INVALID, { detail: 'unknown key' });
  if (!record.isActive) throw new GatewayError('invalid_api_key', INVALID, { detail: 'inactive key' });
  if (record.expiresAt && Date.parse(record.expiresAt) <= gw.now()) throw new GatewayError('invalid_api_key', INVALID, { detail: 'expired key' });
  return record;
}

/** The key candidates of a request's headers, in precedence order. */
export function keyCandidates(headers: Record<string, string | string[] | undefined>, extra: Array<string | undefined> = []): Array<string | undefined> {
  const auth = first(headers.authorization);
  const bearer = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : auth ? auth.trim() : undefined;
  return [bearer, first(headers['x-api-key']), ...extra];
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
