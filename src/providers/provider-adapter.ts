import type { ChatRequest, ClientProtocol } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { GatewayError } from '../core/gateway-error.js';
import type { SseMessage } from '../core/sse-message.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
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
 * Transport and quirks of one upstream protocol: where and how to send a canonical request,
 * and how to read what comes back. Translation itself lives in protocols/.
 */
export interface ProviderAdapter {
  buildRequest(req: ChatRequest, at: AttemptTarget): UpstreamHttpRequest;
  parseResponse(body: unknown): ChatResponse;
  createParseTransformer(): FnTransformer<SseMessage, StreamEvent>;
  parseError(status: number, bodyText: string, headers: Record<string, string | string[] | undefined>): GatewayError;
}
