import { GatewayError } from './gateway-error.js';
import { scrubUpstreamMessage } from './scrub-upstream-message.js';

/**
 * Maps an upstream's HTTP error status to the gateway's error (spec api.md §4):
 * 400 → 400 with the upstream's message; 401/403 → 502 (the gateway's credential, never the
 * client's); 404 → 404; 408/504 → 504; 429 → 429 (after failover) with Retry-After;
 * 503/529 → 503; any other 5xx → 502. Each message says honestly what happened upstream
 * (a refused gateway credential, an upstream failure with its status) and nothing more. `message` is the upstream's own error message,
 * used only where it describes the client's request (400, 413, 422), and then scrubbed of
 * URLs, hosts, addresses, key-like tokens and org/project ids. It never goes to `detail` (the
 * log): an upstream's message may quote the prompt. Whether a provider's message may reach the
 * client at all is the provider's `expose_upstream_errors` (upstream/call-upstream.ts).
 */
/** The message of an upstream 400 whose own message may not be passed on. */
export const UPSTREAM_REJECTED = 'Upstream rejected the request as invalid';

export function mapUpstreamStatus(status: number, message: string | undefined, retryAfter?: number): GatewayError {
  const detail = `upstream status ${status}${message ? ` (message of ${message.length} characters)` : ''}`;
  const init = { detail, upstreamStatus: status };
  if (status === 400 || status === 413 || status === 422) {
    return new GatewayError('validation_error', message ? `Upstream rejected the request: ${scrubUpstreamMessage(message)}` : UPSTREAM_REJECTED, init);
  }
  if (status === 404) return new GatewayError('model_not_found', 'The model was not found upstream', init);
  if (status === 429) {
    const s = retryAfter && retryAfter > 0 ? Math.ceil(retryAfter) : 1;
    return new GatewayError('rate_limit_exceeded', `Rate limit exceeded. Retry after ${s} seconds.`, { ...init, retryAfter: s });
  }
  if (status === 408 || status === 504) return new GatewayError('provider_timeout', 'The upstream provider timed out', init);
  if (status === 503 || status === 529) return new GatewayError('provider_unavailable', 'The upstream provider is unavailable', init);
  if (status === 401 || status === 403) return new GatewayError('provider_error', `The upstream provider refused the gateway's credentials (HTTP ${status}); the operator must fix the provider's API key`, { ...init, vetted: true });
  if (status >= 500) return new GatewayError('provider_error', `The upstream provider failed with an internal error (HTTP ${status})`, { ...init, vetted: true });
  return new GatewayError('provider_error', `The upstream provider returned an unexpected error (HTTP ${status})`, { ...init, vetted: true });
}
