import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { readHttprr, readJsonFixture, readPydanticCassette } from './test-helpers.js';

type Json = Record<string, unknown>;

describe('parseResponse', () => {
  it('parses a text reply with its id, model, stop reason and usage (vercel-ai anthropic-text)', () => {
    const body = readJsonFixture('vercel-ai__anthropic-text.json') as Json;
    const res = parseResponse(body);
    assert.equal(res.upstreamId, 'msg_01VdEjxAP5ahtHKrrRdNBteQ');
    assert.equal(res.upstreamModel, 'claude-sonnet-4-5-20250929');
    assert.equal(res.choices.length, 1);
    assert.deepEqual(res.choices[0].content, [{ type: 'text', text: (body.content as Json[])[0].text }]);
    assert.deepEqual(res.choices[0].finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(res.usage, { inputTokens: 12, outputTokens: 29, cacheReadTokens: 0, cacheWriteTokens: 0, raw: body.usage });
  });

  it('keeps thinking with its signature before the text (vercel-ai clear-thinking)', () => {
    const body = readJsonFixture('vercel-ai__anthropic-clear-thinking.1.json') as { content: Json[] };
    const res = parseResponse(body);
    assert.deepEqual(res.choices[0].content, [
      { type: 'reasoning', text: '925 divided by 5 = 185', signature: body.content[0].signature },
      { type: 'text', text: '925 ÷ 5 = 185' },
    ]);
  });

  it('parses a no-argument tool call: arguments "{}", stop reason tool_use (vercel-ai tool-no-args)', () => {
    const res = parseResponse(readJsonFixture('vercel-ai__anthropic-tool-no-args.json'));
    assert.deepEqual(res.choices[0].content[1], { type: 'tool-call', id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' });
    assert.deepEqual(res.choices[0].finishReason, { unified: 'tool-calls', raw: 'tool_use' });
  });

  it('parses thinking + text + tool_use in one message (pydantic-ai tool_with_thinking)', () => {
    const [first] = readPydanticCassette('pydantic-ai__test_anthropic_tool_with_thinking.yaml');
    const res = parseResponse(first.responseJson);
    assert.deepEqual(res.choices[0].content.map((p) => p.type), ['reasoning', 'text', 'tool-call']);
    assert.equal(res.usage.inputTokens, 398);
  });

  it('parses four parallel tool calls in order (pydantic-ai multiple_parallel_tool_calls)', () => {
    const [first] = readPydanticCassette('pydantic-ai__test_multiple_parallel_tool_calls.yaml');
    const calls = parseResponse(first.responseJson).choices[0].content.filter((p) => p.type === 'tool-call');
    assert.deepEqual(calls.map((c) => c.type === 'tool-call' && JSON.parse(c.arguments).name), ['Alice', 'Bob', 'Charlie', 'Daisy']);
  });

  it('adds cache reads and writes to inputTokens exactly once (pydantic-ai cache_real_api)', () => {
    const [read, readWrite] = readPydanticCassette('pydantic-ai__test_anthropic_cache_real_api.yaml').map((x) => parseResponse(x.responseJson).usage);
    assert.deepEqual({ ...read, raw: undefined }, { inputTokens: 3 + 1111, outputTokens: 406, cacheReadTokens: 1111, cacheWriteTokens: 0, raw: undefined });
    assert.deepEqual({ ...readWrite, raw: undefined }, { inputTokens: 3 + 1111 + 418, outputTokens: 33, cacheReadTokens: 1111, cacheWriteTokens: 418, raw: undefined });
  });

  it('leaves counts the upstream did not send undefined, and keeps server-tool blocks and citations verbatim', () => {
    const search = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } };
    const result = { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.com', title: 'Ex', encrypted_content: 'Eq…', page_age: null }] };
    const citation = { type: 'web_search_result_location', url: 'https://example.com', title: 'Ex', encrypted_index: 'Eo…', cited_text: 'hi' };
    const res = parseResponse({
      type: 'message',
      content: [search, result, { type: 'text', text: 'hi', citations: [citation] }, { type: 'text', text: '.', citations: null }],
      stop_reason: 'pause_turn',
      usage: { output_tokens: 5 },
    });
    assert.deepEqual(res.choices[0].content, [
      { type: 'native', protocol: 'anthropic', block: search },
      { type: 'native', protocol: 'anthropic', block: result },
      { type: 'text', text: 'hi', citations: [citation] },
      { type: 'text', text: '.' },
    ]);
    assert.deepEqual(res.choices[0].finishReason, { unified: 'other', raw: 'pause_turn' });
    assert.deepEqual(res.usage, { outputTokens: 5, raw: { output_tokens: 5 } });
    assert.deepEqual(parseResponse({ content: [], stop_reason: null }).usage, {});
  });

  it('keeps the matched stop_sequence in the finish reason', () => {
    const res = parseResponse({ type: 'message', content: [{ type: 'text', text: '1, 2' }], stop_reason: 'stop_sequence', stop_sequence: ', 3', usage: {} });
    assert.deepEqual(res.choices[0].finishReason, { unified: 'stop', raw: 'stop_sequence', stopSequence: ', 3' });
    const end = parseResponse({ type: 'message', content: [], stop_reason: 'end_turn', stop_sequence: null });
    assert.deepEqual(end.choices[0].finishReason, { unified: 'stop', raw: 'end_turn' });
  });

  it('parses the langchaingo and image-url replies', () => {
    assert.equal(parseResponse(readHttprr('langchaingo__TestClient_CreateMessage.httprr').responseJson).usage.inputTokens, 13);
    const [image] = readPydanticCassette('pydantic-ai__test_image_url_input.yaml');
    assert.match((parseResponse(image.responseJson).choices[0].content[0] as { text: string }).text, /potato/);
  });

  it('throws provider_error for anything that is not a message', () => {
    const bad: unknown[] = [
      null,
      'text',
      [],
      {},
      { type: 'message', content: 'hi' },
      { content: [{ type: 'text' }] },
      { content: [{ type: 'tool_use', id: 1, name: 'f', input: {} }] },
      { content: [{ text: 'no type' }] },
      readJsonFixture('vercel-ai__anthropic-issue-17366-error.json'),
      readPydanticCassette('pydantic-ai__test_model_name_suggestion-anthropic.yaml')[0].responseJson,
    ];
    for (const body of bad) {
      assert.throws(() => parseResponse(body), (err: unknown) => err instanceof GatewayError && err.reason === 'provider_error' && err.status === 502, JSON.stringify(body));
    }
  });
});
