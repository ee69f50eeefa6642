import { openaiResponses } from '../protocols/openai-responses/index.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { buildJsonHeaders } from './build-json-headers.js';

/**
 * The OpenAI Responses API (`protocol: openai-responses`): `{base_url}/responses` with a Bearer
 * key, `store: false` (the whole conversation is sent each time). A Responses client's own tools
 * (custom, namespaced, hosted), reasoning items with `encrypted_content` and fields reach it
 * verbatim; other clients' requests are translated.
 */
export const openaiResponsesProvider: ProviderAdapter = {
  protocol: openaiResponses,
  buildRequest(req, { target, provider }) {
    const { body, warnings } = openaiResponses.renderRequest(req, { model: target.model });
    const headers = buildJsonHeaders(provider, req.stream, 'authorization', 'Bearer ');
    return { url: `${provider.baseUrl}/responses`, headers, body: JSON.stringify(body), warnings };
  },
};
