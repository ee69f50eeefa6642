import type { GatewayError } from '../../core/index.js';

/**
 * A GatewayError → OpenAI's error envelope (spec api.md §4), shared by both OpenAI protocols
 * (Chat Completions and Responses): `{"error":{"message","type","code":"<status>","reason","param"}}`.
 * Only the public message is rendered; `detail` stays in the logs.
 */
export function renderOpenaiError(err: GatewayError): { status: number; body: Record<string, unknown> } {
  return {
    status: err.status,
    body: {
      error: {
        message: err.publicMessage,
        type: err.type,
        code: String(err.status),
        reason: err.reason,
        param: err.param ?? null,
      },
    },
  };
}
