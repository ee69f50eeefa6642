import type { Markup, ModelPrice } from '../billing/model-price.js';

export type ProviderProtocol = 'openai' | 'openai-responses' | 'anthropic' | 'gemini' | 'mock';

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

/** What a model can do; `auto/*` picks only models whose capabilities cover the request. */
export type Capability = 'tools' | 'vision' | 'json' | 'reasoning';
export const CAPABILITIES: readonly Capability[] = ['tools', 'vision', 'json', 'reasoning'];

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
  capabilities: Capability[];
  /** Rank 0–100 used by auto/quality, auto/balanced, auto/code. */
  quality: number;
}

/** Upstream timeouts (config `upstream.*`), ms. */
export interface UpstreamTimeouts {
  /** Total wait for an answer (a response's headers and body; a stream's headers): then 504. */
  totalMs: number;
  /** Establishing the connection (TCP + TLS). */
  connectMs: number;
  /** From sending the request until a stream's first output: then the next route (504 when none). */
  firstTokenMs: number;
  /** The longest gap between two chunks of a stream (a stream has no total bound). */
  idleMs: number;
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
  /**
   * A hold's lease, ms (`billing.hold_lease_seconds`): its process renews it every third of
   * this while the call runs; a hold not renewed for this long is released by any process's
   * reaper (which runs at the same interval).
   */
  holdLeaseMs: number;
  /**
   * Raw generation rows older than this many days are purged (`retention.generation_days`; null:
   * kept for ever). Ledger entries and the daily usage rollups are never purged.
   */
  generationRetentionDays: number | null;
  limits: LimitsConfig;
  upstreamTimeoutMs: number;
  timeouts: UpstreamTimeouts;
  /** Model calls in flight per process beyond which new ones get a quick 503 (`server.max_inflight`). */
  maxInflight: number;
  /** Circuit breaker of each route target (`routing.breaker`). */
  breaker: { failures: number; cooldownMs: number };
  /** `GET /metrics`: served when enabled; when a token is set, only to `Authorization: Bearer <token>` (`metrics.*`, CHUIZI_METRICS_TOKEN). */
  metrics: { enabled: boolean; token?: string };
  providers: Map<string, ProviderConfig>;
  models: ModelEntry[];
  /** id or alias (lower-cased) → model. */
  modelIndex: Map<string, ModelEntry>;
  /** Where the config came from, for the start banner. */
  source: string;
}
