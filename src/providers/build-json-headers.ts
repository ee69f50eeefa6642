import type { ProviderConfig } from '../config/gateway-config.js';

/**
 * The headers of a JSON request to a provider: content type and accept (an event stream for a
 * stream), the provider's configured headers over them, and its key (when it has one) last, in
 * `keyHeader` after `keyPrefix` (`authorization: Bearer …`, `x-goog-api-key: …`).
 */
export function buildJsonHeaders(provider: ProviderConfig, stream: boolean, keyHeader: string, keyPrefix = ''): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json', ...provider.headers };
  if (provider.apiKey) headers[keyHeader] = `${keyPrefix}${provider.apiKey}`;
  return headers;
}
