import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest } from './parse-request.js';
import { readJsonFixture } from './test-helpers.js';

type ClientFixture = { body: Record<string, unknown> };
const user = { role: 'user', content: 'hi' };
const ok = (extra: Record<string, unknown>) => ({ model: 'gpt-4.1', messages: [user], ...extra });
const msgs = (...messages: unknown[]) => ({ model: 'gpt-4.1', messages });

describe('parseRequest', () => {
  it('parses the openai-python tools stream request (first turn)', () => {
    const [first] = readJsonFixture('openai-python-chat-tools-stream.json') as ClientFixture[];
    const req = parseRequest(first.body);
    assert.equal(req.model, 'gpt-4.1-mini');
    assert.equal(req.stream, true);
    assert.equal(req.streamUsage, true);
    assert.equal(req.temperature, 0.2);
    assert.equal(req.parallelToolCalls, true);
    assert.deepEqual(req.toolChoice, { type: 'auto' });
    assert.deepEqual(req.messages[0], { role: 'system', content: [{ type: 'text', text: 'You are a support assistant for an online shop. Answer briefly.' }] });
    assert.equal(req.tools?.length, 2);
    assert.equal(req.tools?.[0].strict, true);
    assert.equal(req.tools?.[1].strict, undefined);
    assert.deepEqual((req.tools?.[1].parameters as { properties: { carrier: unknown } }).properties.carrier, {
      type: ['string', 'null'],
      enum: ['ups', 'dhl', 'fedex', null],
    });
    assert.equal(req.extensions, undefined);
  });

  it('parses the follow-up turn: assistant content null, tool_calls verbatim, tool results', () => {
    const [, second] = readJsonFixture('openai-python-chat-tools-stream.json') as ClientFixture[];
    const req = parseRequest(second.body);
    assert.deepEqual(req.messages[2], {
      role: 'assistant',
      content: [
        { type: 'tool-call', id: 'call_ab2w0VgCDVpb5jlKQY8t1qnQ', name: 'get_order_status', arguments: '{"order_id":"A-1001"}' },
        { type: 'tool-call', id: 'call_pCRDH8HbRyPwRSeLNfsAkxJV', name: 'list_shipments', arguments: '{"customer_id":"C-77","limit":2,"carrier":null}' },
      ],
    });
    assert.deepEqual(req.messages[3], {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'call_ab2w0VgCDVpb5jlKQY8t1qnQ', content: [{ type: 'text', text: '{"order_id":"A-1001","status":"shipped"}' }] }],
    });
    assert.equal(req.messages.length, 5);
  });

  it('parses the openai-node image + json_schema request', () => {
    const fixture = readJsonFixture('openai-node-chat-image-json-schema.json') as ClientFixture;
    const req = parseRequest(fixture.body);
    assert.equal(req.stream, false);
    assert.equal(req.maxOutputTokens, 400);
    assert.deepEqual(req.messages[0], { role: 'system', content: [{ type: 'text', text: 'Describe images as structured data.' }] });
    const image = req.messages[1].content[1];
    assert.equal(image.type, 'image');
    assert.equal(image.type === 'image' && image.mediaType, 'image/png');
    assert.equal(image.type === 'image' && image.detail, 'low');
    assert.ok(image.type === 'image' && image.data?.startsWith('iVBORw0KGgo') && image.url === undefined);
    assert.equal(req.responseFormat?.type, 'json_schema');
    assert.equal(req.responseFormat?.type === 'json_schema' && req.responseFormat.name, 'image_summary');
    assert.equal(req.responseFormat?.type === 'json_schema' && req.responseFormat.strict, true);
  });

  it('keeps unknown top-level fields as openai extensions, verbatim', () => {
    const extra = { logprobs: true, top_logprobs: 3, logit_bias: { '50256': -100 }, metadata: { a: 'b' }, store: false, service_tier: 'flex', modalities: ['text'] };
    const req = parseRequest(ok(extra));
    assert.deepEqual(req.extensions, { protocol: 'openai', fields: extra });
  });

  it('keeps a "__proto__" field as inert data', () => {
    const req = parseRequest(JSON.parse('{"model":"m","messages":[{"role":"user","content":"x"}],"__proto__":{"polluted":1}}'));
    assert.deepEqual(Object.keys(req.extensions?.fields ?? {}), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(req.extensions?.fields), Object.prototype);
  });

  it('maps the sampling and limit fields, taking the smaller of two token limits', () => {
    const req = parseRequest(
      ok({ max_tokens: 500, max_completion_tokens: 300, top_p: 0.5, stop: 'END', n: 2, seed: 7, presence_penalty: -1, frequency_penalty: 1.5, reasoning_effort: 'low', user: 'u1' }),
    );
    assert.equal(req.maxOutputTokens, 300);
    assert.deepEqual(req.stop, ['END']);
    assert.deepEqual(
      [req.topP, req.n, req.seed, req.presencePenalty, req.frequencyPenalty, req.reasoning?.effort, req.user],
      [0.5, 2, 7, -1, 1.5, 'low', 'u1'],
    );
  });

  it('treats explicit nulls of optional fields as absent', () => {
    const req = parseRequest(ok({ temperature: null, tools: null, stop: null, stream: null, stream_options: null }));
    assert.equal(req.temperature, undefined);
    assert.equal(req.tools, undefined);
    assert.equal(req.stream, false);
  });

  it('parses assistant refusal, name, text/refusal content parts and a named tool_choice', () => {
    const req = parseRequest({
      ...msgs(
        { role: 'user', content: 'x', name: 'alice' },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'refusal', refusal: 'no' }], refusal: 'sorry' },
      ),
      tool_choice: { type: 'function', function: { name: 'f' } },
    });
    assert.equal(req.messages[0].name, 'alice');
    assert.deepEqual(req.messages[1].content, [
      { type: 'text', text: 'a' },
      { type: 'refusal', text: 'no' },
      { type: 'refusal', text: 'sorry' },
    ]);
    assert.deepEqual(req.toolChoice, { type: 'tool', name: 'f' });
  });

  it('accepts http image URLs, input_audio and inline files as parts', () => {
    const req = parseRequest(
      msgs({
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
        ],
      }),
    );
    assert.deepEqual(req.messages[0].content, [
      { type: 'image', url: 'https://example.com/a.png' },
      { type: 'file', data: 'UklGRg==', mediaType: 'audio/wav' },
      { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf', filename: 'a.pdf' },
    ]);
  });
});
