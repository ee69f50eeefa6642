import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatResponse } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';
import { readCassette, readJsonFixture } from './test-helpers.js';

type Json = Record<string, unknown>;
type Message = { role: string; content: string | null; refusal: string | null; tool_calls?: unknown; reasoning_content?: string };
const meta = { id: 'gen-abcdefghijklmnopqrstuvwx', model: 'openai/gpt-4.1', created: 1770000000, xChuizi: { generation_id: 'gen-abcdefghijklmnopqrstuvwx', cost: '0.00057600' } };

/** Upstream JSON → core → client JSON. */
function roundTrip(upstream: unknown): { out: Json; choice: Json; message: Message } {
  const out = renderResponse(parseResponse(upstream), meta);
  const choice = (out.choices as Json[])[0];
  return { out, choice, message: choice.message as Message };
}

describe('renderResponse', () => {
  it('renders the text fixture field by field', () => {
    const upstream = readJsonFixture('vercel-ai__openai-text.json') as { choices: Array<{ message: { content: string } }>; usage: Json };
    const { out, choice, message } = roundTrip(upstream);
    assert.equal(out.id, meta.id);
    assert.equal(out.object, 'chat.completion');
    assert.equal(out.created, meta.created);
    assert.equal(out.model, meta.model);
    assert.equal(out.system_fingerprint, 'fp_de604bd877');
    assert.deepEqual(out.x_chuizi, meta.xChuizi);
    assert.deepEqual(message, { role: 'assistant', content: upstream.choices[0].message.content, refusal: null });
    assert.equal(choice.index, 0);
    assert.equal(choice.logprobs, null);
    assert.equal(choice.finish_reason, 'stop');
    assert.deepEqual(out.usage, {
      prompt_tokens: 16,
      completion_tokens: 363,
      total_tokens: 379,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('renders cached tokens', () => {
    const wrapper = readJsonFixture('vercel-ai__openai-chat-cached-input-tokens-11178.json') as { attempts: Array<{ rawResponseBody: unknown }> };
    const { out } = roundTrip(wrapper.attempts[1].rawResponseBody);
    assert.deepEqual(out.usage, {
      prompt_tokens: 10122,
      completion_tokens: 1,
      total_tokens: 10123,
      prompt_tokens_details: { cached_tokens: 9984 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('renders tool calls with null content and reasoning tokens (envoy chat-tools)', () => {
    const upstream = JSON.parse(readCassette('envoy-ai-gateway__chat-tools.yaml').responseBody) as { choices: Array<{ message: { tool_calls: unknown } }> };
    const { out, choice, message } = roundTrip(upstream);
    assert.equal(message.content, null);
    assert.equal(message.refusal, null);
    assert.deepEqual(message.tool_calls, upstream.choices[0].message.tool_calls);
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal('system_fingerprint' in out, false);
    assert.deepEqual(out.usage, {
      prompt_tokens: 162,
      completion_tokens: 287,
      total_tokens: 449,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 256 },
    });
  });

  it('renders an empty answer as "" with finish_reason length (envoy chat-detailed-usage)', () => {
    const { out, choice, message } = roundTrip(JSON.parse(readCassette('envoy-ai-gateway__chat-detailed-usage.yaml').responseBody));
    assert.equal(message.content, '');
    assert.equal(choice.finish_reason, 'length');
    assert.deepEqual((out.usage as Json).completion_tokens_details, { reasoning_tokens: 100 });
  });

  it('renders reasoning, refusals and finish reasons from other protocols; 0 for unreported usage', () => {
    const res: ChatResponse = {
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'step 1' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'text', text: 'Hello' },
            { type: 'tool-call', id: 'toolu_1', name: 'f', arguments: '{"x":1}' },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        },
        { index: 1, content: [{ type: 'refusal', text: 'No.' }], finishReason: { unified: 'content-filter', raw: 'SAFETY' } },
        { index: 2, content: [{ type: 'text', text: 'x' }], finishReason: { unified: 'error' } },
        { index: 3, content: [{ type: 'text', text: 'y' }], finishReason: { unified: 'tool-calls', raw: 'function_call' } },
      ],
      usage: { inputTokens: 10 },
    };
    const out = renderResponse(res, meta);
    const choices = out.choices as Array<{ message: Message; finish_reason: string }>;
    assert.deepEqual(choices[0].message, {
      role: 'assistant',
      content: 'Hello',
      refusal: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
      reasoning_content: 'step 1',
    });
    assert.deepEqual(choices[1].message, { role: 'assistant', content: null, refusal: 'No.' });
    assert.deepEqual(choices.map((c) => c.finish_reason), ['tool_calls', 'content_filter', 'stop', 'function_call']);
    assert.deepEqual(out.usage, {
      prompt_tokens: 10,
      completion_tokens: 0,
      total_tokens: 10,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });
});

describe('custom tool calls and the deprecated function_call in answers', () => {
  it('gives an OpenAI client back the custom tool call and the function_call the upstream answered with', () => {
    const custom = { id: 'call_1', type: 'custom', custom: { name: 'grep', input: 'TODO src/' } };
    const { message, choice } = roundTrip({
      id: 'c', object: 'chat.completion', created: 1, model: 'gpt-5',
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [custom] }, finish_reason: 'tool_calls' }],
    });
    assert.deepEqual(message.tool_calls, [custom]);
    assert.equal(choice.finish_reason, 'tool_calls');
    const legacy = roundTrip({
      id: 'c', object: 'chat.completion', created: 1, model: 'gpt-3.5-turbo',
      choices: [{ index: 0, message: { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } }, finish_reason: 'function_call' }],
    });
    assert.deepEqual((legacy.message as Json).function_call, { name: 'lookup', arguments: '{"q":1}' });
    assert.equal(legacy.message.tool_calls, undefined);
    assert.equal(legacy.message.content, null);
    assert.equal(legacy.choice.finish_reason, 'function_call');
  });
});
