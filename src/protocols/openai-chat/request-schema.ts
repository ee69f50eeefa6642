import { z } from 'zod';
import { bool, expected, integerAtLeast, integerBetween, jsonObject, must, nonEmptyStr, numberBetween, str } from '../shared/field-schemas.js';
import { isHttpOrDataUrl, parseDataUrl } from './data-url.js';

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
const filePart = z.object({
  type: z.literal('file'),
  file: z.object(
    {
      file_data: nonEmptyStr().nullish(),
      file_id: str().nullish(),
      filename: str().nullish(),
    },
    must('an object with file_data'),
  ).refine((f) => f.file_data != null, {
    error: 'must be given inline (file_id references are not supported)',
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

const toolCall = z.object(
  {
    id: nonEmptyStr(),
    type: z.literal('function', expected('function')).nullish(),
    function: z.object({ name: nonEmptyStr(), arguments: str() }, must('an object with name and arguments')),
  },
  must('an object'),
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
      name,
    }),
    z.object({ role: z.literal('tool'), content: textContent, tool_call_id: nonEmptyStr() }),
  ],
  expected('one of system, developer, user, assistant, tool'),
);

const tool = z.object(
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

const toolChoice = z.union(
  [
    z.enum(['auto', 'none', 'required']),
    z.object({ type: z.literal('function', expected('function')), function: z.object({ name: nonEmptyStr() }, must('an object with a name')) }),
  ],
  must(`'auto', 'none', 'required' or {"type":"function","function":{"name":…}}`),
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

/** The top-level fields the schema knows; anything else is kept as an extension. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
