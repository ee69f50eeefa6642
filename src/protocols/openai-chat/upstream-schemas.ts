import { z } from 'zod';

/*
 * Zod schemas of what an OpenAI-compatible upstream sends back, compiled once at module load.
 * They check the skeleton strictly (choices, tool calls) and read optional leaves leniently:
 * a leaf of the wrong type reads as absent (`.catch`), since vendors vary in what they add.
 */

const optString = z.string().nullish().catch(undefined);
const optIndex = z.int().nonnegative().nullish().catch(undefined);

/** `arguments` is a JSON string; a few vendors send the object itself. */
const toolArguments = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

const functionCall = z.object({ name: z.string(), arguments: toolArguments });
const toolCall = z.union([
  z.object({ id: optString, type: optString, function: functionCall }),
  /** A call of a custom (free-form text) tool. */
  z.object({ id: optString, type: z.literal('custom'), custom: z.object({ name: z.string(), input: z.string().nullish() }) }),
]);

const contentPart = z.object({ type: optString, text: optString });

const message = z.object({
  content: z.union([z.string(), z.array(contentPart)]).nullish().catch(undefined),
  refusal: optString,
  /** DeepSeek, Qwen, vLLM and others put reasoning text here… */
  reasoning_content: optString,
  /** …OpenRouter and Groq here. */
  reasoning: optString,
  tool_calls: z.array(toolCall).nullish(),
  /** The deprecated single function call (an answer to `functions`). */
  function_call: functionCall.nullish().catch(undefined),
});

export const chatCompletionSchema = z.object({
  id: optString,
  object: optString,
  created: z.number().nullish().catch(undefined),
  model: optString,
  system_fingerprint: optString,
  choices: z.array(
    z.object({
      index: optIndex,
      message,
      finish_reason: optString,
      /** vLLM and compatible servers: the stop string that ended the output (a number for a stop token id). */
      stop_reason: optString,
      logprobs: z.unknown().optional(),
    }),
  ),
  usage: z.unknown().optional(),
});

const toolCallDelta = z.object({
  index: optIndex,
  id: optString,
  type: optString,
  function: z.object({ name: optString, arguments: optString }).nullish(),
});

export const chatChunkSchema = z.object({
  id: optString,
  model: optString,
  choices: z
    .array(
      z.object({
        index: optIndex,
        delta: z
          .object({
            content: optString,
            refusal: optString,
            reasoning_content: optString,
            reasoning: optString,
            tool_calls: z.array(toolCallDelta).nullish(),
          })
          .nullish(),
        finish_reason: optString,
        stop_reason: optString,
        logprobs: z.unknown().optional(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
});

export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
export type ChatChunk = z.infer<typeof chatChunkSchema>;

/** The upstream's error message from an `{"error": …}` body, if it has one. */
export function upstreamErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' ? message : undefined;
}
