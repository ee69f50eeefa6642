import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';

export { parseRequest, renderRequest, parseResponse, renderResponse };
export type { RenderEmbeddingsMeta } from './render-response.js';

/**
 * OpenAI embeddings (`POST /v1/embeddings`), both directions. No stream; errors use the OpenAI
 * envelope of openai-chat (the same `/v1` front door).
 */
export const openaiEmbeddings = { parseRequest, renderRequest, parseResponse, renderResponse };
