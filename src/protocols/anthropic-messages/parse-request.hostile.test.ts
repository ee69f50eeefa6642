import { describeHostileBodies, type HostileCase } from '../shared/test-describe-hostile-bodies.js';
import { FUZZ_JUNK } from '../shared/test-fuzz-request-parser.js';
import { parseRequest } from './parse-request.js';

/* Hostile request bodies: each must fail with a validation_error naming the field, never a TypeError. */

const user = { role: 'user', content: 'hi' };
const ok = (extra: Record<string, unknown>) => ({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [user], ...extra });
const msgs = (...messages: unknown[]) => ok({ messages });
const blocks = (...content: unknown[]) => msgs({ role: 'user', content });

const MUST_BE_OBJECT = 'The request body must be a JSON object';
const IMAGE_TYPES = 'expected one of image/jpeg, image/png, image/gif, image/webp';

const HOSTILE: HostileCase[] = [
  ['null body', null, undefined, MUST_BE_OBJECT],
  ['array body', [ok({})], undefined, MUST_BE_OBJECT],
  ['string body', '{"model":"x"}', undefined, MUST_BE_OBJECT],
  ['empty object', {}, 'model', "'model' is required"],
  ['empty model', ok({ model: '' }), 'model', "'model' must be a non-empty string"],
  ['numeric model', ok({ model: 7 }), 'model', "'model' must be a non-empty string"],
  ['no max_tokens', { model: 'm', messages: [user] }, 'max_tokens', "'max_tokens' is required"],
  ['zero max_tokens', ok({ max_tokens: 0 }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['fractional max_tokens', ok({ max_tokens: 10.5 }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['string max_tokens', ok({ max_tokens: '1024' }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['huge max_tokens', ok({ max_tokens: 1e300 }), 'max_tokens', "'max_tokens' must be a positive integer"],
  ['no messages', { model: 'm', max_tokens: 1 }, 'messages', "'messages' is required"],
  ['empty messages', ok({ messages: [] }), 'messages', "'messages' must be a non-empty array"],
  ['messages as object', ok({ messages: { 0: user } }), 'messages', "'messages' must be a non-empty array"],
  ['null message', msgs(user, null), 'messages[1]', "'messages[1]' must be an object"],
  ['unknown role in messages', msgs({ role: 'tool', content: 'x' }), 'messages[0].role', "Invalid value for 'messages[0].role': expected one of user, assistant, system"],
  ['system message numeric content', msgs(user, { role: 'system', content: 5 }), 'messages[1].content', "'messages[1].content' must be a string or an array of content blocks"],
  ['system message bad clear_at', msgs(user, { role: 'system', content: 'x', clear_at: 'later' }), 'messages[1].clear_at', "Invalid value for 'messages[1].clear_at': expected one of next_user_message, never"],
  ['missing role', msgs({ content: 'x' }), 'messages[0].role', "'messages[0].role' is required"],
  ['missing content', msgs({ role: 'user' }), 'messages[0].content', "'messages[0].content' is required"],
  ['null content', msgs({ role: 'user', content: null }), 'messages[0].content', "'messages[0].content' must be a string or an array of content blocks"],
  ['nested junk content', msgs({ role: 'user', content: [[[]]] }), 'messages[0].content[0]', "'messages[0].content[0]' must be an object"],
  ['numeric block type', blocks({ type: 7, url: 'x' }), 'messages[0].content[0].type', "'messages[0].content[0].type' must be a block type"],
  ['block type not a name', blocks({ type: 'Video Clip' }), 'messages[0].content[0].type', "'messages[0].content[0].type' must be a block type"],
  ['block without type', blocks({ text: 'x' }), 'messages[0].content[0].type', "'messages[0].content[0].type' is required"],
  ['text block without text', blocks({ type: 'text' }), 'messages[0].content[0].text', "'messages[0].content[0].text' is required"],
  ['bad cache_control type', blocks({ type: 'text', text: 'x', cache_control: { type: 'forever' } }), 'messages[0].content[0].cache_control.type', "Invalid value for 'messages[0].content[0].cache_control.type': expected ephemeral"],
  ['bad cache_control ttl', blocks({ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '1d' } }), 'messages[0].content[0].cache_control.ttl', "Invalid value for 'messages[0].content[0].cache_control.ttl': expected one of 5m, 1h"],
  ['image without source', blocks({ type: 'image' }), 'messages[0].content[0].source', "'messages[0].content[0].source' is required"],
  ['image svg', blocks({ type: 'image', source: { type: 'base64', media_type: 'image/svg+xml', data: 'PHN2Zz4=' } }), 'messages[0].content[0].source.media_type', `Invalid value for 'messages[0].content[0].source.media_type': ${IMAGE_TYPES}`],
  ['image source without type', blocks({ type: 'image', source: { file_id: 'file_1' } }), 'messages[0].content[0].source.type', "'messages[0].content[0].source.type' is required"],
  ['javascript image url', blocks({ type: 'image', source: { type: 'url', url: 'javascript:alert(1)' } }), 'messages[0].content[0].source.url', "'messages[0].content[0].source.url' must be an http(s) URL"],
  ['tool_use without id', msgs({ role: 'assistant', content: [{ type: 'tool_use', name: 'f', input: {} }] }), 'messages[0].content[0].id', "'messages[0].content[0].id' is required"],
  ['tool_use string input', msgs({ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: '{}' }] }), 'messages[0].content[0].input', "'messages[0].content[0].input' must be a JSON object"],
  ['tool_use array input', msgs({ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: [] }] }), 'messages[0].content[0].input', "'messages[0].content[0].input' must be a JSON object"],
  ['tool_result without id', blocks({ type: 'tool_result', content: 'x' }), 'messages[0].content[0].tool_use_id', "'messages[0].content[0].tool_use_id' is required"],
  ['tool_result numeric content', blocks({ type: 'tool_result', tool_use_id: 't', content: 5 }), 'messages[0].content[0].content', "'messages[0].content[0].content' must be a string or an array of content blocks"],
  ['tool_result untyped block', blocks({ type: 'tool_result', tool_use_id: 't', content: [{ source: {} }] }), 'messages[0].content[0].content[0].type', "'messages[0].content[0].content[0].type' is required"],
  ['tool_result string is_error', blocks({ type: 'tool_result', tool_use_id: 't', is_error: 'yes' }), 'messages[0].content[0].is_error', "'messages[0].content[0].is_error' must be a boolean"],
  ['thinking without signature', msgs({ role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }] }), 'messages[0].content[0].signature', "'messages[0].content[0].signature' is required"],
  ['empty redacted data', msgs({ role: 'assistant', content: [{ type: 'redacted_thinking', data: '' }] }), 'messages[0].content[0].data', "'messages[0].content[0].data' must be a non-empty string"],
  ['system as number', ok({ system: 3 }), 'system', "'system' must be a string or an array of text blocks"],
  ['system image block', ok({ system: [{ type: 'image' }] }), 'system[0].type', "Invalid value for 'system[0].type': expected text"],
  ['temperature above 1', ok({ temperature: 1.5 }), 'temperature', "'temperature' must be a number between 0 and 1"],
  ['infinite temperature', JSON.parse('{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"temperature":1e400}'), 'temperature', "'temperature' must be a number between 0 and 1"],
  ['negative top_p', ok({ top_p: -0.1 }), 'top_p', "'top_p' must be a number between 0 and 1"],
  ['fractional top_k', ok({ top_k: 2.5 }), 'top_k', "'top_k' must be a non-negative integer"],
  ['stop_sequences string', ok({ stop_sequences: 'END' }), 'stop_sequences', "'stop_sequences' must be an array of strings"],
  ['numeric stop sequence', ok({ stop_sequences: [1] }), 'stop_sequences[0]', "'stop_sequences[0]' must be a string"],
  ['string stream', ok({ stream: 'true' }), 'stream', "'stream' must be a boolean"],
  ['metadata string', ok({ metadata: 'u1' }), 'metadata', "'metadata' must be an object"],
  ['numeric user_id', ok({ metadata: { user_id: 1 } }), 'metadata.user_id', "'metadata.user_id' must be a string"],
  ['tools object', ok({ tools: {} }), 'tools', "'tools' must be an array"],
  ['tool without input_schema', ok({ tools: [{ name: 'f' }] }), 'tools[0].input_schema', "'tools[0].input_schema' is required"],
  ['tool with array schema', ok({ tools: [{ name: 'f', input_schema: [] }] }), 'tools[0].input_schema', "'tools[0].input_schema' must be a JSON object"],
  ['custom tool without input_schema', ok({ tools: [{ type: 'custom', name: 'f' }] }), 'tools[0].input_schema', "'tools[0].input_schema' is required"],
  ['server tool without name', ok({ tools: [{ type: 'web_search_20250305' }] }), 'tools[0].name', "'tools[0].name' is required"],
  ['numeric tool type', ok({ tools: [{ type: 7, name: 'f' }] }), 'tools[0].type', "'tools[0].type' must be a non-empty string"],
  ['tool as number', ok({ tools: [5] }), 'tools[0]', "'tools[0]' must be an object"],
  ['bad tool_choice', ok({ tool_choice: { type: 'always' } }), 'tool_choice.type', "Invalid value for 'tool_choice.type': expected one of auto, any, tool, none"],
  ['tool_choice string', ok({ tool_choice: 'auto' }), 'tool_choice', "'tool_choice' must be an object"],
  ['tool_choice tool without name', ok({ tool_choice: { type: 'tool' } }), 'tool_choice.name', "'tool_choice.name' is required"],
  ['thinking small budget', ok({ thinking: { type: 'enabled', budget_tokens: 100 } }), 'thinking.budget_tokens', "'thinking.budget_tokens' must be an integer of at least 1024"],
  ['thinking without budget', ok({ thinking: { type: 'enabled' } }), 'thinking.budget_tokens', "'thinking.budget_tokens' is required"],
  ['thinking unknown type', ok({ thinking: { type: 'deep' } }), 'thinking.type', "Invalid value for 'thinking.type': expected one of enabled, disabled, adaptive, between_tools"],
  ['numeric effort', ok({ output_config: { effort: 3 } }), 'output_config.effort', "'output_config.effort' must be a non-empty string"],
];

/** A valid body whose nodes the fuzz test replaces with junk, one per round. */
const TEMPLATE = {
  model: 'm',
  max_tokens: 100,
  system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
    { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'tool_use', id: 'c', name: 'f', input: { a: 1 } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: [{ type: 'text', text: 'r' }], is_error: false }] },
  ],
  tools: [{ name: 'f', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  thinking: { type: 'enabled', budget_tokens: 2048 },
  metadata: { user_id: 'u' },
  stop_sequences: ['a'],
};

describeHostileBodies(parseRequest, HOSTILE, { template: TEMPLATE, rounds: 600, seed: 7, maxDepth: 7, junk: [...FUZZ_JUNK, { type: 'text' }] });
