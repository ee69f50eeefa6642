import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { upstreamErrorMessage } from './upstream-schemas.js';

/** Upstream messages can be long (HTML pages); keep what a log line or a 400 message needs. */
const MAX_MESSAGE = 1000;

/**
 * An upstream HTTP error (status, body text, headers) → the gateway's error, via core's
 * mapUpstreamStatus. Reads `error.message` from an OpenAI error body and tolerates anything else
 * (HTML from a proxy, empty or truncated bodies). `retry-after` (seconds) is read for 429s,
 * with OpenAI's `retry-after-ms` as a fallback.
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
  const message = upstreamErrorMessage(parsed)?.trim();
  if (!message) return undefined;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

function readRetryAfter(headers: Record<string, string | string[] | undefined> | undefined): number | undefined {
  if (!headers) return undefined;
  const seconds = positiveNumber(header(headers, 'retry-after'));
  if (seconds !== undefined) return seconds;
  const ms = positiveNumber(header(headers, 'retry-after-ms'));
  return ms !== undefined ? ms / 1000 : undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function positiveNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
