import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type StreamEvent, type Usage } from '../../core/index.js';
import { createParseStream } from './parse-stream.js';
import { createRenderStream } from './render-stream.js';
import { assertWellFormed, parseSse, recordedStreams, runTransform, summarizeEvents } from './test-helpers.js';

type Json = Record<string, unknown>;
const meta = { id: 'gen-abcdefghijklmnopqrstuvwx', model: 'anthropic/claude-sonnet-4-5' };
const render = (events: StreamEvent[], trailerCalls: Usage[] = []) =>
  runTransform(createRenderStream({ ...meta, trailer: (u) => (trailerCalls.push(u), { cost: '0' }) }), events);
const types = (events: Json[]) => events.map((e) => (e.type === 'content_block_delta' ? `delta:${String((e.delta as Json).type)}` : e.type));

describe('createRenderStream', () => {
  it('renders Anthropic\'s exact frames for a text answer', async () => {
    const frames = await render([
      { type: 'start', upstreamId: 'chatcmpl-1', usage: { inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 3 } },
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { outputTokens: 12 } },
    ]);
    assert.deepEqual(frames, [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: meta.id, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 200, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000 } } })}\n\n`,
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12,"input_tokens":200,"cache_creation_input_tokens":0,"cache_read_input_tokens":1000}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ]);
  });

  it('renders OpenAI-style events: unsigned reasoning, text, two tools in sequence, tool_calls → tool_use', async () => {
    const calls: Usage[] = [];
    const frames = await render(
      [
        { type: 'start', upstreamId: 'chatcmpl-1', upstreamModel: 'gpt-4o' },
        { type: 'reasoning-delta', choice: 0, text: 'think' },
        { type: 'text-delta', choice: 0, text: 'Calling.' },
        { type: 'refusal-delta', choice: 0, text: ' (no)' },
        { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'call_1', name: 'a' },
        { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"x":' },
        { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '1}' },
        { type: 'tool-call-start', choice: 0, toolIndex: 1, id: 'call_2', name: 'b' },
        { type: 'tool-call-delta', choice: 0, toolIndex: 1, argumentsDelta: '{}' },
        { type: 'text-delta', choice: 1, text: 'other choice' },
        { type: 'finish', choice: 0, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
        { type: 'usage', usage: { inputTokens: 50, outputTokens: 20, cacheReadTokens: 10, reasoningTokens: 5 } },
      ],
      calls,
    );
    const events = assertWellFormed(frames);
    assert.deepEqual(types(events), [
      'message_start',
      'content_block_start', 'delta:thinking_delta', 'content_block_stop',
      'content_block_start', 'delta:text_delta', 'delta:text_delta', 'content_block_stop',
      'content_block_start', 'delta:input_json_delta', 'delta:input_json_delta', 'content_block_stop',
      'content_block_start', 'delta:input_json_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    assert.deepEqual(events[1].content_block, { type: 'thinking', thinking: '', signature: '' });
    assert.deepEqual(events[8].content_block, { type: 'tool_use', id: 'call_1', name: 'a', input: {} });
    assert.deepEqual(events.at(-2), {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 20, input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 10 },
    });
    assert.doesNotMatch(frames.join(''), /other choice|x_chuizi/);
    assert.deepEqual(calls, []);
  });

  it('closes a thinking block at its signature; the next reasoning opens a new one; redacted blocks are whole', async () => {
    const events = assertWellFormed(
      await render([
        { type: 'reasoning-delta', choice: 0, text: 'a' },
        { type: 'reasoning-signature', choice: 0, signature: 'S1' },
        { type: 'reasoning-delta', choice: 0, text: 'b' },
        { type: 'reasoning-signature', choice: 0, signature: 'S2' },
        { type: 'reasoning-redacted', choice: 0, data: 'R' },
        { type: 'reasoning-signature', choice: 0, signature: 'S3' },
        { type: 'text-delta', choice: 0, text: 't' },
      ]),
    );
    assert.deepEqual(types(events), [
      'message_start',
      'content_block_start', 'delta:thinking_delta', 'delta:signature_delta', 'content_block_stop',
      'content_block_start', 'delta:thinking_delta', 'delta:signature_delta', 'content_block_stop',
      'content_block_start', 'content_block_stop',
      'content_block_start', 'delta:signature_delta', 'content_block_stop',
      'content_block_start', 'delta:text_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    assert.deepEqual(events[9].content_block, { type: 'redacted_thinking', data: 'R' });
    assert.deepEqual((events.at(-2) as Json).delta, { stop_reason: 'end_turn', stop_sequence: null });
  });

  it('still sends message_start … message_stop for a stream with no event at all', async () => {
    const events = assertWellFormed(await render([]));
    assert.deepEqual(types(events), ['message_start', 'message_delta', 'message_stop']);
    assert.deepEqual((events[1] as Json).usage, { output_tokens: 0, input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('renders an error in-band in the Anthropic envelope and ends there, closing nothing', async () => {
    const frames = await render([
      { type: 'text-delta', choice: 0, text: 'partial' },
      { type: 'error', error: new GatewayError('provider_unavailable', 'overloaded', { detail: 'secret upstream detail' }) },
      { type: 'text-delta', choice: 0, text: 'ignored' },
      { type: 'finish', choice: 0, finishReason: { unified: 'stop' } },
    ]);
    assert.equal(frames.length, 4);
    assert.equal(frames[3], 'event: error\ndata: {"type":"error","error":{"type":"service_unavailable","message":"The upstream provider is unavailable"}}\n\n');
    assert.deepEqual(parseSse(frames.join('')).map((m) => m.event), ['message_start', 'content_block_start', 'content_block_delta', 'error']);
    assert.deepEqual(await render([{ type: 'error', error: new GatewayError('rate_limit_exceeded', 'Rate limit exceeded. Retry after 2 seconds.') }]), [
      'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Rate limit exceeded. Retry after 2 seconds."}}\n\n',
    ]);
  });
});

describe('stream round trip: upstream SSE → events → client SSE → events', () => {
  for (const [name, text] of recordedStreams()) {
    it(name, async () => {
      const original = await runTransform(createParseStream(), parseSse(text));
      const frames = await runTransform(createRenderStream(meta), original);
      const rendered = assertWellFormed(frames);
      const reparsed = await runTransform(createParseStream(), parseSse(frames.join('')));
      const a = summarizeEvents(original);
      const b = summarizeEvents(reparsed);
      assert.equal(b.text, a.text);
      assert.equal(b.reasoning, a.reasoning);
      assert.deepEqual(b.signatures, a.signatures);
      assert.deepEqual(b.redacted, a.redacted);
      assert.deepEqual(b.tools, a.tools);
      assert.deepEqual(b.finish, a.finish);
      assert.deepEqual(b.usage, a.usage);
      assert.deepEqual(b.errors, []);
      assert.equal(b.upstreamId, meta.id);
      // The client sees the upstream's own four usage numbers at the end.
      const upstreamDelta = parseSse(text).map((m) => JSON.parse(m.data) as Json).findLast((e) => e.type === 'message_delta');
      const upstreamUsage = upstreamDelta?.usage as Json;
      const usage = (rendered.at(-2) as Json).usage as Json;
      for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']) assert.equal(usage[key], upstreamUsage[key], key);
      // Same block structure as the upstream sent (pings aside).
      const blocks = (events: Json[]) => events.filter((e) => e.type === 'content_block_start').map((e) => (e.content_block as Json).type);
      assert.deepEqual(blocks(rendered), blocks(parseSse(text).map((m) => JSON.parse(m.data) as Json)));
    });
  }

  it('reports the gateway prompt count in message_start when the upstream start has no input count; the exact usage at the end', async () => {
    const events: StreamEvent[] = [
      { type: 'start', upstreamId: 'chatcmpl-1' },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { inputTokens: 2000, outputTokens: 500 } },
    ];
    const frames = (await runTransform(createRenderStream({ ...meta, promptTokens: 1234 }), events)).map((f) => JSON.parse(f.split('data: ')[1]) as Json);
    assert.deepEqual((frames[0].message as Json).usage, { input_tokens: 1234, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    assert.deepEqual((frames.find((f) => f.type === 'message_delta')!.usage as Json).input_tokens, 2000);
    // The upstream's own input count wins when its start carries one.
    const own = (await runTransform(createRenderStream({ ...meta, promptTokens: 1234 }), [{ type: 'start', usage: { inputTokens: 10 } }, ...events.slice(1)])).map((f) => JSON.parse(f.split('data: ')[1]) as Json);
    assert.equal(((own[0].message as Json).usage as Json).input_tokens, 10);
  });

  it('renders the matched stop_sequence, citations before their text, and native blocks whole', async () => {
    const citation = { type: 'web_search_result_location', url: 'https://e.test', title: 'E', encrypted_index: 'Eo', cited_text: 'x' };
    const result = { type: 'web_search_tool_result', tool_use_id: 's1', content: [] };
    const frames = (
      await render([
        { type: 'start' },
        { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use', id: 's1', name: 'web_search', input: { query: 'q' } } } },
        { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: result } },
        { type: 'citation', choice: 0, citation },
        { type: 'text-delta', choice: 0, text: 'a' },
        { type: 'citation', choice: 0, citation },
        { type: 'text-delta', choice: 0, text: 'b' },
        { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'stop_sequence', stopSequence: 'END' } },
      ])
    ).map((f) => JSON.parse(f.split('data: ')[1]) as Json);
    assert.deepEqual(types(frames), [
      'message_start',
      'content_block_start', 'delta:input_json_delta', 'content_block_stop',
      'content_block_start', 'content_block_stop',
      'content_block_start', 'delta:citations_delta', 'delta:text_delta', 'content_block_stop',
      'content_block_start', 'delta:citations_delta', 'delta:text_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    assert.deepEqual(frames[1].content_block, { type: 'server_tool_use', id: 's1', name: 'web_search', input: {} });
    assert.deepEqual(frames[2].delta, { type: 'input_json_delta', partial_json: '{"query":"q"}' });
    assert.deepEqual(frames[4].content_block, result);
    assert.deepEqual(frames[6].content_block, { type: 'text', text: '', citations: [] });
    assert.deepEqual(frames.at(-2)!.delta, { stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });
});
