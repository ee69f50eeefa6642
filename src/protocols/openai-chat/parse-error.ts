import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { readErrorMessage } from '../shared/read-error-message.js';
import { readPositiveHeader, type HeaderRecord } from '../shared/read-positive-header.js';
import { upstreamErrorMessage } from './upstream-schemas.js';

/**
 * An upstream HTTP error (status, body text, headers) → the gateway's error, via core's
 * mapUpstreamStatus. Reads `error.message` from an OpenAI error body and tolerates anything else
 * (HTML from a proxy, empty or truncated bodies). `retry-after` (seconds) is read for 429s,
 * with OpenAI's `retry-after-ms` as a fallback.
 */
export function parseError(status: number, bodyText: string, headers?: HeaderRecord): GatewayError {
  return mapUpstreamStatus(status, readErrorMessage(bodyText, upstreamErrorMessage), readRetryAfter(headers));
}

function readRetryAfter(headers: HeaderRecord | undefined): number | undefined {
  const seconds = readPositiveHeader(headers, 'retry-after');
  if (seconds !== undefined) return seconds;
  const ms = readPositiveHeader(headers, 'retry-after-ms');
  return ms !== undefined ? ms / 1000 : undefined;
}
