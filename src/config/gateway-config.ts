import type { Markup, ModelPrice } from '../billing/model-price.js';

export type ProviderProtocol = 'openai' | 'anthropic' | 'gemini' | 'mock';

export interface ProviderConfig {
  id: string;
  protocol: ProviderProtocol;
  baseUrl: string;
  apiKey?: string;
  headers: Record<string, string>;
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  connections: number;
  /** An upstream 400's message (scrubbed) may reach the client (api.md §4). */
  exposeUpstreamErrors: boolean;
}

export interface RouteTarget {
  providerId: string;
  /** The model name the upstream knows. */
  model: string;
}

export interface ModelEntry {
  id: string;
  aliases: string[];
  type: 'chat' | 'embedding';
  contextWindow?: number;
  maxOutputTokens: number;
  price: ModelPrice;
  markup: Markup;
  ownedBy: string;
  routes: RouteTarget[];
}

export interface LimitsConfig {
  keyRpm: number;
  accountRpmMultiplier: number;
  modelRpm: number;
}

/** The HTTP server's limits (node:http), chosen deliberately: README "HTTP limits". */
export interface HttpLimits {
  /** From a request's first byte until its headers are complete; then 408. */
  headersTimeoutMs: number;
  /** From a request's first byte until its body is complete; then 408. Not the response. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Request line + headers larger than this get 431. */
  maxHeaderBytes: number;
  /** Connections open at once; more are closed at once (node:http maxConnections). */
  maxConnections: number;
}

/** The validated, resolved configuration. Built once at start and then read-only. */
export interface GatewayConfig {
  host: string;
  port: number;
  trustedProxies: string[];
  maxBodyBytes: number;
  http: HttpLimits;
  corsOrigins: string[];
  markup: Markup;
  /** Extra lifetime of a hold beyond the upstream timeout before the reaper may release it. */
  holdMarginSeconds: number;
  limits: LimitsConfig;
  upstreamTimeoutMs: number;
  providers: Map<string, ProviderConfig>;
  models: ModelEntry[];
  /** id or alias (lower-cased) → model. */
  modelIndex: Map<string, ModelEntry>;
  /** Where the config came from, for the start banner. */
  source: string;
}
