import type { ProviderProtocol } from './gateway-config.js';

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
}

export const BUILTIN_PROVIDERS: Array<{ env: string; id: string; protocol: ProviderProtocol; baseUrl: string; models: BuiltinModel[] }> = [
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
    ],
  },
];

function m(id: string, upstream: string, catalogProvider: string, maxOutputTokens: number): BuiltinModel {
  return { id, aliases: [upstream], upstream, catalog: { provider: catalogProvider, model: upstream }, maxOutputTokens };
}

/** The built-in echo model, served in-process when no upstream is configured. */
export const MOCK_MODEL = {
  id: 'mock/echo',
  aliases: ['echo'],
  maxOutputTokens: 4096,
  /** $1/M in, $2/M out (operator.md §2). */
  price: { input: 1, output: 2 },
};
