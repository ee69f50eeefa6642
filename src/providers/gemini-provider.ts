import { gemini } from '../protocols/gemini/index.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { buildJsonHeaders } from './build-json-headers.js';

/** The API version the gateway calls (the one `systemInstruction`, thinking and JSON-schema output need). */
const API_VERSION = 'v1beta';

/**
 * Google's Gemini API (AI Studio): `{base_url}/v1beta/models/{model}:generateContent`, or
 * `:streamGenerateContent?alt=sse` for a stream (SSE, never the JSON array), with the key in
 * `x-goog-api-key`. A model name with a slash (`tunedModels/…`) is used as the path as is.
 */
export const geminiProvider: ProviderAdapter = {
  protocol: gemini,
  buildRequest(req, { target, provider }) {
    const { body, warnings } = gemini.renderRequest(req, { model: target.model });
    const headers = buildJsonHeaders(provider, req.stream, 'x-goog-api-key');
    const resource = target.model.includes('/') ? target.model : `models/${target.model}`;
    const method = req.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return { url: `${provider.baseUrl}/${API_VERSION}/${resource}:${method}`, headers, body: JSON.stringify(body), warnings };
  },
};
