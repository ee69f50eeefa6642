import { z } from 'zod';

/*
 * Zod schemas of what an Anthropic upstream sends back, compiled once at module load. The
 * skeleton (content blocks, their required fields) is checked strictly; optional leaves are read
 * leniently (a leaf of the wrong type reads as absent), and block or event types this gateway
 * does not know are let through for the converters to skip.
 */

const optString = z.string().nullish().catch(undefined);

export const textBlockSchema = z.object({ type: z.literal('text'), text: z.string(), citations: z.array(z.record(z.string(), z.unknown())).nullish().catch(undefined) });
export const thinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: optString });
export const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });
export const toolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });

/** Any content block: a typed object. Known types are read with the schemas above. */
export const anyBlockSchema = z.looseObject({ type: z.string() });

export const messageSchema = z.object({
  type: z.literal('message').optional(),
  id: optString,
  model: optString,
  content: z.array(anyBlockSchema),
  stop_reason: optString,
  stop_sequence: optString,
  usage: z.unknown().optional(),
});

export type AnthropicAnyBlock = z.infer<typeof anyBlockSchema>;

/** The stream events this gateway reads; anything else has a `type` and is ignored. */
export const streamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ id: optString, model: optString, usage: z.unknown().optional() }) }),
  z.object({ type: z.literal('content_block_start'), index: z.int().nonnegative(), content_block: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal('content_block_delta'), index: z.int().nonnegative(), delta: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal('content_block_stop'), index: z.int().nonnegative().optional() }),
  z.object({ type: z.literal('message_delta'), delta: z.object({ stop_reason: optString, stop_sequence: optString }).nullish(), usage: z.unknown().optional() }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('error'), error: z.object({ type: optString, message: optString }).nullish().catch(undefined) }),
]);

export type AnthropicStreamEvent = z.infer<typeof streamEventSchema>;

/** `{type:"error", error:{type, message}}` → its type and message, when the body has that shape. */
export function upstreamError(body: unknown): { type?: string; message?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as Record<string, unknown>;
  return { type: typeof type === 'string' ? type : undefined, message: typeof message === 'string' ? message : undefined };
}

/** Anthropic's error types with the HTTP status each comes with (for errors sent in-band). */
const ERROR_TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The HTTP status an Anthropic error type stands for; unknown types count as 500 (api_error). */
export function statusOfErrorType(type: string | undefined): number {
  return type !== undefined && Object.hasOwn(ERROR_TYPE_STATUS, type) ? ERROR_TYPE_STATUS[type] : 500;
}
