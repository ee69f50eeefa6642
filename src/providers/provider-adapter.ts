import type { ChatRequest, ClientProtocol } from '../core/chat-request.js';
import type { Protocol } from '../protocols/shared/protocol.js';
import type { ProviderConfig, RouteTarget } from '../config/gateway-config.js';

/** An HTTP request ready to send upstream. */
export interface UpstreamHttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What could not be translated for this target (x-chuizi-warnings). */
  warnings: string[];
}

/** Headers of the client's request a provider may forward (anthropic-version, …). */
export type ClientHeaders = Record<string, string | string[] | undefined>;

/** Where one attempt goes and what the provider may need to know about the call. */
export interface AttemptTarget {
  target: RouteTarget;
  provider: ProviderConfig;
  clientHeaders: ClientHeaders;
  clientProtocol: ClientProtocol;
  /** The output limit to send when the request has none and the upstream requires one. */
  defaultMaxTokens: number;
}

/**
 * Transport and quirks of one upstream protocol: where and how to send a canonical request.
 * How to read what comes back (response, stream, error) is the protocol's own parse half:
 * translation itself lives in protocols/.
 */
export interface ProviderAdapter {
  protocol: Protocol;
  buildRequest(req: ChatRequest, at: AttemptTarget): UpstreamHttpRequest;
}
