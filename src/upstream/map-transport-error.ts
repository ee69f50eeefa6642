import { GatewayError } from '../core/gateway-error.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Maps a transport failure (no HTTP answer) to the gateway's error: timeout → 504, else 503. */
export function mapTransportError(err: unknown, timeoutMs: number): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? e?.name ?? 'unknown';
  const detail = `${code}: ${e?.message ?? String(err)}`;
  if (TIMEOUT_CODES.has(code)) {
    return new GatewayError('provider_timeout', `Request timed out after ${Math.round(timeoutMs / 1000)} seconds`, { detail });
  }
  return new GatewayError('provider_unavailable', 'The upstream provider is unavailable', { detail });
}

/** True when the error is the abort of a request whose client went away. */
export function isAbortError(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED' || e?.code === 'ABORT_ERR';
}
