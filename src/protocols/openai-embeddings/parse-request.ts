import { GatewayError, type EmbeddingInput, type EmbeddingRequest } from '../../core/index.js';
import { validateRequestBody } from '../shared/validate-request-body.js';
import { KNOWN_FIELDS, MAX_EMBEDDING_INPUTS, MAX_EMBEDDING_TOKENS, requestSchema } from './request-schema.js';

/** The largest token id accepted (o200k has ~200k ids; anything past 2^24 is not a token). */
const MAX_TOKEN_ID = 2 ** 24;

/**
 * An OpenAI embeddings request body (already JSON.parse'd) → the canonical EmbeddingRequest.
 * `input` is a string, an array of strings, an array of token ids, or an array of token-id
 * arrays — each non-empty, at most 2048 inputs. Unknown top-level fields are kept verbatim in
 * `extensions` for an OpenAI-compatible upstream (`input_type`, `truncate` of some vendors).
 */
export function parseRequest(body: unknown): EmbeddingRequest {
  const b = validateRequestBody(requestSchema, body);
  const req: EmbeddingRequest = { model: b.model, input: parseInput(b.input), encodingFormat: b.encoding_format ?? 'float' };
  if (b.dimensions != null) req.dimensions = b.dimensions;
  if (b.user != null) req.user = b.user;
  const unknown = Object.entries(body as Record<string, unknown>).filter(([key]) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) req.extensions = { protocol: 'openai', fields: Object.fromEntries(unknown) };
  return req;
}

function parseInput(input: unknown): EmbeddingInput {
  if (input === undefined || input === null) throw invalid("'input' is required");
  if (typeof input === 'string') {
    if (input === '') throw invalid("'input' must not be an empty string");
    return { type: 'text', texts: [input] };
  }
  if (!Array.isArray(input)) throw invalid("'input' must be a string, an array of strings, an array of token ids or an array of token-id arrays");
  if (input.length === 0) throw invalid("'input' must not be an empty array");
  if (typeof input[0] === 'number') return tokenInput([tokenIds(input, 'input')]);
  if (input.length > MAX_EMBEDDING_INPUTS) throw invalid(`'input' may hold at most ${MAX_EMBEDDING_INPUTS} inputs, got ${input.length}`);
  if (typeof input[0] === 'string') {
    input.forEach((s, i) => {
      if (typeof s !== 'string') throw invalid(`'input[${i}]' must be a string like the other inputs`, `input[${i}]`);
      if (s === '') throw invalid(`'input[${i}]' must not be an empty string`, `input[${i}]`);
    });
    return { type: 'text', texts: input as string[] };
  }
  if (Array.isArray(input[0])) {
    return tokenInput(input.map((t, i) => (Array.isArray(t) ? tokenIds(t, `input[${i}]`) : badItem(i))));
  }
  return badItem(0);
}

function tokenInput(tokens: number[][]): EmbeddingInput {
  const total = tokens.reduce((n, ids) => n + ids.length, 0);
  if (total > MAX_EMBEDDING_TOKENS) throw invalid(`'input' may hold at most ${MAX_EMBEDDING_TOKENS} tokens summed over its inputs, got ${total}`);
  return { type: 'tokens', tokens };
}

function tokenIds(ids: unknown[], param: string): number[] {
  if (ids.length > MAX_EMBEDDING_TOKENS) throw invalid(`'${param}' may hold at most ${MAX_EMBEDDING_TOKENS} tokens, got ${ids.length}`, param);
  if (ids.length === 0) throw invalid(`'${param}' must not be an empty token array`, param);
  for (let i = 0; i < ids.length; i++) {
    const t = ids[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= MAX_TOKEN_ID) throw invalid(`'${param}[${i}]' must be a token id (a non-negative integer)`, `${param}[${i}]`);
  }
  return ids as number[];
}

function badItem(i: number): never {
  throw invalid(`'input[${i}]' must be a string or an array of token ids like the other inputs`, `input[${i}]`);
}

function invalid(message: string, param = 'input'): GatewayError {
  return new GatewayError('validation_error', message, { param });
}
