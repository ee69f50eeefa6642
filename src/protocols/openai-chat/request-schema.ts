import { z } from 'zod';
import { bool, expected, integerAtLeast, integerBetween, jsonObject, must, nonEmptyStr, numberBetween, str } from '../shared/field-schemas.js';
import { isHttpOrDataUrl, parseDataUrl } from '../shared/data-url.js';

/*
 * The zod schema of an OpenAI Chat Completions request body, compiled once at module load.
 * Every error message is a predicate phrase ("must be …" or "expected …", shared/field-schemas.ts);
 * shared/format-validation-issue.ts turns the first issue into a sentence that names the field.
 * Optional fields accept null as "absent" (several clients send explicit nulls).
 */

const positiveInt = () => integerAtLeast(1);

const textPart = z.object({ type: z.literal('text'), text: str() });
const refusalPart = z.object({ type: z.literal('refusal'), refusal: str() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object(
    {
      url: str().refine(isHttpOrDataUrl, must('an http(s) URL or a base64 data: URL')),
      detail: z.enum(['auto', 'low', 'high'], expected('one of auto, low, high')).nullish(),
    },
    must('an object with a url'),
  ),
});
const audioPart = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: nonEmptyStr(), format: nonEmptyStr() }, must('an object with data and format')),
});
/** A file inline (file_data) or by an OpenAI Files API id (file_id, kept verbatim for an OpenAI upstream). */
const filePart = z.object({
  type: z.literal('file'),
  file: z.object(
    {
      file_data: nonEmptyStr().nullish(),
      file_id: nonEmptyStr().nullish(),
      filename: str().nullish(),
    },
    must('an object with file_data or file_id'),
  ).refine((f) => f.file_data != null || f.file_id != null, {
    error: 'must be given (or file_id)',
    path: ['file_data'],
  }).refine((f) => f.file_data == null || !f.file_data.startsWith('data:') || parseDataUrl(f.file_data) !== undefined, {
    error: 'must be a base64 data: URL',
    path: ['file_data'],
  }),
});

const textParts = z.array(z.discriminatedUnion('type', [textPart], expected('one of text')), must('a string or an array of content parts'));
const textContent = z.union([str(), textParts], must('a string or an array of text parts'));
const userContent = z.union(
  [
    str(),
    z.array(
      z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart], expected('one of text, image_url, input_audio, file')),
    ),
  ],
  must('a string or an array of content parts'),
);
const assistantContent = z.union(
  [str(), z.array(z.discriminatedUnion('type', [textPart, refusalPart], expected('one of text, refusal')))],
  must('a string, an array of content parts or null'),
);

const functionCall = z.object({ name: nonEmptyStr(), arguments: str() }, must('an object with name and arguments'));
/**
 * An object read by `custom` when its type is "custom", else by `standard` (whose own type check
 * reports a wrong type): the issues name the fields of the schema that applies.
 */
function customOr<A extends z.ZodType, B extends z.ZodType>(standard: A, custom: B) {
  return z.looseObject({ type: z.unknown().optional() }, must('an object')).transform((v, ctx): z.infer<A> | z.infer<B> => {
    const result = (v.type === 'custom' ? custom : standard).safeParse(v, { reportInput: true });
    if (result.success) return result.data as z.infer<A> | z.infer<B>;
    for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  });
}

const toolCall = customOr(
  z.object({ id: nonEmptyStr(), type: z.literal('function', expected('function')).nullish(), function: functionCall }, must('an object')),
  /** A call of a custom (free-form text) tool. */
  z.object({ id: nonEmptyStr(), type: z.literal('custom'), custom: z.object({ name: nonEmptyStr(), input: str() }, must('an object with name and input')) }, must('an object')),
);

const name = nonEmptyStr().nullish();
const systemMessage = { content: textContent, name };
const message = z.discriminatedUnion(
  'role',
  [
    z.object({ role: z.literal('system'), ...systemMessage }),
    z.object({ role: z.literal('developer'), ...systemMessage }),
    z.object({ role: z.literal('user'), content: userContent, name }),
    z.object({
      role: z.literal('assistant'),
      content: assistantContent.nullish(),
      refusal: str().nullish(),
      tool_calls: z.array(toolCall, must('an array')).nullish(),
      /** The deprecated single function call. */
      function_call: functionCall.nullish(),
      name,
    }),
    z.object({ role: z.literal('tool'), content: textContent, tool_call_id: nonEmptyStr() }),
    /** The deprecated result of a function call, by the function's name. */
    z.object({ role: z.literal('function'), content: str().nullable(), name: nonEmptyStr() }),
  ],
  expected('one of system, developer, user, assistant, tool, function'),
);

const functionTool = z.object(
  {
    type: z.literal('function', expected('function')),
    function: z.object(
      {
        name: nonEmptyStr(),
        description: str().nullish(),
        parameters: jsonObject().nullish(),
        strict: bool().nullish(),
      },
      must('an object with a name'),
    ),
  },
  must('an object'),
);

/** A custom (free-form text) tool: no canonical form, kept verbatim for an OpenAI upstream. */
const customTool = z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: nonEmptyStr() }, must('an object with a name')) }, must('an object'));
const tool = customOr(functionTool, customTool);

const toolChoice = z.union(
  [
    z.enum(['auto', 'none', 'required']),
    z.object({ type: z.literal('function', expected('function')), function: z.object({ name: nonEmptyStr() }, must('an object with a name')) }),
    z.object({ type: z.literal('custom'), custom: z.object({ name: nonEmptyStr() }, must('an object with a name')) }),
    z.looseObject({
      type: z.literal('allowed_tools'),
      allowed_tools: z.looseObject({ mode: z.enum(['auto', 'required']), tools: z.array(jsonObject()) }, must('an object with mode and tools')),
    }),
  ],
  must(`'auto', 'none', 'required', {"type":"function","function":{"name":…}}, a custom or an allowed_tools choice`),
);

const responseFormat = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({
      type: z.literal('json_schema'),
      json_schema: z.object(
        { name: nonEmptyStr(), schema: jsonObject().nullish(), strict: bool().nullish(), description: str().nullish() },
        must('an object with a name'),
      ),
    }),
  ],
  expected('one of text, json_object, json_schema'),
);

export const requestSchema = z.object({
  model: nonEmptyStr(),
  messages: z.array(message, must('a non-empty array')).min(1, must('a non-empty array')),
  tools: z.array(tool, must('an array')).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: bool().nullish(),
  response_format: responseFormat.nullish(),
  max_tokens: positiveInt().nullish(),
  max_completion_tokens: positiveInt().nullish(),
  temperature: numberBetween(0, 2).nullish(),
  top_p: numberBetween(0, 1).nullish(),
  stop: z.union([str(), z.array(str()).max(4)], must('a string or an array of up to 4 strings')).nullish(),
  n: integerBetween(1, 128).nullish(),
  seed: z.int(must('an integer')).nullish(),
  presence_penalty: numberBetween(-2, 2).nullish(),
  frequency_penalty: numberBetween(-2, 2).nullish(),
  stream: bool().nullish(),
  stream_options: z.object({ include_usage: bool().nullish() }, must('an object')).nullish(),
  reasoning_effort: nonEmptyStr().nullish(),
  user: str().nullish(),
});

export type OpenAIChatRequestBody = z.infer<typeof requestSchema>;
export type OpenAIMessage = OpenAIChatRequestBody['messages'][number];
export type OpenAIUserContent = z.infer<typeof userContent>;
export type OpenAIFunctionTool = z.infer<typeof functionTool>;

/** The top-level fields the schema knows; anything else is kept as an extension. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
