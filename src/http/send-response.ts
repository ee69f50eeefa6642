import type { OutgoingHttpHeaders } from 'node:http';
import { toGatewayError } from '../core/gateway-error.js';
import type { Exchange } from './exchange.js';

/** Headers every response carries (api.md §5). */
export function baseHeaders(ex: Exchange): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = { ...ex.responseHeaders, 'x-request-id': ex.requestId, 'x-chuizi-generation-id': ex.generationId };
  if (ex.warnings.length > 0) h['x-chuizi-warnings'] = formatWarnings(ex.warnings);
  return h;
}

/** At most this many characters of warnings in one header (clients cap a response's headers, e.g. 16 KiB). */
const MAX_WARNINGS_CHARS = 2000;

/**
 * `x-chuizi-warnings`: the distinct warnings in order, printable ASCII, joined by `; ` — cut at
 * MAX_WARNINGS_CHARS with a count of the rest (a long resent history, as Codex sends, can
 * produce one warning per turn).
 */
export function formatWarnings(warnings: readonly string[]): string {
  const distinct = [...new Set(warnings.map((w) => w.replace(/[^\x20-\x7e]/g, '?')))];
  let out = '';
  for (const [i, w] of distinct.entries()) {
    const next = out === '' ? w : `${out}; ${w}`;
    if (next.length > MAX_WARNINGS_CHARS) return `${out}; ... and ${distinct.length - i} more`;
    out = next;
  }
  return out;
}

/** Sends a JSON body serialised once. */
export function sendJson(ex: Exchange, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  sendJsonText(ex, status, JSON.stringify(body), headers);
}

/** Sends a JSON body that is already serialised (a kept response, an answer that was kept as it is sent). */
export function sendJsonText(ex: Exchange, status: number, payload: string, headers: OutgoingHttpHeaders = {}): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.res.writeHead(status, { ...baseHeaders(ex), 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  ex.res.end(ex.req.method === 'HEAD' ? undefined : payload);
}

/** Renders any thrown value as an error in the client's protocol envelope. */
export function sendError(ex: Exchange, err: unknown, headers: OutgoingHttpHeaders = {}): void {
  const e = toGatewayError(err);
  ex.errorReason = e.reason;
  const { status, body } = ex.renderError(e);
  const extra: OutgoingHttpHeaders = { ...headers };
  if (e.status === 429 || (e.status === 503 && e.retryAfter !== undefined)) extra['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfter ?? 1)));
  sendJson(ex, status, body, extra);
}
