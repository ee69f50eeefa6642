import type { ProviderProtocol } from '../config/gateway-config.js';
import type { EmbeddingAdapter } from './embedding-adapter.js';
import { openaiEmbeddingsProvider } from './openai-embeddings-provider.js';
import { geminiEmbeddingsProvider } from './gemini-embeddings-provider.js';

/** The embedding APIs by upstream protocol; `mock` runs in-process (mock-embeddings.ts). Anthropic has none. */
export const EMBEDDING_ADAPTERS: Partial<Record<ProviderProtocol, EmbeddingAdapter>> = {
  openai: openaiEmbeddingsProvider,
  // The same OpenAI base URL: `{base_url}/embeddings`.
  'openai-responses': openaiEmbeddingsProvider,
  gemini: geminiEmbeddingsProvider,
};
