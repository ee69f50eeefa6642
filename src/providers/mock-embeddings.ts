import { createHash } from 'node:crypto';
import { GatewayError } from '../core/gateway-error.js';
import type { EmbeddingRequest } from '../core/embedding-request.js';
import type { EmbeddingResponse } from '../core/embedding-response.js';
import { countEmbeddingTokens } from '../billing/count-embedding-tokens.js';

/** Dimensions of `mock/embed` vectors unless the request asks for fewer or more. */
export const MOCK_EMBED_DIMENSIONS = 256;
export const MOCK_EMBED_MAX_DIMENSIONS = 3072;

/**
 * The built-in `mock` provider's embeddings, served in-process: a deterministic unit vector per
 * input (seeded by a hash of its text or token ids, so equal inputs embed equally), with cl100k
 * token usage like a real upstream. It lets a new user try `/v1/embeddings` with no provider account.
 */
export async function mockEmbed(req: EmbeddingRequest): Promise<EmbeddingResponse> {
  const dims = req.dimensions ?? MOCK_EMBED_DIMENSIONS;
  if (dims > MOCK_EMBED_MAX_DIMENSIONS) throw new GatewayError('validation_error', `'dimensions' must be at most ${MOCK_EMBED_MAX_DIMENSIONS} for mock/embed`, { param: 'dimensions' });
  const seeds = req.input.type === 'text' ? req.input.texts : req.input.tokens.map((t) => t.join(','));
  const inputTokens = await countEmbeddingTokens(req.input);
  return {
    upstreamModel: 'embed',
    embeddings: seeds.map((s) => ({ type: 'float', values: unitVector(s, dims) })),
    usage: { inputTokens, outputTokens: 0, raw: { prompt_tokens: inputTokens, total_tokens: inputTokens } },
  };
}

function unitVector(seed: string, dims: number): number[] {
  const bytes = Buffer.alloc(dims * 2);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < bytes.length; at += block.length) {
    block.copy(bytes, at);
    block = createHash('sha256').update(block).digest();
  }
  const v = Array.from({ length: dims }, (_, i) => bytes.readInt16LE(i * 2) / 32768);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.fround(x / norm));
}
