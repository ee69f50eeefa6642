import type { EmbeddingRequest } from '../../core/index.js';

/**
 * The canonical EmbeddingRequest → an OpenAI `/embeddings` body for `model` (the upstream's
 * name). Fields an OpenAI client sent that the canonical model does not know are passed on
 * (another protocol's are not: the provider warns about them).
 */
export function renderRequest(req: EmbeddingRequest, target: { model: string }): Record<string, unknown> {
  const input = req.input.type === 'text' ? [...req.input.texts] : req.input.tokens.map((t) => [...t]);
  const own = req.extensions?.protocol === 'openai' ? req.extensions.fields : {};
  const body: Record<string, unknown> = { ...own, model: target.model, input, encoding_format: req.encodingFormat };
  if (req.dimensions !== undefined) body.dimensions = req.dimensions;
  if (req.user !== undefined) body.user = req.user;
  return body;
}
