import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { readCassette, readJsonFixture } from './test-helpers.js';

type Json = Record<string, unknown>;
const cassetteBody = (name: string): Json => JSON.parse(readCassette(name).responseBody) as Json;

describe('parseResponse', () => {
  it('parses a text completion with its ids, fingerprint and full usage', () => {
    const body = readJsonFixture('vercel-ai__openai-text.json') as Json;
    const res = parseResponse(body);
    assert.equal(res.upstreamId, 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU');
    assert.equal(res.upstreamModel, 'gpt-4.1-nano-2025-04-14');
    assert.equal(res.systemFingerprint, 'fp_de604bd877');
    assert.equal(res.created, 1770933883);
    assert.equal(res.choices.length, 1);
    const [choice] = res.choices;
    assert.equal(choice.index, 0);
    assert.equal(choice.content.length, 1);
    assert.equal(choice.content[0].type, 'text');
    assert.ok(choice.content[0].type === 'text' && choice.content[0].text.startsWith('**Holiday Name:** Galaxy Day'));
    assert.deepEqual(choice.finishReason, { unified: 'stop', raw: 'stop' });
    assert.equal(choice.logprobs, undefined);
    assert.deepEqual(res.usage, { inputTokens: 16, outputTokens: 363, cacheReadTokens: 0, reasoningTokens: 0, raw: body.usage });
  });

  it('reads cached prompt tokens (prompt caching, second attempt)', () => {
    const wrapper = readJsonFixture('vercel-ai__openai-chat-cached-input-tokens-11178.json') as { attempts: Array<{ rawResponseBody: unknown }> };
    const res = parseResponse(wrapper.attempts[1].rawResponseBody);
    assert.equal(res.usage.inputTokens, 10122);
    assert.equal(res.usage.cacheReadTokens, 9984);
    assert.equal(res.usage.outputTokens, 1);
  });

  it('parses a tool call reply with reasoning tokens (envoy chat-tools)', () => {
    const res = parseResponse(cassetteBody('envoy-ai-gateway__chat-tools.yaml'));
    assert.deepEqual(res.choices[0].content, [
      { type: 'tool-call', id: 'call_8fxy20OEu9ulvvaa5b5CzVA4', name: 'get_current_weather', arguments: '{"location":"Boston, MA","unit":"fahrenheit"}' },
    ]);
    assert.deepEqual(res.choices[0].finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assert.equal(res.systemFingerprint, undefined);
    assert.equal(res.usage.reasoningTokens, 256);
    assert.equal(res.usage.outputTokens, 287);
  });

  it('parses a reasoning model reply (envoy chat-reasoning)', () => {
    const res = parseResponse(cassetteBody('envoy-ai-gateway__chat-reasoning.yaml'));
    assert.equal(res.usage.reasoningTokens, 192);
    assert.equal(res.usage.outputTokens, 267);
    assert.equal(res.usage.inputTokens, 27);
  });

  it('parses an empty answer cut off by length (envoy chat-detailed-usage)', () => {
    const res = parseResponse(cassetteBody('envoy-ai-gateway__chat-detailed-usage.yaml'));
    assert.deepEqual(res.choices[0].content, []);
    assert.deepEqual(res.choices[0].finishReason, { unified: 'length', raw: 'length' });
    assert.deepEqual({ ...res.usage, raw: undefined }, { inputTokens: 12, outputTokens: 100, cacheReadTokens: 0, reasoningTokens: 100, raw: undefined });
  });

  it('puts vendor reasoning first, then text, refusal and tool calls; keeps logprobs', () => {
    const logprobs = { content: [{ token: 'a', logprob: -0.1 }] };
    const res = parseResponse({
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'a', reasoning_content: 'think', refusal: 'no', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'stop', logprobs },
        { index: 1, message: { role: 'assistant', content: 'b', reasoning: 'other vendor' }, finish_reason: 'eos' },
      ],
    });
    assert.deepEqual(res.choices[0].content, [
      { type: 'reasoning', text: 'think' },
      { type: 'text', text: 'a' },
      { type: 'refusal', text: 'no' },
      { type: 'tool-call', id: 'c', name: 'f', arguments: '{}' },
    ]);
    assert.deepEqual(res.choices[0].logprobs, logprobs);
    assert.deepEqual(res.choices[1].content, [{ type: 'reasoning', text: 'other vendor' }, { type: 'text', text: 'b' }]);
    assert.deepEqual(res.choices[1].finishReason, { unified: 'other', raw: 'eos' });
  });

  it('maps finish reasons and DeepSeek cache hits; absent counts stay undefined', () => {
    const res = parseResponse({
      choices: [
        { message: { content: 'x' }, finish_reason: 'function_call' },
        { message: { content: 'y' }, finish_reason: 'content_filter' },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 },
    });
    assert.equal(res.choices[0].finishReason.unified, 'tool-calls');
    assert.equal(res.choices[1].finishReason.unified, 'content-filter');
    assert.equal(res.usage.cacheReadTokens, 64);
    assert.equal(res.usage.reasoningTokens, undefined);
    assert.equal('reasoningTokens' in res.usage, false);
    assert.deepEqual(parseResponse({ choices: [{ message: { content: 'x' } }] }).usage, {});
  });

  it('rejects what is not a chat.completion with provider_error', () => {
    const bodies: unknown[] = [
      null,
      'oops',
      [],
      {},
      { choices: 'x' },
      { choices: [{}] },
      { choices: [{ message: { tool_calls: [{ id: 'c' }] } }] },
      readJsonFixture('vercel-ai__reasoning-model-legacy-parameter-error.json'),
    ];
    for (const body of bodies) {
      assert.throws(
        () => parseResponse(body),
        (err: unknown) =>
          err instanceof GatewayError &&
          err.reason === 'provider_error' &&
          err.message === 'The upstream provider returned an invalid response' &&
          typeof err.detail === 'string',
        JSON.stringify(body),
      );
    }
  });
});
