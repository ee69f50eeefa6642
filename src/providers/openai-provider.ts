import { openaiChat } from '../protocols/openai-chat/index.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { buildJsonHeaders } from './build-json-headers.js';

/** Any OpenAI-compatible API: `{base_url}/chat/completions` with a Bearer key. */
export const openaiProvider: ProviderAdapter = {
  protocol: openaiChat,
  buildRequest(req, { target, provider }) {
    const { body, warnings } = openaiChat.renderRequest(req, { model: target.model, maxTokensField: provider.maxTokensField });
    const headers = buildJsonHeaders(provider, req.stream, 'authorization', 'Bearer ');
    return { url: `${provider.baseUrl}/chat/completions`, headers, body: JSON.stringify(body), warnings };
  },
};
