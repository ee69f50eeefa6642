import type { IncomingMessage } from 'node:http';
import { newRequestId } from '../core/ids.js';

const SAFE = /^[A-Za-z0-9._:\-]{1,128}$/;

/** The client's X-Request-Id when it is ≤ 128 safe characters, else a new id. */
export function requestIdOf(req: IncomingMessage): string {
  const v = req.headers['x-request-id'];
  const s = Array.isArray(v) ? v[0] : v;
  return s && SAFE.test(s) ? s : newRequestId();
}
