import type { GatewayError } from '../../core/index.js';

/** Google's status names (google.rpc.Code) by HTTP status, as Google's APIs answer them (api.md §4). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'FAILED_PRECONDITION',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'UNIMPLEMENTED',
  408: 'DEADLINE_EXCEEDED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  431: 'INVALID_ARGUMENT',
  500: 'INTERNAL',
  502: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * A GatewayError → Google's error envelope (spec api.md §4): `{"error":{"code","message","status"}}`
 * with the gateway's HTTP status as `code` and Google's status name, so Google's SDKs parse it.
 * Only the public message is rendered; `detail` stays in the logs. The same body is the in-stream
 * error object of a Gemini stream.
 */
export function renderError(err: GatewayError): { status: number; body: Record<string, unknown> } {
  const status = err.status;
  return { status, body: { error: { code: status, message: err.publicMessage, status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT') } } };
}
