import { z } from 'zod';

const decimal = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number')]);
const id = z.string().min(1).max(200);

export const providerSchema = z.strictObject({
  id,
  protocol: z.enum(['openai', 'openai-responses', 'anthropic', 'gemini', 'mock']),
  base_url: z.string().url().optional(),
  api_key: z.string().optional(),
  /** Extra headers sent upstream with every call. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Which field carries the output limit on OpenAI-compatible upstreams. */
  max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  /** Connections kept open to this upstream. */
  connections: z.number().int().min(1).max(4096).optional(),
  /** Whether an upstream 400's (scrubbed) message may reach the client; default: only for a vendor's official base URL. */
  expose_upstream_errors: z.boolean().optional(),
});

export const modelSchema = z.strictObject({
  id: z.string().min(1).max(200).regex(/^[a-z0-9][a-z0-9._:/-]*$/, 'must be a lower-case id such as provider/model'),
  aliases: z.array(z.string().min(1)).optional(),
  type: z.enum(['chat', 'embedding']).optional(),
  context_window: z.number().int().positive().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  price: z
    .strictObject({
      input: decimal,
      /** Required for chat models; an embedding model is priced by input only. */
      output: decimal.optional(),
      cache_read: decimal.optional(),
      cache_write: decimal.optional(),
      reasoning: decimal.optional(),
    })
    .optional(),
  markup: decimal.optional(),
  owned_by: z.string().optional(),
  capabilities: z.array(z.enum(['tools', 'vision', 'json', 'reasoning'])).optional(),
  quality: z.number().int().min(0).max(100).optional(),
  routes: z.array(z.strictObject({ provider: id, model: z.string().min(1) })).min(1),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().optional(),
      port: z.number().int().min(0).max(65535).optional(),
      trusted_proxies: z.array(z.string()).optional(),
      max_body_bytes: z.number().int().positive().optional(),
      cors_origins: z.array(z.string()).optional(),
      /** HTTP limits (see README, "HTTP limits"). Seconds may be fractional. */
      headers_timeout_seconds: z.number().positive().max(3600).optional(),
      request_timeout_seconds: z.number().positive().max(86_400).optional(),
      keep_alive_timeout_seconds: z.number().positive().max(3600).optional(),
      max_header_bytes: z.number().int().min(1024).max(1024 * 1024).optional(),
      max_connections: z.number().int().positive().optional(),
      /** Model calls in flight per process; beyond it new calls get a quick 503. */
      max_inflight: z.number().int().positive().optional(),
    })
    .optional(),
  billing: z
    .strictObject({
      markup: decimal.optional(),
      /** How long a hold stays protected without its process renewing it (README "Server mode"). */
      hold_lease_seconds: z.number().min(0.5).max(3600).optional(),
      /** Obsolete since holds have leases (issue 11): accepted so older files still load, and ignored. */
      hold_margin_seconds: z.number().int().positive().optional(),
    })
    .optional(),
  /** How long raw generation rows are kept (README "Usage records"); unset: for ever. */
  retention: z.strictObject({ generation_days: z.number().int().min(1).max(36_500).optional() }).optional(),
  limits: z
    .strictObject({
      key_rpm: z.number().int().positive().optional(),
      account_rpm_multiplier: z.number().positive().optional(),
      model_rpm: z.number().int().positive().optional(),
    })
    .optional(),
  upstream: z
    .strictObject({
      timeout_seconds: z.number().positive().optional(),
      connect_timeout_seconds: z.number().positive().optional(),
      first_token_timeout_seconds: z.number().positive().optional(),
      idle_timeout_seconds: z.number().positive().optional(),
    })
    .optional(),
  routing: z
    .strictObject({
      breaker: z.strictObject({ failures: z.number().int().min(1).max(1000).optional(), cooldown_seconds: z.number().positive().max(86_400).optional() }).optional(),
    })
    .optional(),
  /** A newer copy of the @pydantic/genai-prices data file to price built-in and unpriced models from (CHUIZI_CATALOG wins). */
  catalog: z.strictObject({ file: z.string().min(1) }).optional(),
  /** `GET /metrics` (Prometheus): on by default; with a token, scrapes must send it as a bearer token. */
  metrics: z.strictObject({ enabled: z.boolean().optional(), token: z.string().min(16).optional() }).optional(),
  providers: z.array(providerSchema).optional(),
  models: z.array(modelSchema).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawProvider = z.infer<typeof providerSchema>;
export type RawModel = z.infer<typeof modelSchema>;
