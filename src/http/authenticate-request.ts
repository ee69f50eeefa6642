import type { AuthenticatedKey } from '../store/types.js';
import type { Gateway } from '../pipeline/gateway.js';
import { authenticate, keyCandidates } from '../pipeline/authenticate.js';
import { checkRequestLimit } from '../pipeline/check-limits.js';
import type { Exchange } from './exchange.js';

/**
 * The first two steps of every authenticated endpoint that is not a model call: the key (401),
 * from the headers (and a Gemini path's `?key=`) only — before any body is read — then the key's rate limit (429, one
 * request in the key's and the account's windows; a refused request counts nowhere).
 */
export async function authenticateRequest(gw: Gateway, ex: Exchange, keys: Array<string | undefined> = keyCandidates(ex.req.headers)): Promise<AuthenticatedKey> {
  const key = await authenticate(gw, keys);
  await checkRequestLimit(gw, ex.responseHeaders, key);
  return key;
}
