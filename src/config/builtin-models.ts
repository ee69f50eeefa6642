import type { Capability, ProviderProtocol } from './gateway-config.js';

/**
 * Models enabled when a provider is configured only by its environment key (no config
 * file). Data, not code: prices come from the maintained @pydantic/genai-prices catalog
 * (see catalog-price.ts); the table names the catalog entry and the output limit.
 */
export interface BuiltinModel {
  /** Public id: `provider/model`. */
  id: string;
  aliases: string[];
  /** The upstream's model name. */
  upstream: string;
  /** Catalog provider + model id in @pydantic/genai-prices. */
  catalog: { provider: string; model: string };
  maxOutputTokens: number;
  capabilities: Capability[];
  /** Quality rank 0–100 (the catalog has none): QUALITY below. */
  quality: number;
  /** `embedding` models are served on /v1/embeddings only (priced by input; no output). */
  type: 'chat' | 'embedding';
}

/**
 * Quality ranks (0–100) of the built-in models for `auto/quality`, `auto/balanced`, `auto/code`:
 * a coarse, hand-kept ordering from public leaderboards (LMArena text, SWE-bench) as of 2025-11,
 * rounded; the catalog has no such field. A config file's `quality:` overrides it. Capabilities:
 * t = tools, v = vision (image input), j = JSON output, r = reasoning effort.
 */
export const QUALITY: Record<string, { quality: number; capabilities: string }> = {
  'gpt-4.1': { quality: 80, capabilities: 'tvj' },
  'gpt-4.1-mini': { quality: 68, capabilities: 'tvj' },
  'gpt-4.1-nano': { quality: 55, capabilities: 'tvj' },
  'gpt-4o': { quality: 75, capabilities: 'tvj' },
  'gpt-4o-mini': { quality: 60, capabilities: 'tvj' },
  'gpt-5': { quality: 92, capabilities: 'tvjr' },
  'gpt-5-mini': { quality: 82, capabilities: 'tvjr' },
  'o3': { quality: 90, capabilities: 'tvjr' },
  'o4-mini': { quality: 80, capabilities: 'tvjr' },
  'claude-sonnet-4-6': { quality: 91, capabilities: 'tvjr' },
  'claude-sonnet-4-5': { quality: 89, capabilities: 'tvjr' },
  'claude-opus-4-5': { quality: 94, capabilities: 'tvjr' },
  'claude-haiku-4-5': { quality: 74, capabilities: 'tvjr' },
  'gemini-2.5-pro': { quality: 88, capabilities: 'tvjr' },
  'gemini-2.5-flash': { quality: 76, capabilities: 'tvjr' },
  'gemini-2.5-flash-lite': { quality: 62, capabilities: 'tvj' },
};

const LETTERS: Record<string, Capability> = { t: 'tools', v: 'vision', j: 'json', r: 'reasoning' };

/** Capabilities and quality of a built-in model's upstream name, if it is one. */
export function builtinTraits(upstream: string): { quality: number; capabilities: Capability[] } | undefined {
  const row = QUALITY[upstream];
  return row && { quality: row.quality, capabilities: [...row.capabilities].map((c) => LETTERS[c]) };
}

export interface BuiltinProvider {
  /** The environment variable whose presence enables this vendor (no config file). */
  env: string;
  id: string;
  protocol: ProviderProtocol;
  baseUrl: string;
  models: BuiltinModel[];
}

export const BUILTIN_PROVIDERS: BuiltinProvider[] = [
  {
    env: 'OPENAI_API_KEY',
    id: 'openai',
    protocol: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    models: [
      m('openai/gpt-4.1', 'gpt-4.1', 'openai', 32768),
      m('openai/gpt-4.1-mini', 'gpt-4.1-mini', 'openai', 32768),
      m('openai/gpt-4.1-nano', 'gpt-4.1-nano', 'openai', 32768),
      m('openai/gpt-4o', 'gpt-4o', 'openai', 16384),
      m('openai/gpt-4o-mini', 'gpt-4o-mini', 'openai', 16384),
      m('openai/gpt-5', 'gpt-5', 'openai', 128000),
      m('openai/gpt-5-mini', 'gpt-5-mini', 'openai', 128000),
      m('openai/o3', 'o3', 'openai', 100000),
      m('openai/o4-mini', 'o4-mini', 'openai', 100000),
      embed('openai/text-embedding-3-small', 'text-embedding-3-small', 'openai'),
      embed('openai/text-embedding-3-large', 'text-embedding-3-large', 'openai'),
      embed('openai/text-embedding-ada-002', 'text-embedding-ada-002', 'openai'),
    ],
  },
  {
    env: 'ANTHROPIC_API_KEY',
    id: 'anthropic',
    protocol: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    models: [
      m('anthropic/claude-sonnet-4-6', 'claude-sonnet-4-6', 'anthropic', 64000),
      m('anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5', 'anthropic', 64000),
      m('anthropic/claude-opus-4-5', 'claude-opus-4-5', 'anthropic', 32000),
      m('anthropic/claude-haiku-4-5', 'claude-haiku-4-5', 'anthropic', 64000),
    ],
  },
  {
    env: 'GEMINI_API_KEY',
    id: 'google',
    protocol: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    models: [
      m('google/gemini-2.5-pro', 'gemini-2.5-pro', 'google', 65536),
      m('google/gemini-2.5-flash', 'gemini-2.5-flash', 'google', 65536),
      m('google/gemini-2.5-flash-lite', 'gemini-2.5-flash-lite', 'google', 65536),
      // text-embedding-004 is not in the price catalog (and is retired by Google): a config file may price it.
      embed('google/gemini-embedding-001', 'gemini-embedding-001', 'google'),
    ],
  },
];

function m(id: string, upstream: string, catalogProvider: string, maxOutputTokens: number): BuiltinModel {
  const traits = builtinTraits(upstream) ?? { quality: 50, capabilities: ['tools', 'json'] };
  return { id, aliases: [upstream], upstream, catalog: { provider: catalogProvider, model: upstream }, maxOutputTokens, ...traits, type: 'chat' };
}

function embed(id: string, upstream: string, catalogProvider: string): BuiltinModel {
  return { id, aliases: [upstream], upstream, catalog: { provider: catalogProvider, model: upstream }, maxOutputTokens: 0, quality: 0, capabilities: [], type: 'embedding' };
}

/** The built-in echo model, served in-process when no upstream is configured. */
export const MOCK_MODEL = {
  id: 'mock/echo',
  aliases: ['echo'],
  maxOutputTokens: 4096,
  /** $1/M in, $2/M out (operator.md §2). */
  price: { input: 1, output: 2 },
};

/** The built-in embedding model of the demo, served in-process with `mock/echo` (providers/mock-embeddings.ts). */
export const MOCK_EMBED_MODEL = {
  id: 'mock/embed',
  aliases: ['embed'],
  /** $0.02/M in, as text-embedding-3-small. */
  price: { input: 0.02 },
};
