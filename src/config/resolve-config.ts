import { parseMarkup, type Markup, type ModelPrice } from '../billing/model-price.js';
import type { RawConfig, RawModel } from './config-schema.js';
import type { GatewayConfig, HttpLimits, ModelEntry, ProviderConfig } from './gateway-config.js';
import { BUILTIN_PROVIDERS, MOCK_EMBED_MODEL, MOCK_MODEL, builtinTraits, type BuiltinProvider } from './builtin-models.js';
import { builtinModelEntries, priceFromMillions } from './catalog-models.js';
import { DEFAULT_BREAKER } from '../routing/breaker.js';
import { AUTO_PREFIX } from '../routing/choose-auto-model.js';
import { catalogPrice } from './catalog-price.js';
import { useCatalogFile } from './use-catalog-file.js';
import { ConfigError } from './config-error.js';

const DEFAULT_MAX_OUTPUT = 8192;
/** Capabilities of a model the config and the built-in table say nothing about (operator.md §3). */
const DEFAULT_CAPABILITIES = ['tools', 'json'] as const;
const DEFAULT_QUALITY = 50;
/** Upstream protocols with an embeddings API (providers/embedding-adapters.ts); Anthropic has none. */
const EMBEDDING_PROTOCOLS = new Set<string>(['openai', 'openai-responses', 'gemini', 'mock']);
/** Keep-alive connections per provider: each open stream holds one for its whole life. */
const DEFAULT_CONNECTIONS = 4096;

/** A base_url that already names the endpoint: the gateway appends it, so it would be doubled. */
const ENDPOINT_SUFFIXES: Record<string, string[]> = { openai: ['/chat/completions', '/completions', '/embeddings'], anthropic: ['/v1/messages', '/messages'], gemini: ['/v1beta/models', '/v1/models', '/v1beta', '/v1'] };

/**
 * Turns a validated config file (possibly empty) and the environment into a GatewayConfig.
 * `locate` names a field's file and line in messages.
 *
 * Which models exist (README, "Which models are served"): with no `providers:` in the file, each
 * vendor key in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY) enables that vendor with its
 * built-in catalog-priced models; a provider listed in the file gets the built-in models only when
 * its base_url is the vendor's official URL (a proxy or compatible API may serve other models:
 * list them under `models:`). `mock/echo` is served when nothing else is configured, when the file
 * lists a provider with `protocol: mock`, or when CHUIZI_DEMO=1 is set explicitly.
 */
/** A hold's lease when the config names none: a dead process's holds are released within 40 s (lease + one renewal interval). */
export const DEFAULT_HOLD_LEASE_SECONDS = 30;

export function resolveConfig(raw: RawConfig, env: NodeJS.ProcessEnv, source: string, locate: (path: Array<string | number>) => string = () => ''): GatewayConfig {
  const catalogFile = env.CHUIZI_CATALOG || raw.catalog?.file;
  if (catalogFile) useCatalogFile(catalogFile);
  const markup = parseMarkup(raw.billing?.markup ?? '1.05');
  if (!markup) throw new ConfigError('billing.markup must be a positive decimal');
  const providers = new Map<string, ProviderConfig>();
  const models: ModelEntry[] = [];

  for (const [i, p] of (raw.providers ?? []).entries()) {
    if (providers.has(p.id)) throw new ConfigError(`providers[${i}].id: duplicate provider id '${p.id}'${locate(['providers', i, 'id'])}`);
    const builtin = BUILTIN_PROVIDERS.find((b) => b.protocol === p.protocol);
    const baseUrl = (p.base_url ?? builtin?.baseUrl ?? '').replace(/\/+$/, '');
    if (p.protocol !== 'mock' && !baseUrl) throw new ConfigError(`providers[${i}].base_url is required${locate(['providers', i])}`);
    const endpoint = (ENDPOINT_SUFFIXES[p.protocol] ?? []).find((suffix) => baseUrl.toLowerCase().endsWith(suffix));
    if (endpoint) {
      throw new ConfigError(
        `providers[${i}].base_url ends with ${endpoint}, which the gateway appends itself: use '${baseUrl.slice(0, -endpoint.length)}'${locate(['providers', i, 'base_url'])}`,
      );
    }
    providers.set(p.id, {
      id: p.id,
      protocol: p.protocol,
      baseUrl,
      apiKey: p.api_key,
      headers: p.headers ?? {},
      maxTokensField: p.max_tokens_field ?? (baseUrl.startsWith('https://api.openai.com') ? 'max_completion_tokens' : undefined),
      connections: p.connections ?? DEFAULT_CONNECTIONS,
      exposeUpstreamErrors: p.expose_upstream_errors ?? BUILTIN_PROVIDERS.some((b) => b.baseUrl === baseUrl),
    });
    // Built-in models for providers pointed at the official API.
    if (builtin && baseUrl === builtin.baseUrl) addBuiltinModels(models, builtin, p.id, markup);
  }

  if (!raw.providers) {
    for (const b of BUILTIN_PROVIDERS) {
      const key = env[b.env];
      if (!key) continue;
      providers.set(b.id, { id: b.id, protocol: b.protocol, baseUrl: b.baseUrl, apiKey: key, headers: {}, connections: DEFAULT_CONNECTIONS, exposeUpstreamErrors: true,
        maxTokensField: b.protocol === 'openai' ? 'max_completion_tokens' : undefined });
      addBuiltinModels(models, b, b.id, markup);
    }
  }

  const keepDemo = env.CHUIZI_DEMO?.trim() === '1';
  if (providers.size === 0 || (keepDemo && ![...providers.values()].some((p) => p.protocol === 'mock'))) {
    if (providers.has('mock')) throw new ConfigError("CHUIZI_DEMO=1 adds the provider 'mock', but the config file uses that id for another provider: rename it");
    providers.set('mock', { id: 'mock', protocol: 'mock', baseUrl: '', headers: {}, connections: 1, exposeUpstreamErrors: true });
  }
  const mock = [...providers.values()].find((p) => p.protocol === 'mock');
  if (mock) {
    models.push({
      id: MOCK_MODEL.id, aliases: MOCK_MODEL.aliases, type: 'chat', maxOutputTokens: MOCK_MODEL.maxOutputTokens,
      price: priceFromMillions(MOCK_MODEL.price.input, MOCK_MODEL.price.output), markup, ownedBy: 'chuizi',
      routes: [{ providerId: mock.id, model: 'echo' }], capabilities: [...DEFAULT_CAPABILITIES], quality: 10,
    });
    models.push({
      id: MOCK_EMBED_MODEL.id, aliases: MOCK_EMBED_MODEL.aliases, type: 'embedding', maxOutputTokens: 0,
      price: priceFromMillions(MOCK_EMBED_MODEL.price.input, 0), markup, ownedBy: 'chuizi',
      routes: [{ providerId: mock.id, model: 'embed' }], capabilities: [], quality: 0,
    });
  }

  const fromFile = new Map<ModelEntry, number>();
  for (const [i, m] of (raw.models ?? []).entries()) {
    const entry = resolveModel(m, i, providers, markup, locate);
    const earlier = [...fromFile].find(([x]) => x.id === entry.id);
    if (earlier) throw new ConfigError(`models[${i}].id: '${entry.id}' is already defined by models[${earlier[1]}]${locate(['models', i, 'id'])}`);
    fromFile.set(entry, i);
    const at = models.findIndex((x) => x.id === entry.id);
    if (at >= 0) models[at] = entry; // the file overrides the built-in entry with the same id
    else models.push(entry);
  }

  // Every id and alias names one model; a file's model may not take a name another model has.
  const modelIndex = new Map<string, ModelEntry>();
  for (const m of models) {
    for (const [j, name] of [m.id, ...m.aliases].entries()) {
      const k = name.toLowerCase();
      const other = modelIndex.get(k);
      if (other && other !== m && (fromFile.has(m) || fromFile.has(other))) {
        const i = fromFile.get(m) ?? fromFile.get(other) as number;
        const field = j === 0 ? 'id' : `aliases[${j - 1}]`;
        throw new ConfigError(`models[${i}].${fromFile.has(m) ? field : 'id'}: the name '${name}' is already used by '${fromFile.has(m) ? other.id : m.id}'; each model id and alias must be unique${locate(['models', i])}`);
      }
      if (!other || k === m.id) modelIndex.set(k, m);
    }
  }

  const limits = raw.limits ?? {};
  const upstream = raw.upstream ?? {};
  const totalMs = Math.round((upstream.timeout_seconds ?? 120) * 1000);
  const breaker = raw.routing?.breaker ?? {};
  return {
    host: env.HOST ?? raw.server?.host ?? '127.0.0.1',
    port: env.PORT !== undefined ? parsePort(env.PORT) : (raw.server?.port ?? 8080),
    trustedProxies: raw.server?.trusted_proxies ?? [],
    maxBodyBytes: raw.server?.max_body_bytes ?? 32 * 1024 * 1024,
    http: resolveHttpLimits(raw.server ?? {}),
    corsOrigins: raw.server?.cors_origins ?? [],
    markup,
    generationRetentionDays: raw.retention?.generation_days ?? null,
    holdLeaseMs: Math.round((raw.billing?.hold_lease_seconds ?? DEFAULT_HOLD_LEASE_SECONDS) * 1000),
    limits: { keyRpm: limits.key_rpm ?? 60, accountRpmMultiplier: limits.account_rpm_multiplier ?? 2, modelRpm: limits.model_rpm ?? 30 },
    upstreamTimeoutMs: totalMs,
    timeouts: {
      totalMs,
      connectMs: Math.min(totalMs, Math.round((upstream.connect_timeout_seconds ?? 10) * 1000)),
      firstTokenMs: Math.min(totalMs, Math.round((upstream.first_token_timeout_seconds ?? 60) * 1000)),
      idleMs: Math.round((upstream.idle_timeout_seconds ?? upstream.timeout_seconds ?? 120) * 1000),
    },
    maxInflight: raw.server?.max_inflight ?? 2048,
    breaker: { failures: breaker.failures ?? DEFAULT_BREAKER.failures, cooldownMs: Math.round((breaker.cooldown_seconds ?? DEFAULT_BREAKER.cooldownMs / 1000) * 1000) },
    metrics: { enabled: raw.metrics?.enabled ?? true, token: env.CHUIZI_METRICS_TOKEN || raw.metrics?.token },
    providers,
    models,
    modelIndex,
    source,
  };
}

function resolveHttpLimits(server: NonNullable<RawConfig['server']>): HttpLimits {
  const ms = (seconds: number | undefined, fallback: number) => Math.max(1, Math.round((seconds ?? fallback) * 1000));
  const limits: HttpLimits = {
    headersTimeoutMs: ms(server.headers_timeout_seconds, 20),
    requestTimeoutMs: ms(server.request_timeout_seconds, 120),
    keepAliveTimeoutMs: ms(server.keep_alive_timeout_seconds, 65),
    maxHeaderBytes: server.max_header_bytes ?? 16 * 1024,
    maxConnections: server.max_connections ?? 4096,
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('server.headers_timeout_seconds must not exceed server.request_timeout_seconds (the headers are part of the request)');
  }
  return limits;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`PORT must be an integer 0–65535, got '${v}'`);
  return n;
}

function addBuiltinModels(models: ModelEntry[], b: BuiltinProvider, providerId: string, markup: Markup): void {
  for (const m of builtinModelEntries(b, providerId, markup)) if (!models.some((x) => x.id === m.id)) models.push(m);
}

function resolveModel(m: RawModel, i: number, providers: Map<string, ProviderConfig>, globalMarkup: Markup, locate: (path: Array<string | number>) => string): ModelEntry {
  if (m.id.startsWith(AUTO_PREFIX) || (m.aliases ?? []).some((a) => a.toLowerCase().startsWith(AUTO_PREFIX))) {
    throw new ConfigError(`models[${i}].id: names starting with '${AUTO_PREFIX}' are reserved for the smart models${locate(['models', i, 'id'])}`);
  }
  for (const [j, r] of m.routes.entries()) {
    if (!providers.has(r.provider)) {
      throw new ConfigError(`models[${i}].routes[${j}].provider: unknown provider '${r.provider}' (known: ${[...providers.keys()].join(', ') || 'none'})${locate(['models', i, 'routes', j, 'provider'])}`);
    }
  }
  const type = m.type ?? 'chat';
  if (type === 'embedding') {
    for (const [j, r] of m.routes.entries()) {
      const protocol = providers.get(r.provider)?.protocol ?? '';
      if (!EMBEDDING_PROTOCOLS.has(protocol)) throw new ConfigError(`models[${i}].routes[${j}].provider: '${r.provider}' speaks ${protocol}, which has no embeddings API (openai, openai-responses and gemini do)${locate(['models', i, 'routes', j, 'provider'])}`);
    }
  }
  let modelPrice: ModelPrice;
  const cp = catalogPrice(m.id.split('/')[0] ?? '', m.routes[0].model);
  if (m.price) {
    if (m.price.output === undefined && type === 'chat') throw new ConfigError(`models[${i}].price.output is required for a chat model${locate(['models', i, 'price'])}`);
    const parts = [m.price.input, m.price.output, m.price.cache_read, m.price.cache_write, m.price.reasoning].map((v) =>
      v === undefined ? undefined : Number(v),
    ) as [number, number, number | undefined, number | undefined, number | undefined];
    modelPrice = priceFromMillions(...parts);
  } else {
    const output = type === 'embedding' ? 0 : cp?.output;
    if (!cp || output === undefined) throw new ConfigError(`models[${i}].price is required: '${m.id}' is not in the price catalog${locate(['models', i])}`);
    modelPrice = priceFromMillions(cp.input, output, cp.cacheRead, cp.cacheWrite);
  }
  const markup = m.markup !== undefined ? parseMarkup(m.markup) : globalMarkup;
  if (!markup) throw new ConfigError(`models[${i}].markup must be a positive decimal${locate(['models', i, 'markup'])}`);
  const traits = builtinTraits(m.routes[0].model);
  return {
    id: m.id, aliases: m.aliases ?? [], type, contextWindow: m.context_window ?? cp?.contextWindow,
    maxOutputTokens: type === 'embedding' ? 0 : (m.max_output_tokens ?? DEFAULT_MAX_OUTPUT), price: modelPrice, markup,
    ownedBy: m.owned_by ?? m.id.split('/')[0] ?? 'chuizi',
    routes: m.routes.map((r) => ({ providerId: r.provider, model: r.model })),
    capabilities: m.capabilities ?? traits?.capabilities ?? [...DEFAULT_CAPABILITIES],
    quality: m.quality ?? traits?.quality ?? DEFAULT_QUALITY,
  };
}
