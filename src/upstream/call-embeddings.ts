import type { EmbeddingRequest } from '../core/embedding-request.js';
import { embeddingInputCount } from '../core/embedding-request.js';
import type { EmbeddingResponse } from '../core/embedding-response.js';
import { GatewayError } from '../core/gateway-error.js';
import type { AttemptTarget } from '../providers/provider-adapter.js';
import { EMBEDDING_ADAPTERS } from '../providers/embedding-adapters.js';
import { mockEmbed } from '../providers/mock-embeddings.js';
import { postUpstream, readJson } from './post-upstream.js';
import type { UpstreamPool } from './upstream-pool.js';

export interface EmbeddingCall extends AttemptTarget {
  request: EmbeddingRequest;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

export interface EmbeddingResult {
  type: 'response';
  response: EmbeddingResponse;
  warnings: string[];
}

/**
 * One embedding attempt against one route target: the provider's calls (one, or Gemini's
 * batches in order) over its keep-alive pool, read back into one response with exactly one
 * vector per input — anything else is a 502 that fails over. Failures are GatewayErrors.
 */
export async function callEmbeddings(pool: UpstreamPool, call: EmbeddingCall): Promise<EmbeddingResult> {
  const { provider, request: req } = call;
  if (provider.protocol === 'mock') return { type: 'response', response: await mockEmbed(req), warnings: [] };
  const adapter = EMBEDDING_ADAPTERS[provider.protocol];
  if (!adapter) throw new GatewayError('provider_unavailable', 'The upstream provider is unavailable', { detail: `protocol ${provider.protocol} has no embeddings API` });
  const { posts, warnings } = adapter.buildRequests(req, call);
  const bodies: unknown[] = [];
  for (const post of posts) bodies.push(await readJson(await postUpstream(pool, provider, post, call.signal, adapter.parseError, false), pool.timeoutMs));
  const response = adapter.parseResponses(bodies);
  const expected = embeddingInputCount(req.input);
  if (response.embeddings.length !== expected) {
    throw new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail: `${response.embeddings.length} embeddings for ${expected} inputs` });
  }
  return { type: 'response', response, warnings };
}
