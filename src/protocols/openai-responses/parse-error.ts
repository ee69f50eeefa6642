import { mapUpstreamStatus, type GatewayError } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { readErrorMessage } from '../shared/read-error-message.js';
import { readPositiveHeader, type HeaderRecord } from '../shared/read-positive-header.js';

/** `error.message` of a Responses API error body (OpenAI's envelope), if any. */
export function upstreamErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return typeof body.message === 'string' ? body.message : undefined;
}

/**
 * An upstream Responses API HTTP error (status, body text, headers) → the gateway's error via
 * core's mapUpstreamStatus; tolerates bodies that are not JSON. `retry-after` (seconds), else
 * `retry-after-ms`, is read for 429s.
 */
export function parseError(status: number, bodyText: string, headers?: HeaderRecord): GatewayError {
  const seconds = readPositiveHeader(headers, 'retry-after');
  const ms = readPositiveHeader(headers, 'retry-after-ms');
  return mapUpstreamStatus(status, readErrorMessage(bodyText, upstreamErrorMessage), seconds ?? (ms !== undefined ? ms / 1000 : undefined));
}
