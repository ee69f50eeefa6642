import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type StreamEvent, type Usage } from '../../core/index.js';
import { createParseStream } from './parse-stream.js';
import { createRenderStream } from './render-stream.js';
import { parseSse, recordedStreams, runTransform, summarizeEvents } from './test-helpers.js';

type Json = Record<string, unknown>;
const meta = (trailerCalls: Usage[] = []) => ({
  id: 'gen-abcdefghijklmnopqrstuvwx',
  model: 'openai/gpt-4o',
  created: 1770000000,
  trailer: (usage: Usage) => {
    trailerCalls.push(usage);
    return { generation_id: 'gen-abcdefghijklmnopqrstuvwx', latency_ms: 12, cost: '0.00001000' };
  },
});
const render = (events: StreamEvent[], trailerCalls: Usage[] = []) => runTransform(createRenderStream(meta(trailerCalls)), events);
/** The JSON of one `data: …\n\n` frame, read back with the SSE parser. */
const json = (frame: string): Json => JSON.parse(parseSse(frame)[0].data) as Json;

describe('createRenderStream', () => {
  it('renders chunks with the generation id and public model, role on the first frame of each choice', async () => {
    const frames = await render([
      { type: 'start', upstreamId: 'chatcmpl-x', upstreamModel: 'gpt-4o-2024-08-06' },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo', logprobs: { content: [] } },
      { type: 'text-delta', choice: 1, text: 'Hi' },
      { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'finish', choice: 1, finishReason: { unified: 'length', raw: 'length' } },
    ]);
    assert.equal(frames.length, 7);
    for (const f of frames) assert.match(f, /^data: .*\n\n$/s);
    const chunks = frames.slice(0, 5).map(json);
    for (const c of chunks) {
      assert.equal(c.id, 'gen-abcdefghijklmnopqrstuvwx');
      assert.equal(c.object, 'chat.completion.chunk');
      assert.equal(c.model, 'openai/gpt-4o');
      assert.equal(c.created, 1770000000);
    }
    assert.deepEqual(chunks.map((c) => c.choices), [
      [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: { content: 'lo' }, logprobs: { content: [] }, finish_reason: null }],
      [{ index: 1, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null }],
      [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      [{ index: 1, delta: {}, logprobs: null, finish_reason: 'length' }],
    ]);
  });

  it('renders tool calls, refusals and reasoning deltas', async () => {
    const frames = await render([
      { type: 'reasoning-delta', choice: 0, text: 'think' },
      { type: 'reasoning-signature', choice: 0, signature: 'sig' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"a":' },
      { type: 'refusal-delta', choice: 0, text: 'no' },
    ]);
    assert.deepEqual(frames.slice(0, 4).map((f) => (json(f).choices as Json[])[0].delta), [
      { role: 'assistant', reasoning_content: 'think' },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] },
      { refusal: 'no' },
    ]);
  });

  it('always ends with the usage + x_chuizi chunk and [DONE], merging usage field by field', async () => {
    const calls: Usage[] = [];
    const frames = await render(
      [
        { type: 'start', usage: { inputTokens: 100, cacheReadTokens: 80 } },
        { type: 'usage', usage: { outputTokens: 5 } },
        { type: 'usage', usage: { outputTokens: 7, reasoningTokens: 2, raw: { output_tokens: 7 } } },
      ],
      calls,
    );
    assert.equal(frames.length, 2);
    assert.deepEqual(json(frames[0]), {
      id: 'gen-abcdefghijklmnopqrstuvwx',
      object: 'chat.completion.chunk',
      created: 1770000000,
      model: 'openai/gpt-4o',
      choices: [],
      usage: { prompt_tokens: 100, completion_tokens: 7, total_tokens: 107, prompt_tokens_details: { cached_tokens: 80 }, completion_tokens_details: { reasoning_tokens: 2 } },
      x_chuizi: { generation_id: 'gen-abcdefghijklmnopqrstuvwx', latency_ms: 12, cost: '0.00001000' },
    });
    assert.equal(frames[1], 'data: [DONE]\n\n');
    assert.deepEqual(calls, [{ inputTokens: 100, cacheReadTokens: 80, outputTokens: 7, reasoningTokens: 2, raw: { output_tokens: 7 } }]);
  });

  it('sends the usage chunk with zeros when no usage was reported', async () => {
    const frames = await render([]);
    assert.deepEqual((json(frames[0]).usage as Json).total_tokens, 0);
    assert.equal(frames[1], 'data: [DONE]\n\n');
  });

  it('renders an error in-band and then nothing more: no usage chunk, no [DONE]', async () => {
    const frames = await render([
      { type: 'text-delta', choice: 0, text: 'partial' },
      { type: 'error', error: new GatewayError('provider_error', 'socket hang up', { detail: 'secret upstream detail' }) },
      { type: 'text-delta', choice: 0, text: 'ignored' },
      { type: 'usage', usage: { inputTokens: 1 } },
    ]);
    assert.equal(frames.length, 2);
    assert.deepEqual(json(frames[1]), {
      error: { message: 'The upstream provider returned an invalid response', type: 'upstream_error', code: '502', reason: 'provider_error', param: null },
    });
    assert.doesNotMatch(frames[1], /secret|hang up/);
  });
});

describe('stream round trip: upstream SSE → events → client SSE → events', () => {
  for (const [name, upstream] of recordedStreams()) {
    it(name, async () => {
      const original = await runTransform(createParseStream(), upstream);
      const frames = await runTransform(createRenderStream(meta()), original);
      const rendered = parseSse(frames.join(''));
      const reparsed = await runTransform(createParseStream(), rendered);
      const a = summarizeEvents(original);
      const b = summarizeEvents(reparsed);
      assert.deepEqual(b.text, a.text);
      assert.deepEqual(b.refusal, a.refusal);
      assert.deepEqual(b.tools, a.tools);
      assert.deepEqual(b.finish, a.finish);
      assert.deepEqual(b.errors, []);
      for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'reasoningTokens'] as const) {
        assert.equal(b.usage[key], a.usage[key] ?? 0, key);
      }
      // Logprobs survive too.
      const logprobs = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' && e.logprobs !== undefined ? [e.logprobs] : []));
      assert.deepEqual(logprobs(reparsed), logprobs(original));
      // The last two frames: the usage + x_chuizi chunk, then [DONE].
      const last = JSON.parse(rendered.at(-2)?.data ?? 'null') as Json;
      assert.deepEqual(last.choices, []);
      assert.ok(last.usage && last.x_chuizi);
      assert.equal(rendered.at(-1)?.data, '[DONE]');
      for (const m of rendered.slice(0, -1)) assert.equal((JSON.parse(m.data) as Json).id, 'gen-abcdefghijklmnopqrstuvwx');
    });
  }
});
