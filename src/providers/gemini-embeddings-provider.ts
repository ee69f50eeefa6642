import { decode } from 'gpt-tokenizer/encoding/cl100k_base';
import { GatewayError } from '../core/index.js';
import type { EmbeddingRequest } from '../core/embedding-request.js';
import { renderEmbedRequest } from '../protocols/gemini/render-embed-request.js';
import { parseEmbedResponse } from '../protocols/gemini/parse-embed-response.js';
import { gemini } from '../protocols/gemini/index.js';
import type { EmbeddingAdapter } from './embedding-adapter.js';
import { buildJsonHeaders } from './build-json-headers.js';

/**
 * The Gemini API's embeddings: `{base_url}/v1beta/models/{model}:embedContent` for one input,
 * `:batchEmbedContents` (≤ 100 a call) for more, the key in `x-goog-api-key`. Gemini takes no
 * token ids: token-array inputs are decoded as cl100k (the tokenizer OpenAI clients such as
 * LangChain use to make them), with a warning. The base64 encoding the client may ask for is
 * made at the edge from Gemini's floats.
 */
export const geminiEmbeddingsProvider: EmbeddingAdapter = {
  buildRequests(req, { target, provider }) {
    const warnings: string[] = [];
    const texts = textsOf(req, warnings);
    const headers = buildJsonHeaders(provider, false, 'x-goog-api-key');
    const model = encodeURIComponent(target.model);
    const posts = renderEmbedRequest(req, texts, target.model).map(({ method, body }) => ({ url: `${provider.baseUrl}/v1beta/models/${model}:${method}`, headers, body: JSON.stringify(body) }));
    if (req.user !== undefined) warnings.push("dropped 'user': Gemini embeddings have no such field");
    if (req.extensions?.protocol === 'openai') warnings.push(`dropped unsupported field(s) ${Object.keys(req.extensions.fields).slice(0, 5).join(', ')} for a Gemini upstream`);
    return { posts, warnings };
  },
  parseResponses: parseEmbedResponse,
  parseError: gemini.parseError,
};

function textsOf(req: EmbeddingRequest, warnings: string[]): readonly string[] {
  if (req.input.type === 'text') return req.input.texts;
  warnings.push('token-array input decoded as cl100k_base text for a Gemini upstream');
  return req.input.tokens.map((ids, i) => {
    try {
      return decode(ids as number[]);
    } catch {
      throw new GatewayError('validation_error', `'input[${i}]' holds a token id that is not a cl100k_base token`, { param: `input[${i}]` });
    }
  });
}
