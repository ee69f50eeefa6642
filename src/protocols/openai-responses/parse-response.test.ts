import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayError } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { readJsonFixture, readPydanticCassette } from './test-helpers.js';

describe('openai-responses parseResponse (recorded bodies)', () => {
  it('reads a text reply with its usage (pydantic-ai simple response)', () => {
    const [{ body }] = readPydanticCassette('pydantic-ai__test_openai_responses_model_simple_response.yaml');
    const res = parseResponse(body);
    assert.deepEqual(res.choices[0].content, [{ type: 'text', text: 'The capital of France is Paris.' }]);
    assert.deepEqual(res.choices[0].finishReason, { unified: 'stop', raw: 'completed' });
    assert.deepEqual({ ...res.usage, raw: undefined }, { inputTokens: 14, outputTokens: 8, cacheReadTokens: 0, reasoningTokens: 0, raw: undefined });
    assert.equal(res.upstreamId, 'resp_68c2e8c147ac819491bcd667055eadbc02e845978fbbb592');
    assert.equal(res.upstreamModel, 'gpt-4o-2024-08-06');
    assert.equal(res.created, 1757604033);
  });

  it('reads a function call (call_id is the id) and finishes with tool-calls', () => {
    const [first, second] = readPydanticCassette('pydantic-ai__test_openai_responses_model_simple_response_with_tool_call.yaml');
    const res = parseResponse(first.body);
    assert.deepEqual(res.choices[0].content, [{ type: 'tool-call', id: 'call_YfwRsW8sUxDKipwyhWTzOXCA', name: 'get_capital', arguments: '{"country":"PotatoLand"}' }]);
    assert.equal(res.choices[0].finishReason.unified, 'tool-calls');
    assert.deepEqual(parseResponse(second.body).choices[0].content, [{ type: 'text', text: 'The capital of PotatoLand is Potato City.' }]);
  });

  it('keeps a reasoning item whole: summary text, id and encrypted_content (vercel-ai)', () => {
    const body = readJsonFixture('vercel-ai__openai-reasoning-encrypted-content.1.json');
    const res = parseResponse(body);
    const [reasoning, text] = res.choices[0].content;
    assert.ok(reasoning.type === 'reasoning');
    assert.match(reasoning.text, /^\*\*Reporting final result\*\*/);
    assert.equal(reasoning.extensions?.fields.encrypted_content, body.output[0].encrypted_content);
    assert.equal(reasoning.extensions?.fields.id, body.output[0].id);
    assert.deepEqual(text, { type: 'text', text: body.output[1].content[0].text });
    assert.equal(res.usage.reasoningTokens, 128);
    assert.equal(res.usage.outputTokens, 163);
  });

  it('maps incomplete answers and keeps unknown items as native blocks', () => {
    const res = parseResponse({ id: 'r', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'web_search_call', id: 'ws', status: 'completed' }, { type: 'custom_tool_call', call_id: 'c', name: 'apply_patch', input: 'P' }], usage: null });
    assert.deepEqual(res.choices[0].finishReason, { unified: 'length', raw: 'max_output_tokens' });
    assert.deepEqual(res.choices[0].content, [
      { type: 'native', protocol: 'openai-responses', block: { type: 'web_search_call', id: 'ws', status: 'completed' } },
      { type: 'tool-call', id: 'c', name: 'apply_patch', arguments: '{"input":"P"}' },
    ]);
    assert.deepEqual(res.usage, {});
  });

  it('rejects what is not a response object as an upstream error (502), never a crash', () => {
    for (const body of [null, 'x', {}, { output: 'no' }, { output: [1] }, { output: [{ type: 'function_call' }] }, readJsonFixture('vercel-ai__openai-error.1.json')]) {
      assert.throws(() => parseResponse(body), (e: GatewayError) => e.reason === 'provider_error' && e.status === 502);
    }
  });
});
