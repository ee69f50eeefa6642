import { GatewayError, type EmbeddingRequest } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';

/** Inputs of one request: Google allows 100 a batch; the gateway takes as many as OpenAI's endpoint (it splits them upstream). */
export const MAX_GEMINI_EMBED_INPUTS = 2048;

/**
 * A Gemini `embedContent` body (`{content, taskType?, title?, outputDimensionality?}`) or
 * `batchEmbedContents` body (`{requests: [...]}`, what `@google/genai`'s `models.embedContent`
 * sends) → the canonical EmbeddingRequest for the path's model. Each content's text parts are
 * joined; a content without text, any other part (images), or requests asking for different
 * `outputDimensionality` are a 400 naming the field. `taskType` and `title` are kept per input
 * for a Gemini upstream.
 */
export function parseEmbedRequest(body: unknown, url: { model: string; batch: boolean }): EmbeddingRequest {
  if (!isRecord(body)) throw invalid('The request body must be a JSON object', '');
  const model = url.model.startsWith('models/') ? url.model.slice('models/'.length) : url.model;
  if (!model) throw invalid('The model is required: call models/{model}:embedContent', 'model');
  let requests: Array<{ item: unknown; at: string }>;
  if (url.batch) {
    if (!Array.isArray(body.requests)) throw invalid("'requests' must be an array of embed requests", 'requests');
    if (body.requests.length === 0) throw invalid("'requests' must not be empty", 'requests');
    if (body.requests.length > MAX_GEMINI_EMBED_INPUTS) throw invalid(`'requests' may hold at most ${MAX_GEMINI_EMBED_INPUTS} requests, got ${body.requests.length}`, 'requests');
    requests = body.requests.map((item, i) => ({ item, at: `requests[${i}]` }));
  } else requests = [{ item: body, at: '' }];

  const texts: string[] = [];
  const perInput: Array<Record<string, unknown>> = [];
  let dimensions: number | undefined;
  for (const [i, { item, at }] of requests.entries()) {
    const field = (name: string) => (at ? `${at}.${name}` : name);
    if (!isRecord(item)) throw invalid(`'${at}' must be an object`, at);
    texts.push(textOf(item.content, field('content')));
    const dims = item.outputDimensionality;
    if (dims != null && (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1)) throw invalid(`'${field('outputDimensionality')}' must be a positive integer`, field('outputDimensionality'));
    if (i > 0 && (dims ?? undefined) !== dimensions) throw invalid(`'${field('outputDimensionality')}' must be the same in every request`, field('outputDimensionality'));
    dimensions = (dims as number | null | undefined) ?? undefined;
    const extra: Record<string, unknown> = {};
    for (const key of ['taskType', 'title'] as const) {
      if (item[key] == null) continue;
      if (typeof item[key] !== 'string') throw invalid(`'${field(key)}' must be a string`, field(key));
      extra[key] = item[key];
    }
    perInput.push(extra);
  }
  const req: EmbeddingRequest = { model, input: { type: 'text', texts }, encodingFormat: 'float' };
  if (dimensions !== undefined) req.dimensions = dimensions;
  if (perInput.some((x) => Object.keys(x).length > 0)) req.extensions = { protocol: 'gemini', fields: { perInput } };
  return req;
}

function textOf(content: unknown, at: string): string {
  if (!isRecord(content) || !Array.isArray(content.parts)) throw invalid(`'${at}' must be a content with parts`, at);
  let text = '';
  for (const [j, part] of content.parts.entries()) {
    if (!isRecord(part) || typeof part.text !== 'string') throw invalid(`'${at}.parts[${j}]' must be a text part (only text can be embedded here)`, `${at}.parts[${j}]`);
    text += part.text;
  }
  if (text === '') throw invalid(`'${at}' has no text to embed`, at);
  return text;
}

function invalid(message: string, param: string): GatewayError {
  return new GatewayError('validation_error', message, param ? { param } : {});
}
