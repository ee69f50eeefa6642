import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { upstreamError } from './upstream-schemas.js';

/** Upstream messages can be long (HTML pages); keep what a log line or a 400 message needs. */
const MAX_MESSAGE = 1000;

/**
 * An upstream HTTP error (status, body text, headers) → the gateway's error, via core's
 * mapUpstreamStatus (529 overloaded is treated like 503 there). Reads `error.message` from
 * Anthropic's `{"type":"error","error":{"type","message"}}` and tolerates anything else (HTML
 * from a proxy, empty or truncated bodies). `retry-after` (seconds) is read for 429s.
 */
export function parseError(
  status: number,
  bodyText: string,
  headers?: Record<string, string | string[] | undefined>,
): GatewayError {
  return mapUpstreamStatus(status, readMessage(bodyText), readRetryAfter(headers));
}

function readMessage(bodyText: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const message = upstreamError(parsed)?.message?.trim();
  if (!message) return undefined;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

function readRetryAfter(headers: Record<string, string | string[] | undefined> | undefined): number | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== 'retry-after') continue;
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  }
  return undefined;
}
