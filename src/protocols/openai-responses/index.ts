import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';
import { createParseStream, createParseTransformer } from './parse-stream.js';
import { createRenderStream, createRenderTransformer } from './render-stream.js';
import { parseError } from './parse-error.js';
import { renderError } from './render-error.js';
import type { Protocol } from '../shared/protocol.js';

export { parseRequest, renderRequest, parseResponse, renderResponse, createParseStream, createRenderStream, createParseTransformer, createRenderTransformer, parseError, renderError };
export type { RenderRequestTarget } from './render-request.js';
export type { RenderResponseMeta } from './render-response.js';
export type { RenderStreamMeta } from './render-stream.js';
export { StreamOutput } from './collect-stream-output.js';
export { mapToolNames } from './map-tool-names.js';

/** OpenAI Responses API, both directions. */
export const openaiResponses = {
  id: 'openai-responses',
  parseRequest,
  renderRequest,
  parseResponse,
  renderResponse,
  createParseStream,
  createRenderStream,
  createParseTransformer,
  createRenderTransformer,
  parseError,
  renderError,
} as const satisfies Protocol;
