/**
 * Every error the gateway can produce, as data. The key is the `reason` the OpenAI envelope
 * may carry; `type` and `status` follow the spec's table. `expose` says whether the error's
 * own message may reach the client (false: a fixed public message is sent instead).
 */
export const ERROR_REGISTRY = {
  validation_error: { status: 400, type: 'invalid_request_error', retryable: false, expose: true },
  payload_too_large: { status: 413, type: 'invalid_request_error', retryable: false, expose: true },
  invalid_api_key: { status: 401, type: 'authentication_error', retryable: false, expose: true },
  insufficient_balance: { status: 402, type: 'insufficient_quota', retryable: false, expose: true },
  model_not_allowed: { status: 403, type: 'permission_error', retryable: false, expose: true },
  ip_not_allowed: { status: 403, type: 'permission_error', retryable: false, expose: true },
  daily_limit_exceeded: { status: 403, type: 'permission_error', retryable: false, expose: true },
  model_not_found: { status: 404, type: 'not_found', retryable: false, expose: true },
  generation_not_found: { status: 404, type: 'not_found', retryable: false, expose: true },
  route_not_found: { status: 404, type: 'not_found', retryable: false, expose: true },
  not_found: { status: 404, type: 'not_found', retryable: false, expose: true },
  method_not_allowed: { status: 405, type: 'invalid_request_error', retryable: false, expose: true },
  request_timeout: { status: 408, type: 'invalid_request_error', retryable: false, expose: true },
  headers_too_large: { status: 431, type: 'invalid_request_error', retryable: false, expose: true },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', retryable: true, expose: true },
  server_error: { status: 500, type: 'server_error', retryable: true, expose: false },
  provider_error: { status: 502, type: 'upstream_error', retryable: true, expose: false },
  provider_unavailable: { status: 503, type: 'service_unavailable', retryable: true, expose: false },
  /** The gateway is shedding load (too many model calls in flight in this process). */
  overloaded: { status: 503, type: 'service_unavailable', retryable: false, expose: true },
  /** The gateway's own database is unreachable (server mode): nothing was charged; retry shortly. */
  store_unavailable: { status: 503, type: 'service_unavailable', retryable: true, expose: true },
  provider_timeout: { status: 504, type: 'timeout', retryable: true, expose: true },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  status: number;
  type: string;
  retryable: boolean;
  expose: boolean;
}

export type ErrorReason = keyof typeof ERROR_REGISTRY;

/** The message sent when an error's own message must not reach the client. */
export const PUBLIC_MESSAGES: Partial<Record<ErrorReason, string>> = {
  server_error: 'Internal gateway error',
  provider_error: 'The upstream provider returned an invalid response',
  provider_unavailable: 'The upstream provider is unavailable',
};
