import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type TextPart, type ToolCallPart } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { readJsonFixture, readPydanticCassette, recordedResponses } from './test-helpers.js';

type Json = Record<string, unknown>;

describe('gemini parseResponse', () => {
  it('parses every recorded answer: text, calls and usage as the upstream reported them', () => {
    const responses = recordedResponses();
    assert.equal(responses.length, 10);
    for (const [name, body] of responses) {
      const res = parseResponse(body);
      const b = body as { candidates: Array<{ content: { parts: Json[] } }>; usageMetadata: Json; responseId: string };
      const parts = b.candidates[0].content.parts;
      const text = parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text).join('');
      const content = res.choices[0].content;
      assert.equal(content.filter((p): p is TextPart => p.type === 'text').map((p) => p.text).join(''), text, name);
      const calls = content.filter((p): p is ToolCallPart => p.type === 'tool-call');
      assert.deepEqual(calls.map((c) => [c.name, JSON.parse(c.arguments)]), parts.filter((p) => p.functionCall).map((p) => [(p.functionCall as Json).name, (p.functionCall as Json).args ?? {}]), name);
      assert.equal(res.usage.inputTokens, b.usageMetadata.promptTokenCount, name);
      assert.equal(res.upstreamId, b.responseId);
    }
  });

  it('keeps the thoughtSignature of a text part and of a call (vercel-ai google-text, google-tool-call)', () => {
    const text = parseResponse(readJsonFixture('vercel-ai__google-text.json'));
    assert.match(String((text.choices[0].content[0] as TextPart).extensions?.fields.thoughtSignature), /^EtoFCtcF/);
    assert.deepEqual(text.choices[0].finishReason, { unified: 'stop', raw: 'STOP' });
    assert.equal(text.upstreamModel, 'gemini-3-pro-preview');
    const call = parseResponse(readJsonFixture('vercel-ai__google-tool-call.json')).choices[0];
    const part = call.content[0] as ToolCallPart;
    assert.match(part.id, /^call_[A-Za-z0-9]{24}$/);
    assert.match(String(part.extensions?.fields.thoughtSignature), /^EskgCsYg/);
    assert.deepEqual(call.finishReason, { unified: 'tool-calls', raw: 'STOP' });
  });

  it('reads three parallel calls with distinct ids, and MAX_TOKENS as length', () => {
    const [first] = readPydanticCassette('pydantic-ai__test_google_instructions_only_with_tool_calls.yaml');
    const calls = parseResponse(first.responseJson).choices[0].content.filter((p): p is ToolCallPart => p.type === 'tool-call');
    assert.equal(calls.length, 3);
    assert.equal(new Set(calls.map((c) => c.id)).size, 3);
    const [max] = readPydanticCassette('pydantic-ai__test_google_model_max_tokens.yaml');
    assert.equal(parseResponse(max.responseJson).choices[0].finishReason.unified, 'length');
  });

  it('answers a blocked prompt with an empty, filtered choice; refuses what is not a Gemini answer', () => {
    const blocked = parseResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 7 } });
    assert.deepEqual(blocked.choices, [{ index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'SAFETY' } }]);
    assert.equal(blocked.usage.inputTokens, 7);
    assert.throws(() => parseResponse({ candidates: 'x' }), (e: unknown) => e instanceof GatewayError && e.reason === 'provider_error');
    assert.throws(() => parseResponse('nope'), (e: unknown) => e instanceof GatewayError && e.reason === 'provider_error');
  });
});
