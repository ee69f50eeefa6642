import { openaiChat } from '../protocols/openai-chat/index.js';
import { openaiEmbeddings } from '../protocols/openai-embeddings/index.js';
import type { EmbeddingAdapter } from './embedding-adapter.js';
import { buildJsonHeaders } from './build-json-headers.js';

/** Any OpenAI-compatible embeddings API: `{base_url}/embeddings` with a Bearer key, one call. */
export const openaiEmbeddingsProvider: EmbeddingAdapter = {
  buildRequests(req, { target, provider }) {
    const headers = buildJsonHeaders(provider, false, 'authorization', 'Bearer ');
    const body = openaiEmbeddings.renderRequest(req, { model: target.model });
    const warnings = req.extensions?.protocol === 'gemini' ? ['dropped unsupported taskType/title of the embed requests (OpenAI-compatible upstream)'] : [];
    return { posts: [{ url: `${provider.baseUrl}/embeddings`, headers, body: JSON.stringify(body) }], warnings };
  },
  parseResponses: (bodies) => openaiEmbeddings.parseResponse(bodies[0]),
  parseError: openaiChat.parseError,
};
