import type { ProviderProtocol } from '../config/gateway-config.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { openaiProvider } from './openai-provider.js';
import { anthropicProvider } from './anthropic-provider.js';
import { geminiProvider } from './gemini-provider.js';
import { openaiResponsesProvider } from './openai-responses-provider.js';

/** The HTTP adapters by upstream protocol; `mock` runs in-process (mock-upstream.ts). */
export const PROVIDER_ADAPTERS: Partial<Record<ProviderProtocol, ProviderAdapter>> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  gemini: geminiProvider,
  'openai-responses': openaiResponsesProvider,
};
