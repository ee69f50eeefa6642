import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import { GatewayError, type ChatRequest, type StreamEvent } from '../../core/index.js';
import { createParseStream } from './parse-stream.js';
import { parseRequest } from './parse-request.js';
import { createRenderStream, createRenderTransformer } from './render-stream.js';
import { renderResponse } from './render-response.js';
import { StreamOutput } from './collect-stream-output.js';
import { decodeReasoning } from './map-reasoning.js';
import { chunkStreams, readFixture, renderedEvents, runTransform, summarize } from './test-helpers.js';

const META = { id: 'resp_abc', model: 'openai/gpt-test', created: 1_700_000_000 };
const trailer = () => ({ generation_id: 'gen-abc', latency_ms: 5, cost: '0.00000100' });
const usage: StreamEvent = { type: 'usage', usage: { inputTokens: 10, outputTokens: 4, reasoningTokens: 1 } };

function render(events: StreamEvent[], request?: ChatRequest): Array<Record<string, any>> {
  const frames: string[] = [];
  const t = createRenderTransformer({ ...META, request, trailer });
  const sink = { enqueue: (f: string) => void frames.push(f) };
  for (const e of events) t.transform(e, sink);
  t.flush?.(sink);
  return renderedEvents(frames);
}

/** What the official SDK's stream accumulator makes of the events (it throws on an inconsistent sequence). */
async function sdkFinal(events: Array<Record<string, any>>) {
  const bytes = new TextEncoder().encode(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const stream = ResponseStream.fromReadableStream(new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }));
  return stream.finalResponse();
}

describe('openai-responses render-stream', () => {
  it('streams text as the typed event sequence, ending with the whole response, usage and x_chuizi', async () => {
    const events = render([{ type: 'start' }, { type: 'text-delta', choice: 0, text: 'Hel' }, { type: 'text-delta', choice: 0, text: 'lo' }, { type: 'finish', choice: 0, finishReason: { unified: 'stop' } }, usage]);
    assert.deepEqual(events.map((e) => e.type), [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done',
      'response.output_item.done', 'response.completed',
    ]);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    assert.equal(events[0].response.status, 'in_progress');
    assert.equal(events[0].response.usage, null);
    const done = events[events.length - 1].response;
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.usage, { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 1 }, total_tokens: 14 });
    assert.deepEqual(done.x_chuizi, trailer());
    assert.deepEqual(done.output, [{ type: 'message', id: 'msg_abc_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] }]);
    const final = await sdkFinal(events);
    assert.equal(final.output_text, 'Hello');
  });

  it('streams reasoning, then parallel function calls whose deltas interleave, in the order they began', async () => {
    const events = render([
      { type: 'start' },
      { type: 'reasoning-delta', choice: 0, text: 'think' },
      { type: 'reasoning-signature', choice: 0, signature: 'sig' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'call_2', name: 'get_time' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '"Paris"}' },
      { type: 'finish', choice: 0, finishReason: { unified: 'tool-calls' } },
      usage,
    ]);
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(2, 8), ['response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done']);
    const done = events[events.length - 1].response;
    assert.deepEqual(done.output.map((o: any) => [o.type, o.id]), [['reasoning', 'rs_abc_0'], ['function_call', 'fc_abc_1'], ['function_call', 'fc_abc_2']]);
    assert.equal(done.output[1].arguments, '{"city":"Paris"}');
    assert.deepEqual(events.filter((e) => e.type === 'response.function_call_arguments.done').map((e) => [e.output_index, e.arguments]), [[1, '{"city":"Paris"}'], [2, '{}']]);
    const final = await sdkFinal(events);
    assert.deepEqual(final.output.map((o) => o.type), ['reasoning', 'function_call', 'function_call']);
  });

  it('gives freeform and namespaced tools back as the client declared them', async () => {
    const request = parseRequest({
      model: 'm', input: 'x',
      tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }, { type: 'namespace', name: 'mcp__docs__', tools: [{ type: 'function', name: 'search' }] }],
    });
    const events = render([
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'c1', name: 'apply_patch' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"input":"*** Begin' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: ' Patch\\n"}' },
      { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'c2', name: 'mcp__docs__search' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 1, argumentsDelta: '{"q":1}' },
      { type: 'finish', choice: 0, finishReason: { unified: 'tool-calls' } },
    ], request);
    assert.deepEqual(events.filter((e) => e.type.startsWith('response.custom_tool_call_input')).map((e) => [e.type, e.delta ?? e.input]), [
      ['response.custom_tool_call_input.delta', '*** Begin Patch\n'],
      ['response.custom_tool_call_input.done', '*** Begin Patch\n'],
    ]);
    const output = events[events.length - 1].response.output;
    assert.deepEqual(output[0], { type: 'custom_tool_call', id: 'ctc_abc_0', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n', status: 'completed' });
    assert.deepEqual(output[1], { type: 'function_call', id: 'fc_abc_1', call_id: 'c2', name: 'search', arguments: '{"q":1}', status: 'completed', namespace: 'mcp__docs__' });
    assert.equal(events.find((e) => e.type === 'response.output_item.added' && e.output_index === 1)?.item.namespace, 'mcp__docs__');
  });

  it('gives each signed or redacted thinking block its own reasoning item, its signature in encrypted_content', () => {
    const events = render([
      { type: 'reasoning-delta', choice: 0, text: 'one' },
      { type: 'reasoning-signature', choice: 0, signature: 's1' },
      { type: 'reasoning-delta', choice: 0, text: 'two' },
      { type: 'reasoning-signature', choice: 0, signature: 's2' },
      { type: 'reasoning-redacted', choice: 0, data: 'opaque' },
      { type: 'text-delta', choice: 0, text: 'hi' },
      { type: 'finish', choice: 0, finishReason: { unified: 'stop' } },
    ]);
    const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
    assert.deepEqual(done.map((i) => i.type), ['reasoning', 'reasoning', 'reasoning', 'message']);
    assert.deepEqual(done.slice(0, 3).map((i) => decodeReasoning(i.encrypted_content)), [{ text: 'one', signature: 's1' }, { text: 'two', signature: 's2' }, { text: '', redactedData: 'opaque' }]);
    assert.deepEqual(events.at(-1)?.response.output.slice(0, 3), done.slice(0, 3));
  });

  it('ends with response.incomplete when the output limit cut the answer', () => {
    const events = render([{ type: 'text-delta', choice: 0, text: 'cut' }, { type: 'finish', choice: 0, finishReason: { unified: 'length' } }]);
    const last = events[events.length - 1];
    assert.equal(last.type, 'response.incomplete');
    assert.deepEqual([last.response.status, last.response.incomplete_details], ['incomplete', { reason: 'max_output_tokens' }]);
  });

  it('renders an error in-band as an error event, then response.failed, and nothing after', async () => {
    const events = render([{ type: 'text-delta', choice: 0, text: 'partial' }, { type: 'error', error: new GatewayError('provider_timeout', 'Request timed out after 120 seconds') }, { type: 'text-delta', choice: 0, text: 'late' }]);
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['error', 'response.failed']);
    const err = events[events.length - 2];
    assert.deepEqual(err.error, { message: 'Request timed out after 120 seconds', type: 'timeout', code: '504', reason: 'provider_timeout', param: null });
    assert.equal(events[events.length - 1].response.status, 'failed');
    await assert.rejects(sdkFinal(events), (e: any) => e.error?.code === '504', 'the SDK raises it');
  });

  it('completes with the same items and ids as the whole response the gateway keeps', () => {
    const input: StreamEvent[] = [
      { type: 'reasoning-delta', choice: 0, text: 'a' },
      { type: 'text-delta', choice: 0, text: 'b' },
      { type: 'refusal-delta', choice: 0, text: 'no' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'c', name: 'f' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{}' },
      { type: 'text-delta', choice: 0, text: 'after' },
      { type: 'finish', choice: 0, finishReason: { unified: 'tool-calls' } },
      usage,
    ];
    const streamed = render(input).at(-1)?.response;
    const collected = new StreamOutput();
    for (const e of input) collected.add(e);
    const whole = renderResponse(collected.response(), { ...META, xChuizi: trailer() });
    assert.deepEqual(streamed, whole);
  });

  it('round-trips recorded Responses streams: parse → render → parse gives the same answer', async () => {
    for (const stream of chunkStreams(readFixture('vercel-ai__openai-reasoning-encrypted-content.1.chunks.txt'))) {
      const canonical = await runTransform(createParseStream(), stream);
      const frames = await runTransform(createRenderStream({ ...META, trailer }), canonical);
      const again = await runTransform(createParseStream(), renderedEvents(frames).map((e) => ({ event: e.type, data: JSON.stringify(e) })));
      const [a, b] = [summarize(canonical), summarize(again)];
      assert.deepEqual({ ...b, usage: { ...b.usage, raw: undefined } }, { ...a, usage: { ...a.usage, raw: undefined } });
    }
  });
});
