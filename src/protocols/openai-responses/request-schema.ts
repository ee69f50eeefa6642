import { z } from 'zod';
import { bool, expected, integerAtLeast, jsonObject, must, nonEmptyStr, numberBetween, str } from '../shared/field-schemas.js';

/*
 * The zod schema of an OpenAI Responses API request body (`POST /v1/responses`), compiled once.
 * Error messages are predicate phrases (shared/field-schemas.ts). Optional fields accept null as
 * absent. Input items of a type the gateway does not know (web_search_call, local_shell_call, …)
 * are kept as loose objects: they reach the canonical request as native blocks, never a 400.
 */

const textIn = z.object({ type: z.literal('input_text'), text: str() });
const textOut = z.looseObject({ type: z.literal('output_text'), text: str() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: str() });
const imageIn = z.looseObject({
  type: z.literal('input_image'),
  image_url: str().nullish(),
  file_id: str().nullish(),
  detail: z.enum(['auto', 'low', 'high'], expected('one of auto, low, high')).nullish(),
}).refine((p) => p.image_url != null || p.file_id != null, { error: 'must be given (or file_id)', path: ['image_url'] });
const fileIn = z.looseObject({
  type: z.literal('input_file'),
  file_data: str().nullish(),
  file_url: str().nullish(),
  file_id: str().nullish(),
  filename: str().nullish(),
});
const contentPart = z.discriminatedUnion('type', [textIn, textOut, refusal, imageIn, fileIn], expected('one of input_text, output_text, refusal, input_image, input_file'));
const content = z.union([str(), z.array(contentPart, must('an array of content parts'))], must('a string or an array of content parts'));

const message = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer'], expected('one of user, assistant, system, developer')),
  content,
  id: str().nullish(),
});
const summaryText = z.looseObject({ type: z.literal('summary_text', expected('summary_text')), text: str() });
const reasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  id: str().nullish(),
  summary: z.array(summaryText, must('an array')).nullish(),
  content: z.array(z.looseObject({ type: str(), text: str().nullish() }), must('an array')).nullish(),
  encrypted_content: str().nullish(),
});
const functionCall = z.looseObject({
  type: z.literal('function_call'),
  call_id: nonEmptyStr(),
  name: nonEmptyStr(),
  arguments: str(),
  namespace: str().nullish(),
  id: str().nullish(),
});
const toolOutput = z.union([str(), z.array(contentPart, must('an array of content parts'))], must('a string or an array of content parts'));
const functionCallOutput = z.looseObject({ type: z.literal('function_call_output'), call_id: nonEmptyStr(), output: toolOutput, id: str().nullish() });
const customCall = z.looseObject({ type: z.literal('custom_tool_call'), call_id: nonEmptyStr(), name: nonEmptyStr(), input: str(), id: str().nullish() });
const customCallOutput = z.looseObject({ type: z.literal('custom_tool_call_output'), call_id: nonEmptyStr(), output: toolOutput, id: str().nullish() });
/** Any other item (hosted-tool calls and their results, item references): kept verbatim. */
const otherItem = z.looseObject({ type: nonEmptyStr() });

const KNOWN_ITEMS = new Set(['message', 'reasoning', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output']);

/** An input item, read by the schema of its `type` (a message may leave `type` out). */
const item = z.looseObject({ type: z.unknown().optional() }, must('an object')).transform((v, ctx) => {
  const type = v.type === undefined && 'role' in v ? 'message' : v.type;
  const schema =
    type === 'message' ? message
    : type === 'reasoning' ? reasoningItem
    : type === 'function_call' ? functionCall
    : type === 'function_call_output' ? functionCallOutput
    : type === 'custom_tool_call' ? customCall
    : type === 'custom_tool_call_output' ? customCallOutput
    : otherItem;
  const result = schema.safeParse(v, { reportInput: true });
  if (result.success) return result.data as ResponsesInputItem;
  for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
  return z.NEVER;
});

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: nonEmptyStr(),
  description: str().nullish(),
  parameters: jsonObject().nullish(),
  strict: bool().nullish(),
});
const customTool = z.looseObject({
  type: z.literal('custom'),
  name: nonEmptyStr(),
  description: str().nullish(),
  format: jsonObject().nullish(),
});
const namespaceTool = z.looseObject({
  type: z.literal('namespace'),
  name: nonEmptyStr(),
  description: str().nullish(),
  tools: z.array(z.looseObject({ type: z.enum(['function', 'custom'], expected('function or custom (a namespace holds no other tools)')) }, must('an object')).transform((v, ctx) => {
    const result = (v.type === 'custom' ? customTool : functionTool).safeParse(v, { reportInput: true });
    if (result.success) return result.data as ResponsesFunctionTool | ResponsesCustomTool;
    for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  }), must('an array of tools')),
});
/** Hosted tools (web_search, file_search, code_interpreter, …): no upstream the gateway calls runs them. */
const hostedTool = z.looseObject({ type: nonEmptyStr() });
const tool = z.looseObject({ type: z.unknown() }, must('an object with a type')).transform((v, ctx) => {
  const schema = v.type === 'function' ? functionTool : v.type === 'custom' ? customTool : v.type === 'namespace' ? namespaceTool : hostedTool;
  const result = schema.safeParse(v, { reportInput: true });
  if (result.success) return result.data as ResponsesTool;
  for (const issue of result.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
  return z.NEVER;
});

const toolChoice = z.union(
  [
    z.enum(['auto', 'none', 'required']),
    z.looseObject({ type: z.literal('function'), name: nonEmptyStr() }),
    z.looseObject({ type: z.literal('custom'), name: nonEmptyStr() }),
    z.looseObject({ type: z.literal('allowed_tools'), mode: z.enum(['auto', 'required']), tools: z.array(jsonObject()) }),
    z.looseObject({ type: nonEmptyStr() }),
  ],
  must(`'auto', 'none', 'required' or a tool choice object`),
);

const format = z.discriminatedUnion(
  'type',
  [
    z.looseObject({ type: z.literal('text') }),
    z.looseObject({ type: z.literal('json_object') }),
    z.looseObject({ type: z.literal('json_schema'), name: nonEmptyStr(), schema: jsonObject().nullish(), strict: bool().nullish(), description: str().nullish() }),
  ],
  expected('one of text, json_object, json_schema'),
);

export const requestSchema = z.object({
  model: nonEmptyStr(),
  input: z.union([str(), z.array(item, must('an array of input items'))], must('a string or an array of input items')),
  instructions: str().nullish(),
  tools: z.array(tool, must('an array')).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: bool().nullish(),
  max_output_tokens: integerAtLeast(1).nullish(),
  temperature: numberBetween(0, 2).nullish(),
  top_p: numberBetween(0, 1).nullish(),
  text: z.looseObject({ format: format.nullish(), verbosity: str().nullish() }, must('an object')).nullish(),
  reasoning: z.looseObject({ effort: str().nullish(), summary: str().nullish() }, must('an object')).nullish(),
  stream: bool().nullish(),
  store: bool().nullish(),
  previous_response_id: nonEmptyStr().nullish(),
  include: z.array(str(), must('an array of strings')).nullish(),
  metadata: z.record(z.string(), str(), must('an object of string values')).nullish(),
  user: str().nullish(),
});

export type ResponsesRequestBody = z.infer<typeof requestSchema>;
export type ResponsesMessageItem = z.infer<typeof message>;
export type ResponsesContentPart = z.infer<typeof contentPart>;
export type ResponsesFunctionTool = z.infer<typeof functionTool>;
export type ResponsesCustomTool = z.infer<typeof customTool>;
export type ResponsesNamespaceTool = z.infer<typeof namespaceTool>;
export type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesNamespaceTool | z.infer<typeof hostedTool>;
export type ResponsesInputItem =
  | (ResponsesMessageItem & { type?: 'message' })
  | z.infer<typeof reasoningItem>
  | z.infer<typeof functionCall>
  | z.infer<typeof functionCallOutput>
  | z.infer<typeof customCall>
  | z.infer<typeof customCallOutput>
  | (z.infer<typeof otherItem> & { type: string });

/** The top-level fields the schema knows; anything else is kept as an extension. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(requestSchema.shape));
