import { describeHostileBodies, type HostileCase } from '../shared/test-describe-hostile-bodies.js';
import { parseRequest } from './parse-request.js';

/* Hostile request bodies: each must fail with a validation_error naming the field, never a TypeError. */

const user = { role: 'user', content: 'hi' };
const ok = (extra: Record<string, unknown>) => ({ model: 'gpt-4.1', messages: [user], ...extra });
const msgs = (...messages: unknown[]) => ({ model: 'gpt-4.1', messages });

const MUST_BE_OBJECT = 'The request body must be a JSON object';
const ROLES = 'expected one of system, developer, user, assistant, tool, function';
const PARTS = 'expected one of text, image_url, input_audio, file';
const img = (image_url: unknown) => msgs({ role: 'user', content: [{ type: 'image_url', image_url }] });

const HOSTILE: HostileCase[] = [
  ['null body', null, undefined, MUST_BE_OBJECT],
  ['array body', [ok({})], undefined, MUST_BE_OBJECT],
  ['string body', '{"model":"x"}', undefined, MUST_BE_OBJECT],
  ['number body', 42, undefined, MUST_BE_OBJECT],
  ['empty object', {}, 'model', "'model' is required"],
  ['empty model', ok({ model: '' }), 'model', "'model' must be a non-empty string"],
  ['numeric model', ok({ model: 5 }), 'model', "'model' must be a non-empty string"],
  ['no messages', { model: 'm' }, 'messages', "'messages' is required"],
  ['empty messages', msgs(), 'messages', "'messages' must be a non-empty array"],
  ['messages as string', { model: 'm', messages: 'hi' }, 'messages', "'messages' must be a non-empty array"],
  ['messages as object', { model: 'm', messages: { 0: user } }, 'messages', "'messages' must be a non-empty array"],
  ['null message', msgs(user, null), 'messages[1]', "'messages[1]' must be an object"],
  ['string message', msgs('hello'), 'messages[0]', "'messages[0]' must be an object"],
  ['unknown role', msgs(user, user, { role: 'wizard', content: 'x' }), 'messages[2].role', `Invalid value for 'messages[2].role': ${ROLES}`],
  ['role as object', msgs({ role: {}, content: 'x' }), 'messages[0].role', `Invalid value for 'messages[0].role': ${ROLES}`],
  ['missing role', msgs({ content: 'x' }), 'messages[0].role', "'messages[0].role' is required"],
  ['missing content', msgs({ role: 'user' }), 'messages[0].content', "'messages[0].content' is required"],
  ['null user content', msgs({ role: 'user', content: null }), 'messages[0].content', "'messages[0].content' must be a string or an array of content parts"],
  ['numeric content', msgs({ role: 'system', content: 1 }), 'messages[0].content', "'messages[0].content' must be a string or an array of text parts"],
  ['nested junk content', msgs({ role: 'user', content: [[[]]] }), 'messages[0].content[0]', "'messages[0].content[0]' must be an object"],
  ['unknown part type', msgs({ role: 'user', content: [{ type: 'video', url: 'x' }] }), 'messages[0].content[0].type', `Invalid value for 'messages[0].content[0].type': ${PARTS}`],
  ['text part without text', msgs({ role: 'user', content: [{ type: 'text' }] }), 'messages[0].content[0].text', "'messages[0].content[0].text' is required"],
  ['ftp image', img({ url: 'ftp://x/y.png' }), 'messages[0].content[0].image_url.url', "'messages[0].content[0].image_url.url' must be an http(s) URL or a base64 data: URL"],
  ['javascript image', img({ url: 'javascript:alert(1)' }), 'messages[0].content[0].image_url.url', "'messages[0].content[0].image_url.url' must be an http(s) URL or a base64 data: URL"],
  ['non-base64 data url', img({ url: 'data:image/png,abc' }), 'messages[0].content[0].image_url.url', "'messages[0].content[0].image_url.url' must be an http(s) URL or a base64 data: URL"],
  ['image_url as string', img('https://x/y.png'), 'messages[0].content[0].image_url', "'messages[0].content[0].image_url' must be an object"],
  ['bad image detail', img({ url: 'https://x/y.png', detail: 'ultra' }), 'messages[0].content[0].image_url.detail', "Invalid value for 'messages[0].content[0].image_url.detail': expected one of auto, low, high"],
  ['file with neither data nor id', msgs({ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf' } }] }), 'messages[0].content[0].file.file_data', "'messages[0].content[0].file.file_data' must be given (or file_id)"],
  ['custom tool call without input', msgs({ role: 'assistant', tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'f' } }] }), 'messages[0].tool_calls[0].custom.input', "'messages[0].tool_calls[0].custom.input' is required"],
  ['function message without name', msgs(user, { role: 'function', content: 'r' }), 'messages[1].name', "'messages[1].name' is required"],
  ['tool without id', msgs(user, { role: 'tool', content: 'r' }), 'messages[1].tool_call_id', "'messages[1].tool_call_id' is required"],
  ['tool call without arguments', msgs({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] }), 'messages[0].tool_calls[0].function.arguments', "'messages[0].tool_calls[0].function.arguments' is required"],
  ['tool call object arguments', msgs({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] }), 'messages[0].tool_calls[0].function.arguments', "'messages[0].tool_calls[0].function.arguments' must be a string"],
  ['tool_calls as object', msgs({ role: 'assistant', tool_calls: {} }), 'messages[0].tool_calls', "'messages[0].tool_calls' must be an array"],
  ['temperature too high', ok({ temperature: 3 }), 'temperature', "'temperature' must be a number between 0 and 2"],
  ['NaN-like temperature', ok({ temperature: 'NaN' }), 'temperature', "'temperature' must be a number between 0 and 2"],
  ['infinite temperature', JSON.parse('{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":1e400}'), 'temperature', "'temperature' must be a number between 0 and 2"],
  ['negative top_p', ok({ top_p: -0.1 }), 'top_p', "'top_p' must be a number between 0 and 1"],
  ['zero max_tokens', ok({ max_tokens: 0 }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['fractional max_tokens', ok({ max_tokens: 1.5 }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['huge max_completion_tokens', ok({ max_completion_tokens: 1e300 }), 'max_completion_tokens', "'max_completion_tokens' must be a positive integer"],
  ['n zero', ok({ n: 0 }), 'n', "'n' must be an integer between 1 and 128"],
  ['n too large', ok({ n: 129 }), 'n', "'n' must be an integer between 1 and 128"],
  ['five stops', ok({ stop: ['a', 'b', 'c', 'd', 'e'] }), 'stop', "'stop' must be a string or an array of up to 4 strings"],
  ['numeric stop entry', ok({ stop: [1] }), 'stop[0]', "'stop[0]' must be a string"],
  ['string stream', ok({ stream: 'true' }), 'stream', "'stream' must be a boolean"],
  ['stream_options string', ok({ stream_options: 'yes' }), 'stream_options', "'stream_options' must be an object"],
  ['tool without function', ok({ tools: [{ type: 'function' }] }), 'tools[0].function', "'tools[0].function' is required"],
  ['non-function tool', ok({ tools: [{ type: 'retrieval', function: { name: 'x' } }] }), 'tools[0].type', "Invalid value for 'tools[0].type': expected function"],
  ['tool without type', ok({ tools: [{ function: { name: 'x' } }] }), 'tools[0].type', "'tools[0].type' is required"],
  ['tool_choice without type', ok({ tool_choice: { function: { name: 'x' } } }), 'tool_choice.type', "'tool_choice.type' is required"],
  ['array parameters', ok({ tools: [{ type: 'function', function: { name: 'f', parameters: [] } }] }), 'tools[0].function.parameters', "'tools[0].function.parameters' must be a JSON object"],
  ['bad tool_choice', ok({ tool_choice: 'always' }), 'tool_choice', `'tool_choice' must be 'auto', 'none', 'required', {"type":"function","function":{"name":…}}, a custom or an allowed_tools choice`],
  ['tool_choice without name', ok({ tool_choice: { type: 'function', function: {} } }), 'tool_choice.function.name', "'tool_choice.function.name' is required"],
  ['bad response_format', ok({ response_format: { type: 'xml' } }), 'response_format.type', "Invalid value for 'response_format.type': expected one of text, json_object, json_schema"],
  ['json_schema without spec', ok({ response_format: { type: 'json_schema' } }), 'response_format.json_schema', "'response_format.json_schema' is required"],
  ['fractional seed', ok({ seed: 1.5 }), 'seed', "'seed' must be an integer"],
  ['penalty out of range', ok({ presence_penalty: 5 }), 'presence_penalty', "'presence_penalty' must be a number between -2 and 2"],
  ['numeric reasoning_effort', ok({ reasoning_effort: 7 }), 'reasoning_effort', "'reasoning_effort' must be a non-empty string"],
  ['numeric user', ok({ user: 123 }), 'user', "'user' must be a string"],
  ['numeric parallel_tool_calls', ok({ parallel_tool_calls: 1 }), 'parallel_tool_calls', "'parallel_tool_calls' must be a boolean"],
];

/** A valid body whose nodes the fuzz test replaces with junk, one per round. */
const TEMPLATE = {
  model: 'm',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'https://x/y' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'c', content: 'r' },
  ],
  tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
  response_format: { type: 'json_schema', json_schema: { name: 'n', schema: {} } },
  stop: ['a'],
};

describeHostileBodies(parseRequest, HOSTILE, { template: TEMPLATE, rounds: 500, seed: 42, maxDepth: 6 });
