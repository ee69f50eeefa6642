import type { EmbeddingRequest } from '../core/embedding-request.js';
import type { EmbeddingResponse } from '../core/embedding-response.js';
import type { ParseUpstreamError, UpstreamPost } from '../upstream/post-upstream.js';
import type { AttemptTarget } from './provider-adapter.js';

/** The HTTP calls one embedding attempt makes, in order, and what could not be translated. */
export interface EmbeddingPosts {
  posts: UpstreamPost[];
  warnings: string[];
}

/**
 * Transport and quirks of one upstream protocol's embedding API: the calls for a canonical
 * request (Gemini splits large batches), and how to read the answers and errors back.
 */
export interface EmbeddingAdapter {
  buildRequests(req: EmbeddingRequest, at: AttemptTarget): EmbeddingPosts;
  /** The answers of the calls, in order → one response with one vector per input. */
  parseResponses(bodies: unknown[]): EmbeddingResponse;
  parseError: ParseUpstreamError;
}
