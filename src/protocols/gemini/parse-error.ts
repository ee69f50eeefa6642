import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { readErrorMessage } from '../shared/read-error-message.js';
import { readPositiveHeader, type HeaderRecord } from '../shared/read-positive-header.js';
import { upstreamError } from './upstream-schemas.js';

/**
 * An upstream HTTP error (status, body text, headers) → the gateway's error, via core's
 * mapUpstreamStatus. Reads Google's `{"error":{"code","message","status","details"}}` (or an
 * array of them, as a stream without alt=sse answers) and tolerates anything else. Google answers
 * a bad API key with 400 API_KEY_INVALID: that is the gateway's credential, never the client's
 * request, so it is mapped like a 401. A 429's wait comes from `retry-after` or from the
 * RetryInfo detail's `retryDelay` ("37s").
 */
export function parseError(status: number, bodyText: string, headers?: HeaderRecord): GatewayError {
  // The body is parsed once: readErrorMessage hands it to the reader, which keeps Google's error.
  let error: ReturnType<typeof upstreamError>;
  const message = readErrorMessage(bodyText, (body) => (error = upstreamError(body))?.message ?? undefined);
  const details = error?.details ?? [];
  const badKey = status === 400 && details.some((d) => d.reason === 'API_KEY_INVALID');
  return mapUpstreamStatus(badKey ? 401 : status, message, readPositiveHeader(headers, 'retry-after') ?? retryDelay(details));
}

function retryDelay(details: ReadonlyArray<Record<string, unknown>>): number | undefined {
  for (const d of details) {
    const m = typeof d.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}
