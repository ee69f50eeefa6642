import { describeHostileBodies, type HostileCase } from '../shared/test-describe-hostile-bodies.js';
import { parseRequest } from './parse-request.js';

/* Hostile request bodies: each must fail with a validation_error naming the field, never a TypeError. */

const ok = (extra: Record<string, unknown>) => ({ model: 'gpt-5', input: 'hi', ...extra });
const items = (...input: unknown[]) => ({ model: 'gpt-5', input });

const MUST_BE_OBJECT = 'The request body must be a JSON object';

const HOSTILE: HostileCase[] = [
  ['null body', null, undefined, MUST_BE_OBJECT],
  ['array body', [ok({})], undefined, MUST_BE_OBJECT],
  ['empty object', {}, 'model', "'model' is required"],
  ['numeric model', ok({ model: 5 }), 'model', "'model' must be a non-empty string"],
  ['no input', { model: 'm' }, 'input', "'input' is required"],
  ['numeric input', ok({ input: 5 }), 'input', "'input' must be a string or an array of input items"],
  ['null item', items(null), 'input[0]', "'input[0]' must be an object"],
  ['message without role or type', items({ content: 'x' }), 'input[0].type', "'input[0].type' is required"],
  ['unknown role', items({ role: 'wizard', content: 'x' }), 'input[0].role', "Invalid value for 'input[0].role': expected one of user, assistant, system, developer"],
  ['message without content', items({ type: 'message', role: 'user' }), 'input[0].content', "'input[0].content' is required"],
  ['unknown content part', items({ role: 'user', content: [{ type: 'input_video' }] }), 'input[0].content[0].type', "Invalid value for 'input[0].content[0].type': expected one of input_text, output_text, refusal, input_image, input_file"],
  ['image without url or id', items({ role: 'user', content: [{ type: 'input_image' }] }), 'input[0].content[0].image_url', "'input[0].content[0].image_url' must be given (or file_id)"],
  ['function_call without arguments', items({ type: 'function_call', call_id: 'c', name: 'f' }), 'input[0].arguments', "'input[0].arguments' is required"],
  ['function_call object arguments', items({ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }), 'input[0].arguments', "'input[0].arguments' must be a string"],
  ['output without call_id', items({ type: 'function_call_output', output: 'x' }), 'input[0].call_id', "'input[0].call_id' is required"],
  ['custom call without input', items({ type: 'custom_tool_call', call_id: 'c', name: 'f' }), 'input[0].input', "'input[0].input' is required"],
  ['reasoning with a bad summary', items({ type: 'reasoning', summary: 'x' }), 'input[0].summary', "'input[0].summary' must be an array"],
  ['numeric item type', items({ type: 7 }), 'input[0].type', "'input[0].type' must be a non-empty string"],
  ['tools as object', ok({ tools: {} }), 'tools', "'tools' must be an array"],
  ['tool without type', ok({ tools: [{ name: 'f' }] }), 'tools[0].type', "'tools[0].type' is required"],
  ['function tool without name', ok({ tools: [{ type: 'function' }] }), 'tools[0].name', "'tools[0].name' is required"],
  ['array parameters', ok({ tools: [{ type: 'function', name: 'f', parameters: [] }] }), 'tools[0].parameters', "'tools[0].parameters' must be a JSON object"],
  ['namespace without tools', ok({ tools: [{ type: 'namespace', name: 'n' }] }), 'tools[0].tools', "'tools[0].tools' is required"],
  ['bad tool_choice', ok({ tool_choice: 'always' }), 'tool_choice', "'tool_choice' must be 'auto', 'none', 'required' or a tool choice object"],
  ['bad format', ok({ text: { format: { type: 'xml' } } }), 'text.format.type', "Invalid value for 'text.format.type': expected one of text, json_object, json_schema"],
  ['zero max_output_tokens', ok({ max_output_tokens: 0 }), 'max_output_tokens', "'max_output_tokens' must be a positive integer"],
  ['temperature too high', ok({ temperature: 3 }), 'temperature', "'temperature' must be a number between 0 and 2"],
  ['string stream', ok({ stream: 'true' }), 'stream', "'stream' must be a boolean"],
  ['numeric previous_response_id', ok({ previous_response_id: 5 }), 'previous_response_id', "'previous_response_id' must be a non-empty string"],
  ['include of numbers', ok({ include: [1] }), 'include[0]', "'include[0]' must be a string"],
  ['metadata of numbers', ok({ metadata: { a: 1 } }), 'metadata.a', "'metadata.a' must be a string"],
];

/** A valid body whose nodes the fuzz test replaces with junk, one per round. */
const TEMPLATE = {
  model: 'm',
  instructions: 'i',
  input: [
    { role: 'developer', content: 'x' },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }, { type: 'input_image', image_url: 'https://x/y' }] },
    { type: 'reasoning', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: 'e' },
    { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c', output: 'r' },
    { type: 'custom_tool_call', call_id: 'd', name: 'p', input: 'x' },
    { type: 'custom_tool_call_output', call_id: 'd', output: 'ok' },
  ],
  tools: [
    { type: 'function', name: 'f', parameters: { type: 'object' } },
    { type: 'custom', name: 'p', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
    { type: 'namespace', name: 'mcp__a__', tools: [{ type: 'function', name: 'g' }] },
    { type: 'web_search' },
  ],
  text: { format: { type: 'json_schema', name: 'n', schema: {} } },
  reasoning: { effort: 'low' },
};

describeHostileBodies(parseRequest, HOSTILE, { template: TEMPLATE, rounds: 500, seed: 42, maxDepth: 6 });
