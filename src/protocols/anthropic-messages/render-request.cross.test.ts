import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../core/index.js';
import { renderRequest } from './render-request.js';

type Json = Record<string, unknown>;

/* Canonical requests as an OpenAI Chat client produces them (built by hand, not by importing openai-chat). */

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGNgGP7/fwYGBgYGAAAs/wH9MTIxTwAAAABJRU5ErkJggg==';
const SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

const openaiStyle = (): ChatRequest => ({
  model: 'anthropic/claude-sonnet-4-5',
  stream: true,
  streamUsage: true,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are a weather bot.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }, { type: 'image', url: 'https://example.com/map.png', detail: 'low' }, { type: 'image', data: PNG, mediaType: 'image/png' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two cities: call the tool twice.' },
        { type: 'text', text: 'Checking both.' },
        { type: 'tool-call', id: 'call_A', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_B', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_A', content: [{ type: 'text', text: '18C' }] }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_B', content: [{ type: 'text', text: '24C' }] }] },
    { role: 'system', content: [{ type: 'text', text: 'Answer in one line.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Which is warmer?' }] },
  ],
  tools: [{ name: 'get_weather', description: 'Weather by city', parameters: SCHEMA, strict: true }],
  toolChoice: { type: 'auto' },
  parallelToolCalls: true,
  responseFormat: { type: 'json_schema', name: 'answer', schema: SCHEMA, strict: true },
  reasoning: { effort: 'high' },
  temperature: 1,
  stop: ['END'],
  n: 2,
  seed: 7,
  presencePenalty: 0.5,
  frequencyPenalty: 0.1,
  user: 'user-42',
  extensions: { protocol: 'openai', fields: { logprobs: true, service_tier: 'flex' } },
});

describe('renderRequest: an OpenAI-style canonical request → a valid Anthropic body', () => {
  const { body, warnings } = renderRequest(openaiStyle(), { model: 'claude-sonnet-4-5-20250929', defaultMaxTokens: 8192 });
  const messages = body.messages as Array<{ role: string; content: string | Json[] }>;

  it('moves every system message to the top-level system, the JSON instruction last', () => {
    const system = body.system as Json[];
    assert.deepEqual(system.slice(0, 2), [
      { type: 'text', text: 'You are a weather bot.' },
      { type: 'text', text: 'Answer in one line.' },
    ]);
    assert.match(system[2].text as string, /single valid JSON object/);
    assert.ok((system[2].text as string).includes(JSON.stringify(SCHEMA)));
    assert.ok((system[2].text as string).includes('"answer"'));
  });

  it('alternates user and assistant, grouping both tool results and the next user text in one user turn', () => {
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(messages[0].content, [
      { type: 'text', text: 'Weather in Paris and Rome?' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/map.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
    // The unsigned reasoning is dropped (Anthropic rejects it); text and both calls stay in order.
    assert.deepEqual(messages[1].content, [
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_A', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_B', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    assert.deepEqual(messages[2].content, [
      { type: 'tool_result', tool_use_id: 'call_A', content: '18C' },
      { type: 'tool_result', tool_use_id: 'call_B', content: '24C' },
      { type: 'text', text: 'Which is warmer?' },
    ]);
  });

  it('renders tools, tool_choice, max_tokens default, stop, metadata and stream', () => {
    assert.equal(body.model, 'claude-sonnet-4-5-20250929');
    assert.equal(body.max_tokens, 8192);
    assert.deepEqual(body.tools, [{ name: 'get_weather', description: 'Weather by city', input_schema: SCHEMA }]);
    assert.deepEqual(body.tool_choice, { type: 'auto', disable_parallel_tool_use: false });
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.metadata, { user_id: 'user-42' });
    assert.equal(body.stream, true);
    assert.equal(body.temperature, 1);
    for (const key of ['n', 'seed', 'presence_penalty', 'frequency_penalty', 'logprobs', 'service_tier', 'stream_options', 'response_format']) assert.equal(body[key], undefined, key);
  });

  it('drops thinking, since the last assistant turn calls tools without a signed thinking block', () => {
    assert.equal(body.thinking, undefined);
  });

  it('lists every warning', () => {
    assert.deepEqual(warnings, [
      'dropped unsupported reasoning without an Anthropic signature in messages[2]',
      `response_format 'json_schema' sent as a system instruction (Anthropic has no JSON mode)`,
      `dropped unsupported field 'strict' of tool 'get_weather'`,
      'thinking budget 16384 clamped to 8191 (must be below max_tokens 8192)',
      'dropped thinking: the last assistant turn calls tools without a signed thinking block, which Anthropic rejects',
      `dropped unsupported field 'n' (Anthropic returns one choice)`,
      `dropped unsupported field 'seed'`,
      `dropped unsupported field 'presence_penalty'`,
      `dropped unsupported field 'frequency_penalty'`,
      `dropped unsupported field 'logprobs'`,
      `dropped unsupported field 'service_tier'`,
    ]);
  });

  it('turns reasoning effort into a thinking budget below max_tokens on a fresh question', () => {
    const req: ChatRequest = { ...openaiStyle(), messages: openaiStyle().messages.slice(0, 2), maxOutputTokens: 32000, extensions: undefined, n: undefined, seed: undefined, presencePenalty: undefined, frequencyPenalty: undefined, responseFormat: { type: 'json_object' } };
    const out = renderRequest(req, { model: 'claude-sonnet-4-5', defaultMaxTokens: 8192 });
    assert.deepEqual(out.body.thinking, { type: 'enabled', budget_tokens: 16384 });
    assert.ok((out.body.thinking as { budget_tokens: number }).budget_tokens < (out.body.max_tokens as number));
    assert.match(((out.body.system as Json[])[1].text as string), /^Respond with a single valid JSON object/);
    assert.deepEqual(out.warnings, [`response_format 'json_object' sent as a system instruction (Anthropic has no JSON mode)`, `dropped unsupported field 'strict' of tool 'get_weather'`]);
  });

  it('maps required → any and parallel false → disable_parallel_tool_use, and then drops thinking', () => {
    const req: ChatRequest = { ...openaiStyle(), messages: openaiStyle().messages.slice(0, 2), toolChoice: { type: 'required' }, parallelToolCalls: false, maxOutputTokens: 32000 };
    const out = renderRequest(req, { model: 'm', defaultMaxTokens: 8192 });
    assert.deepEqual(out.body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
    assert.equal(out.body.thinking, undefined);
    assert.ok(out.warnings.includes(`dropped thinking: Anthropic does not allow it with a forced tool_choice 'any'`));
    const noChoice = renderRequest({ ...req, toolChoice: undefined, reasoning: undefined }, { model: 'm', defaultMaxTokens: 8192 });
    assert.deepEqual(noChoice.body.tool_choice, { type: 'auto', disable_parallel_tool_use: true });
  });
});
