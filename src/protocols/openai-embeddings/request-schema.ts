import { z } from 'zod';
import { expected, integerAtLeast, nonEmptyStr, str } from '../shared/field-schemas.js';

/** OpenAI's own limit on the inputs of one embeddings request. */
export const MAX_EMBEDDING_INPUTS = 2048;
/**
 * OpenAI's own limit on the tokens summed over one request's inputs. Token-array inputs are held
 * to it before anything else runs: decoding them for a Gemini upstream is synchronous (~130 ms
 * per million ids), so a 32 MB body of ids would otherwise hold the event loop for seconds.
 */
export const MAX_EMBEDDING_TOKENS = 300_000;

/**
 * The zod schema of an OpenAI embeddings request body. `input` is checked by hand in
 * parse-request.ts (a union of four shapes whose zod messages would not say which rule failed).
 * Optional fields accept null as "absent".
 */
export const requestSchema = z.object({
  model: nonEmptyStr(),
  input: z.unknown(),
  dimensions: integerAtLeast(1).nullish(),
  encoding_format: z.enum(['float', 'base64'], expected('one of float, base64')).nullish(),
  user: str().nullish(),
});

export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
