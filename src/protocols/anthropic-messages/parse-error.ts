import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { readErrorMessage } from '../shared/read-error-message.js';
import { readPositiveHeader, type HeaderRecord } from '../shared/read-positive-header.js';
import { upstreamError } from './upstream-schemas.js';

/**
 * An upstream HTTP error (status, body text, headers) → the gateway's error, via core's
 * mapUpstreamStatus (529 overloaded is treated like 503 there). Reads `error.message` from
 * Anthropic's `{"type":"error","error":{"type","message"}}` and tolerates anything else (HTML
 * from a proxy, empty or truncated bodies). `retry-after` (seconds) is read for 429s.
 */
export function parseError(status: number, bodyText: string, headers?: HeaderRecord): GatewayError {
  return mapUpstreamStatus(status, readErrorMessage(bodyText, (body) => upstreamError(body)?.message), readPositiveHeader(headers, 'retry-after'));
}
