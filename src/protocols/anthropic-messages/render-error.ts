import type { GatewayError } from '../../core/index.js';

/**
 * A GatewayError → the Anthropic error envelope (spec api.md §4):
 * `{"type":"error","error":{"type","message"}}` with the gateway's status and `type` from its
 * error table. Only the public message is rendered; `detail` stays in the logs. The same body is
 * the `data` of an in-stream `event: error`.
 */
export function renderError(err: GatewayError): { status: number; body: Record<string, unknown> } {
  return {
    status: err.status,
    body: { type: 'error', error: { type: err.type, message: err.publicMessage } },
  };
}
