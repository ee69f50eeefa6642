import { json } from '../../src/testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../../src/testing/openai-upstream-handler.js';
import { anthropicUpstreamHandler } from '../../src/testing/anthropic-upstream-handler.js';
import { geminiUpstreamHandler } from '../../src/testing/gemini-upstream-handler.js';
import { responsesUpstreamHandler } from '../../src/testing/responses-upstream-handler.js';
import { MATRIX_USAGE, type UpstreamDriver } from './matrix-types.js';

const { input, cacheRead, output } = MATRIX_USAGE;

/** The upstream protocols of the matrix, each a mock reporting MATRIX_USAGE in its own terms. */
export const UPSTREAM_DRIVERS: UpstreamDriver[] = [
  {
    id: 'openai',
    label: 'OpenAI Chat',
    protocol: 'openai',
    // OpenAI: prompt_tokens includes the cached ones.
    handler: (script) => openaiUpstreamHandler({ prompt_tokens: input, completion_tokens: output, cached_tokens: cacheRead, reasoning_tokens: 0 }, script),
    errorHandler: (_req, res) => json(res, 500, { error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } }),
    baseUrl: (url) => `${url}/v1`,
  },
  {
    id: 'openai-responses',
    label: 'OpenAI Responses',
    protocol: 'openai-responses',
    // Responses: input_tokens includes the cached ones.
    handler: (script) => responsesUpstreamHandler(script, { input_tokens: input, input_tokens_details: { cached_tokens: cacheRead }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + output }),
    errorHandler: (_req, res) => json(res, 500, { error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } }),
    baseUrl: (url) => `${url}/v1`,
  },
  {
    id: 'anthropic',
    label: 'Anthropic Messages',
    protocol: 'anthropic',
    // Anthropic: input_tokens excludes cache reads and writes.
    handler: (script) => anthropicUpstreamHandler({ input_tokens: input - cacheRead, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: 0 }, script),
    errorHandler: (_req, res) => json(res, 500, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }),
    baseUrl: (url) => url,
  },
  {
    id: 'gemini',
    label: 'Gemini',
    protocol: 'gemini',
    // Gemini: promptTokenCount includes the cached content; thoughts (none here) are output too.
    handler: (script) => geminiUpstreamHandler({ promptTokenCount: input, candidatesTokenCount: output, cachedContentTokenCount: cacheRead, thoughtsTokenCount: 0 }, script),
    errorHandler: (_req, res) => json(res, 500, { error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } }),
    baseUrl: (url) => url,
  },
];
