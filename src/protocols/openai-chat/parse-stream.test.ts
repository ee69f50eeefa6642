import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type SseMessage, type StreamEvent } from '../../core/index.js';
import { createParseStream } from './parse-stream.js';
import { chunksToSse, parseSse, readCassette, readFixture, runTransform, summarizeEvents } from './test-helpers.js';

const parse = (messages: SseMessage[]) => runTransform(createParseStream(), messages);
const parseFixture = (name: string) => parse(parseSse(readFixture(name)));
const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseMessage => ({
  data: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices, ...extra }),
});
const toolDelta = (calls: unknown[], index = 0) => ({ index, delta: { tool_calls: calls }, finish_reason: null });

describe('createParseStream', () => {
  it('parses a text stream: one start, text deltas, finish, usage (openai-python text)', async () => {
    const events = await parseFixture('openai-python__chat-stream-text.e2aad469.sse');
    assert.deepEqual(events[0], { type: 'start', upstreamId: 'chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL', upstreamModel: 'gpt-4o-2024-08-06' });
    const s = summarizeEvents(events);
    assert.equal(s.starts, 1);
    assert.ok(s.text[0].startsWith("I'm unable to provide real-time weather updates"));
    assert.deepEqual(s.finish[0], { unified: 'stop', raw: 'stop' });
    assert.deepEqual(events.at(-1), {
      type: 'usage',
      usage: { inputTokens: 14, outputTokens: 30, reasoningTokens: 0, raw: { prompt_tokens: 14, completion_tokens: 30, total_tokens: 44, completion_tokens_details: { reasoning_tokens: 0 } } },
    });
    assert.equal(events.filter((e) => e.type === 'text-delta' && e.text === '').length, 0);
  });

  it('parses a tool call whose first chunk carries role, id and name (openai-python tool-call)', async () => {
    const events = await parseFixture('openai-python__chat-stream-tool-call.a247c49c.sse');
    const starts = events.filter((e) => e.type === 'tool-call-start');
    assert.deepEqual(starts, [{ type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'call_CTf1nWJLqSeRgDqaCG27xZ74', name: 'get_weather' }]);
    const s = summarizeEvents(events);
    assert.equal(s.tools['0:0'].arguments, '{"city":"San Francisco","state":"CA"}');
    assert.deepEqual(s.finish[0], { unified: 'tool-calls', raw: 'tool_calls' });
  });

  it('parses parallel tool calls by index (openai-python parallel-tool-calls)', async () => {
    const s = summarizeEvents(await parseFixture('openai-python__chat-stream-parallel-tool-calls.f82268f2.sse'));
    assert.deepEqual(Object.keys(s.tools).sort(), ['0:0', '0:1']);
    assert.equal(s.tools['0:0'].name, 'GetWeatherArgs');
    assert.equal(s.tools['0:1'].name, 'get_stock_price');
    for (const t of Object.values(s.tools)) assert.doesNotThrow(() => JSON.parse(t.arguments));
    assert.equal(s.usage.inputTokens, 149);
  });

  it('keeps n=3 choices apart (openai-python n3-choices)', async () => {
    const s = summarizeEvents(await parseFixture('openai-python__chat-stream-n3-choices.a491adda.sse'));
    assert.deepEqual(Object.keys(s.text), ['0', '1', '2']);
    for (const i of [0, 1, 2]) {
      assert.doesNotThrow(() => JSON.parse(s.text[i]));
      assert.equal(s.finish[i].unified, 'stop');
    }
  });

  it('parses refusal deltas (openai-python refusal)', async () => {
    const s = summarizeEvents(await parseFixture('openai-python__chat-stream-refusal.173417d5.sse'));
    assert.equal(s.refusal[0], "I'm sorry, I can't assist with that request.");
    assert.equal(s.text[0], undefined);
  });

  it('keeps logprobs on text deltas (openai-python logprobs)', async () => {
    const events = await parseFixture('openai-python__chat-stream-logprobs.83b060ba.sse');
    const deltas = events.filter((e) => e.type === 'text-delta');
    assert.deepEqual(
      deltas.map((e) => e.type === 'text-delta' && e.logprobs),
      [
        { content: [{ token: 'Foo', logprob: -0.0025094282, bytes: [70, 111, 111], top_logprobs: [] }], refusal: null },
        { content: [{ token: '!', logprob: -0.26638845, bytes: [33], top_logprobs: [] }], refusal: null },
      ],
    );
  });

  it('maps finish_reason length (openai-python max-tokens, envoy streaming-detailed-usage)', async () => {
    assert.equal(summarizeEvents(await parseFixture('openai-python__chat-stream-max-tokens.4cc50a61.sse')).finish[0].unified, 'length');
    const events = await parse(parseSse(readCassette('envoy-ai-gateway__chat-streaming-detailed-usage.yaml').responseBody));
    const usages = events.filter((e) => e.type === 'usage');
    assert.equal(usages.length, 1, '"usage": null chunks yield no usage event');
    const s = summarizeEvents(events);
    assert.equal(s.finish[0].unified, 'length');
    assert.deepEqual({ ...s.usage, raw: undefined }, { inputTokens: 12, outputTokens: 100, cacheReadTokens: 0, reasoningTokens: 100, raw: undefined });
  });

  it('parses the 300-chunk vercel-ai text stream', async () => {
    const events = await parse(chunksToSse(readFixture('vercel-ai__openai-text.chunks.txt')));
    const s = summarizeEvents(events);
    assert.equal(s.starts, 1);
    assert.ok(s.text[0].startsWith('**Holiday Name:**'));
    assert.equal(s.finish[0].raw, 'stop');
    assert.deepEqual({ ...s.usage, raw: undefined }, { inputTokens: 16, outputTokens: 300, cacheReadTokens: 0, reasoningTokens: 0, raw: undefined });
  });

  it('handles name + first arguments in one chunk and several tool indexes in one chunk', async () => {
    const events = await parse([
      chunk([toolDelta([
        { index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":' } },
        { index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
      ])]),
      chunk([toolDelta([{ index: 0, function: { arguments: '1}' } }])]),
      chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
    ]);
    assert.deepEqual(events.slice(1, 5), [
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"x":' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
    ]);
    assert.equal(summarizeEvents(events).tools['0:0'].arguments, '{"x":1}');
  });

  it('holds argument fragments that arrive before the name, and starts nameless calls at the finish', async () => {
    const s = summarizeEvents(
      await parse([
        chunk([toolDelta([{ index: 0, function: { arguments: '{"a"' } }])]),
        chunk([toolDelta([{ index: 0, id: 'late', function: { name: 'f', arguments: ':1}' } }])]),
        chunk([toolDelta([{ index: 1, function: { arguments: '{}' } }])]),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      ]),
    );
    assert.deepEqual(s.tools['0:0'], { id: 'late', name: 'f', arguments: '{"a":1}' });
    assert.deepEqual(s.tools['0:1'], { id: 'call_0_1', name: '', arguments: '{}' });
  });

  it('reads reasoning_content and reasoning deltas of OpenAI-compatible vendors', async () => {
    const s = summarizeEvents(
      await parse([
        chunk([{ index: 0, delta: { role: 'assistant', reasoning_content: 'Let me ' } }]),
        chunk([{ index: 0, delta: { reasoning: 'think.' } }]),
        chunk([{ index: 0, delta: { content: 'Done.' } }]),
      ]),
    );
    assert.equal(s.reasoning[0], 'Let me think.');
    assert.equal(s.text[0], 'Done.');
  });

  it('turns an in-stream error into one error event and ignores the rest', async () => {
    const events = await parse([
      chunk([{ index: 0, delta: { content: 'Hi' } }]),
      { data: JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }) },
      chunk([{ index: 0, delta: { content: 'more' } }]),
      { data: '[DONE]' },
    ]);
    assert.deepEqual(events.map((e) => e.type), ['start', 'text-delta', 'error']);
    const error = (events[2] as Extract<StreamEvent, { type: 'error' }>).error;
    assert.ok(error instanceof GatewayError);
    assert.equal(error.reason, 'provider_error');
    assert.match(error.detail ?? '', /^in-stream error/);
    assert.doesNotMatch(error.detail ?? '', /The server had an error/, 'upstream text stays out of the log');
  });

  it('turns unparseable or misshapen chunks into an error event, never a throw', async () => {
    for (const data of ['{"id": "x", "choices": [', 'not json', '42', '{"choices": "nope"}', '{"choices":[{"delta":{"tool_calls":"x"}}]}']) {
      const events = await parse([{ data }, chunk([{ index: 0, delta: { content: 'after' } }])]);
      assert.equal(events.length, 1, data);
      assert.equal(events[0].type, 'error');
      assert.equal(events[0].type === 'error' && events[0].error.reason, 'provider_error');
    }
  });

  it('yields nothing for [DONE] and empty data, and no usage event for "usage": null', async () => {
    assert.deepEqual(await parse([{ data: '[DONE]' }, { data: '' }]), []);
    const events = await parse([chunk([], { usage: null })]);
    assert.deepEqual(events.map((e) => e.type), ['start']);
  });
});
