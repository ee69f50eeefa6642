import { GatewayError } from '../../core/index.js';

/** The error for an upstream answer that is not what its protocol defines; the cause goes to `detail`, for logs. */
export function invalidUpstreamResponse(detail: string): GatewayError {
  return new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail });
}
