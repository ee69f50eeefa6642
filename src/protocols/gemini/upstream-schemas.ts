import { z } from 'zod';

/*
 * Zod schemas of what a Gemini upstream sends back (a GenerateContentResponse, whole or as one
 * stream chunk), compiled once at module load. The skeleton is checked; leaves are read leniently
 * (a leaf of the wrong type reads as absent) and parts are loose objects for the converters.
 */

const optString = z.string().nullish().catch(undefined);

export const candidateSchema = z.object({
  content: z.object({ role: optString, parts: z.array(z.record(z.string(), z.unknown())).nullish().catch(undefined) }).nullish().catch(undefined),
  finishReason: z.union([z.string(), z.number()]).nullish().catch(undefined),
  index: z.int().nonnegative().nullish().catch(undefined),
});

export const responseSchema = z.object({
  candidates: z.array(candidateSchema).nullish(),
  usageMetadata: z.unknown().optional(),
  modelVersion: optString,
  responseId: optString,
  promptFeedback: z.object({ blockReason: optString }).nullish().catch(undefined),
  error: z.unknown().optional(),
});

export type GeminiCandidate = z.infer<typeof candidateSchema>;
export type GeminiResponse = z.infer<typeof responseSchema>;

/** The `error` object of a Gemini error body (`{"error":{…}}`, or an array of them from a non-SSE stream). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.number().nullish().catch(undefined),
    message: optString,
    status: optString,
    details: z.array(z.record(z.string(), z.unknown())).nullish().catch(undefined),
  }),
});

export type GeminiErrorBody = z.infer<typeof errorBodySchema>['error'];

/** The error object of an upstream error body, or undefined. */
export function upstreamError(body: unknown): GeminiErrorBody | undefined {
  const r = errorBodySchema.safeParse(Array.isArray(body) ? body[0] : body);
  return r.success ? r.data.error : undefined;
}
