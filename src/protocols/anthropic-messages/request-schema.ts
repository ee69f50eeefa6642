import { z } from 'zod';
import { bool, expected, integerAtLeast, jsonObject, must, nonEmptyStr, numberBetween, str } from '../shared/field-schemas.js';

/*
 * The zod schema of an Anthropic Messages request body (`POST /v1/messages`), compiled once at
 * module load. It covers the surface Claude Code and the Anthropic SDKs send. Every error message
 * is a predicate phrase ("must be …" or "expected …", shared/field-schemas.ts);
 * shared/format-validation-issue.ts turns the first issue into a sentence that names the field.
 * Optional fields accept null as "absent".
 */

const HTTP_URL = /^https?:\/\/\S+$/i;
const httpUrl = () => str().regex(HTTP_URL, must('an http(s) URL'));

export const cacheControl = z.object(
  {
    type: z.literal('ephemeral', expected('ephemeral')),
    ttl: z.enum(['5m', '1h'], expected('one of 5m, 1h')).nullish(),
  },
  must('an object'),
);

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

const imageSource = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('base64'),
      media_type: z.enum(IMAGE_TYPES, expected(`one of ${IMAGE_TYPES.join(', ')}`)),
      data: nonEmptyStr(),
    }),
    z.object({ type: z.literal('url'), url: httpUrl() }),
  ],
  expected('one of base64, url'),
);

const documentSource = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('base64'), media_type: nonEmptyStr(), data: nonEmptyStr() }),
    z.object({ type: z.literal('url'), url: httpUrl() }),
    z.object({ type: z.literal('text'), media_type: nonEmptyStr().nullish(), data: str() }),
  ],
  expected('one of base64, url, text'),
);

const citations = z.array(jsonObject(), must('an array of citation objects')).nullish();
const textBlock = z.object({ type: z.literal('text', expected('text')), text: str(), cache_control: cacheControl.nullish(), citations });
const imageBlock = z.object({ type: z.literal('image'), source: imageSource, cache_control: cacheControl.nullish() });
const documentBlock = z.object({
  type: z.literal('document'),
  source: documentSource,
  title: str().nullish(),
  cache_control: cacheControl.nullish(),
});
const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: nonEmptyStr(),
  name: nonEmptyStr(),
  input: jsonObject(),
});

/** A block type: Anthropic's lower-case snake_case names. */
const blockType = z.string(must('a block type')).regex(/^[a-z][a-z0-9_]*$/, must('a block type'));
/** A block this gateway has no canonical form for, kept verbatim (server-tool blocks, search_result, …). */
export type AnthropicNativeBlock = { type: 'native'; block: Record<string, unknown> };

/**
 * A content block: the types in `known` are validated by their schema; any other typed block
 * (server_tool_use, web_search_tool_result, search_result, container_upload, …) — and an image
 * or document whose source this gateway cannot translate (a Files API `file` id, a `content`
 * source) — is kept verbatim as a native block for an Anthropic upstream.
 */
function typedBlock<K extends Record<string, z.ZodObject>>(known: K) {
  const knownKeys = new Map(Object.entries(known).map(([type, schema]) => [type, new Set(Object.keys(schema.shape))]));
  return z.looseObject({ type: blockType }, must('an object')).transform((b, ctx): WithExtra<z.infer<K[keyof K]>> | AnthropicNativeBlock => {
    const schema = Object.hasOwn(known, b.type) && !hasForeignSource(b) ? known[b.type] : undefined;
    if (schema === undefined) return { type: 'native', block: b };
    const result = schema.safeParse(b, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
      return z.NEVER;
    }
    const parsed = result.data as WithExtra<z.infer<K[keyof K]>>;
    // Fields the schema does not model (caller, citations config, context, …) ride along verbatim.
    const keys = knownKeys.get(b.type);
    const extra = Object.entries(b).filter(([key, value]) => !keys?.has(key) && value !== undefined);
    if (extra.length > 0) parsed.extra = Object.fromEntries(extra);
    return parsed;
  });
}

/** A validated block with the fields of it the schema does not model. */
export type WithExtra<T> = T & { extra?: Record<string, unknown> };

const TRANSLATABLE_SOURCES: Readonly<Record<string, readonly string[]>> = { image: ['base64', 'url'], document: ['base64', 'url', 'text'] };
function hasForeignSource(b: Record<string, unknown>): boolean {
  const sources = TRANSLATABLE_SOURCES[b.type as string];
  if (!Object.hasOwn(TRANSLATABLE_SOURCES, b.type as string) || typeof b.source !== 'object' || b.source === null) return false;
  const type = (b.source as Record<string, unknown>).type;
  return typeof type === 'string' && !sources.includes(type);
}

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: nonEmptyStr(),
  content: z
    .union([str(), z.array(typedBlock({ text: textBlock, image: imageBlock }), must('an array of content blocks'))], must('a string or an array of content blocks'))
    .nullish(),
  is_error: bool().nullish(),
  cache_control: cacheControl.nullish(),
});
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: str(), signature: str() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: nonEmptyStr() });

const contentBlock = typedBlock({
  text: textBlock,
  image: imageBlock,
  document: documentBlock,
  tool_use: toolUseBlock,
  tool_result: toolResultBlock,
  thinking: thinkingBlock,
  redacted_thinking: redactedThinkingBlock,
});
const blocks = z.union([str(), z.array(contentBlock, must('a string or an array of content blocks'))], must('a string or an array of content blocks'));

/**
 * A `role: "system"` entry of `messages` (mid-conversation system message): text blocks, and the
 * tool_addition / tool_removal directives kept verbatim; `clear_at` and a per-turn `output_config`.
 */
const systemMessage = z.object(
  {
    role: z.literal('system'),
    content: z.union([str(), z.array(typedBlock({ text: textBlock }), must('a string or an array of content blocks'))], must('a string or an array of content blocks')).nullish(),
    clear_at: z.enum(['next_user_message', 'never'], expected('one of next_user_message, never')).nullish(),
    output_config: z.looseObject({ effort: nonEmptyStr().nullish() }, must('an object')).nullish(),
  },
  must('an object'),
);

const message = z.discriminatedUnion(
  'role',
  [z.object({ role: z.literal('user'), content: blocks }, must('an object')), z.object({ role: z.literal('assistant'), content: blocks }, must('an object')), systemMessage],
  expected('one of user, assistant, system'),
);

const customTool = z.looseObject(
  {
    type: z.literal('custom', expected('custom')).nullish(),
    name: nonEmptyStr(),
    description: str().nullish(),
    input_schema: jsonObject(),
    strict: bool().nullish(),
    cache_control: cacheControl.nullish(),
  },
  must('an object'),
);
/** Anthropic-defined tools (web_search_20250305, bash_20250124, …): kept verbatim. */
const serverTool = z.looseObject(
  {
    type: nonEmptyStr().refine((t) => t !== 'custom', must('a server tool type')),
    name: nonEmptyStr(),
  },
  must('an object'),
);
/** A tool is custom when its type is absent or "custom"; the matching schema reports the issues. */
const tool = z.looseObject({ type: z.unknown().optional() }, must('an object')).transform((t, ctx): z.infer<typeof customTool> | z.infer<typeof serverTool> => {
  const schema = t.type == null || t.type === 'custom' ? customTool : serverTool;
  const result = schema.safeParse(t, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
  return z.NEVER;
});

const disableParallel = bool().nullish();
const toolChoice = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auto'), disable_parallel_tool_use: disableParallel }),
    z.object({ type: z.literal('any'), disable_parallel_tool_use: disableParallel }),
    z.object({ type: z.literal('tool'), name: nonEmptyStr(), disable_parallel_tool_use: disableParallel }),
    z.object({ type: z.literal('none') }),
  ],
  expected('one of auto, any, tool, none'),
);

const thinking = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('enabled'), budget_tokens: integerAtLeast(1024) }),
    z.object({ type: z.literal('disabled') }),
    z.object({ type: z.literal('adaptive') }),
    z.object({ type: z.literal('between_tools') }),
  ],
  expected('one of enabled, disabled, adaptive, between_tools'),
);

export const requestSchema = z.object({
  model: nonEmptyStr(),
  max_tokens: integerAtLeast(1),
  messages: z.array(message, must('a non-empty array')).min(1, must('a non-empty array')),
  system: z.union([str(), z.array(textBlock, must('a string or an array of text blocks'))], must('a string or an array of text blocks')).nullish(),
  tools: z.array(tool, must('an array')).nullish(),
  tool_choice: toolChoice.nullish(),
  stop_sequences: z.array(str(), must('an array of strings')).nullish(),
  temperature: numberBetween(0, 1).nullish(),
  top_p: numberBetween(0, 1).nullish(),
  top_k: integerAtLeast(0).nullish(),
  stream: bool().nullish(),
  metadata: z.object({ user_id: str().nullish() }, must('an object')).nullish(),
  thinking: thinking.nullish(),
  output_config: z
    .looseObject(
      {
        effort: nonEmptyStr().nullish(),
        format: z.looseObject({ type: z.literal('json_schema', expected('json_schema')), schema: jsonObject() }, must('an object')).nullish(),
      },
      must('an object'),
    )
    .nullish(),
});

export type AnthropicRequestBody = z.infer<typeof requestSchema>;
export type AnthropicMessage = AnthropicRequestBody['messages'][number];
export type AnthropicSystemMessage = z.infer<typeof systemMessage>;
export type AnthropicContentBlock = z.infer<typeof contentBlock>;
export type AnthropicTextBlock = z.infer<typeof textBlock>;
export type AnthropicImageBlock = z.infer<typeof imageBlock>;
export type AnthropicTool = NonNullable<AnthropicRequestBody['tools']>[number];
export type AnthropicCustomTool = z.infer<typeof customTool>;
export type AnthropicCacheControl = z.infer<typeof cacheControl>;

/** The top-level fields the schema knows; anything else is kept as an extension. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
