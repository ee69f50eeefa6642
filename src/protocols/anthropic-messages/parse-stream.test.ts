import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SseMessage, StreamEvent } from '../../core/index.js';
import { seededRandom } from '../shared/test-seeded-random.js';
import { createParseStream } from './parse-stream.js';
import { chunksToSseText, parseSse, readFixture, recordedStreams, runTransform, summarizeEvents } from './test-helpers.js';

const parse = (messages: SseMessage[]) => runTransform(createParseStream(), messages);
const parseText = (sse: string) => parse(parseSse(sse));
const fixture = (name: string) => parseText(chunksToSseText(readFixture(name)));
const sse = (...events: object[]) => events.map((e) => ({ event: (e as { type: string }).type, data: JSON.stringify(e) }));
const START = { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 10, output_tokens: 1 } } };

describe('createParseStream', () => {
  it('parses a text stream into start, deltas, finish and usage (vercel-ai anthropic-text)', async () => {
    const events = await fixture('vercel-ai__anthropic-text.chunks.txt');
    assert.deepEqual(events[0], {
      type: 'start',
      upstreamId: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
      upstreamModel: 'claude-sonnet-4-5-20250929',
      usage: { inputTokens: 12, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, raw: (events[0] as { usage: { raw: unknown } }).usage.raw },
    });
    assert.deepEqual(events.slice(1, 3), [
      { type: 'text-delta', choice: 0, text: 'Hello' },
      { type: 'text-delta', choice: 0, text: '! I' },
    ]);
    const s = summarizeEvents(events);
    assert.equal(s.text, "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    assert.deepEqual(events.at(-2), { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'end_turn' } });
    assert.equal(events.at(-1)?.type, 'usage');
    assert.deepEqual(s.usage, { inputTokens: 12, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('parses thinking deltas and the signature, skipping the empty delta (vercel-ai clear-thinking)', async () => {
    const events = await fixture('vercel-ai__anthropic-clear-thinking.1.chunks.txt');
    const s = summarizeEvents(events);
    assert.equal(s.reasoning, 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
    assert.equal(s.signatures.length, 1);
    assert.match(s.signatures[0], /^EvQBCkYICxgCKkAxhD4N/);
    assert.equal(s.text, '925 ÷ 5 = 185');
    assert.ok(!events.some((e) => e.type === 'reasoning-delta' && e.text === ''));
  });

  it('numbers parallel tool calls by their order among tool_use blocks (vercel-ai issue-15652)', async () => {
    const s = summarizeEvents(await fixture('vercel-ai__anthropic-issue-15652-parallel-tools.chunks.txt'));
    assert.deepEqual(s.tools, [
      { id: 'toolu_01LtEf4h1QW7KCKLsYMuhTNB', name: 'searchDocs', arguments: '{"query": "alpha"}' },
      { id: 'toolu_016tfZE7otAFSBjhc67wu189', name: 'searchDocs', arguments: '{"query": "beta"}' },
      { id: 'toolu_01XkU35z8BVWqqc9tijDuLrA', name: 'searchDocs', arguments: '{"query": "gamma"}' },
    ]);
    assert.deepEqual(s.finish, { unified: 'tool-calls', raw: 'tool_use' });
  });

  it('gives a tool after text the tool index 0, and a no-argument call the arguments {} at its block stop (vercel-ai tool-no-args)', async () => {
    const events = await fixture('vercel-ai__anthropic-tool-no-args.chunks.txt');
    assert.deepEqual(events.filter((e) => e.type.startsWith('tool-call')), [
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{}' },
    ]);
    // The same arguments parseResponse gives for a tool_use with input {}: an OpenAI client can JSON.parse them.
    assert.equal(summarizeEvents(events).tools[0].arguments, '{}');
  });

  it('adds {} only to tool blocks that streamed no input, once, at their own stop', async () => {
    const events = await parse(
      sse(
        START,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_a', name: 'a', input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"x":1}' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_b', name: 'b', input: {} } },
        { type: 'content_block_stop', index: 1 },
        { type: 'content_block_stop', index: 1 },
        { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
        { type: 'content_block_stop', index: 2 },
      ),
    );
    assert.deepEqual(summarizeEvents(events).tools.map((t) => t.arguments), ['{"x":1}', '{}']);
    assert.equal(events.filter((e) => e.type === 'tool-call-delta').length, 2);
  });

  it('normalises cache usage: inputTokens includes reads and writes once (vercel-ai issue-5942)', async () => {
    const write = summarizeEvents(await fixture('vercel-ai__anthropic-issue-5942-cache-write.chunks.txt'));
    assert.deepEqual(write.usage, { inputTokens: 18642, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 18639 });
    assert.deepEqual(write.finish, { unified: 'length', raw: 'max_tokens' });
    const read = summarizeEvents(await fixture('vercel-ai__anthropic-issue-5942-cache-read.chunks.txt'));
    assert.deepEqual(read.usage, { inputTokens: 18642, outputTokens: 1, cacheReadTokens: 18639, cacheWriteTokens: 0 });
  });

  it('keeps cache counts from message_start when message_delta reports input_tokens alone', async () => {
    const events = await parse(
      sse(
        { type: 'message_start', message: { id: 'm', usage: { input_tokens: 3, cache_read_input_tokens: 500, output_tokens: 1 } } },
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 3, output_tokens: 9 } },
      ),
    );
    const usage = events.at(-1);
    assert.ok(usage?.type === 'usage');
    assert.deepEqual({ ...usage.usage, raw: undefined }, { inputTokens: 503, outputTokens: 9, cacheReadTokens: 500, raw: undefined });
  });

  it('parses redacted thinking blocks (pydantic-ai redacted stream) and every recorded stream without error', async () => {
    for (const [name, text] of recordedStreams()) {
      const s = summarizeEvents(await parseText(text));
      assert.equal(s.starts, 1, name);
      assert.deepEqual(s.errors, [], name);
      assert.ok(s.finish, name);
      assert.ok((s.usage.outputTokens ?? 0) > 0, name);
      if (name.includes('redacted')) {
        assert.equal(s.redacted.length, 2);
        assert.match(s.redacted[0], /^EqkECkYIBxgCKkA8/);
      }
    }
  });

  it('ignores pings and unknown events; gathers server-tool blocks whole and passes citations on', async () => {
    const result = { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.com', title: 'Ex', encrypted_content: 'Eq…' }] };
    const citation = { type: 'web_search_result_location', url: 'https://example.com', title: 'Ex', encrypted_index: 'Eo…', cited_text: 'x' };
    const events = await parse([
      ...sse(
        START,
        { type: 'ping' },
        { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query"' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: ':"x"}' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'content_block_start', index: 1, content_block: result },
        { type: 'content_block_stop', index: 1 },
        { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '', citations: [] } },
        { type: 'content_block_delta', index: 2, delta: { type: 'citations_delta', citation } },
        { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'x' } },
        { type: 'content_block_stop', index: 2 },
        { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } },
        { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{}' } },
        { type: 'future_event', x: 1 },
        { type: 'message_stop' },
      ),
      { data: '' },
    ]);
    assert.deepEqual(events.slice(1), [
      { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } } } },
      { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: result } },
      { type: 'citation', choice: 0, citation },
      { type: 'text-delta', choice: 0, text: 'x' },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'toolu_1', name: 'f' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{}' },
    ]);
  });

  it('carries the matched stop_sequence in the finish event', async () => {
    const events = await parse(sse(START, { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' }, usage: { output_tokens: 3 } }));
    assert.deepEqual(events.find((e) => e.type === 'finish'), { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'stop_sequence', stopSequence: 'END' } });
  });

  it('emits exactly one start, even when message_start is missing, late or repeated', async () => {
    const late = await parse(
      sse(
        { type: 'ping' },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } },
        START,
        START,
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } },
      ),
    );
    assert.deepEqual(late.map((e) => e.type), ['start', 'text-delta', 'usage', 'usage', 'finish', 'usage']);
    assert.deepEqual(summarizeEvents(late).usage, { inputTokens: 10, outputTokens: 4 });
  });

  it('turns an in-stream error event into one error event and ignores the rest', async () => {
    const cases: Array<[string, string, number]> = [
      ['overloaded_error', 'provider_unavailable', 503],
      ['api_error', 'provider_error', 502],
      ['rate_limit_error', 'rate_limit_exceeded', 429],
      ['invalid_request_error', 'validation_error', 400],
      ['some_new_error', 'provider_error', 502],
    ];
    for (const [type, reason, status] of cases) {
      const events = await parse(sse(START, { type: 'error', error: { type, message: 'Overloaded' } }, { type: 'message_stop' }));
      assert.deepEqual(events.map((e) => e.type), ['start', 'error'], type);
      const err = (events[1] as Extract<StreamEvent, { type: 'error' }>).error;
      assert.equal(err.reason, reason);
      assert.equal(err.status, status);
    }
    // An error before anything else yields the error alone.
    const early = await parse(sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    assert.deepEqual(early.map((e) => e.type), ['error']);
  });

  it('turns unparseable or malformed data into one provider_error, never a throw', async () => {
    const bad: SseMessage[][] = [
      [{ data: '{"type":"message_start"' }],
      [{ data: '<html>502</html>' }],
      [{ data: '[1,2]' }],
      [{ data: '{"type":"content_block_delta","index":"x","delta":{}}' }],
      [{ event: 'content_block_start', data: '{"index":0}' }],
    ];
    for (const messages of bad) {
      const events = await parse([...sse(START), ...messages, ...sse({ type: 'message_stop' })]);
      assert.deepEqual(events.map((e) => e.type), ['start', 'error'], JSON.stringify(messages));
      const err = (events[1] as Extract<StreamEvent, { type: 'error' }>).error;
      assert.equal(err.reason, 'provider_error');
    }
  });

  it('never throws on random junk', async () => {
    const pieces = ['{', '}', '"type"', ':', '"content_block_delta"', '"index"', '0', ',', '"delta"', '{"type":"text_delta","text":1}', 'null', '[]', '"message_delta"', '"usage"', '"error"'];
    const rand = seededRandom(3);
    for (let round = 0; round < 200; round++) {
      const data = Array.from({ length: rand(12) }, () => pieces[rand(pieces.length)]).join('');
      const events = await parse([...sse(START), { data }, { data: JSON.stringify({ type: pieces[rand(pieces.length)], index: rand(3), delta: { type: 'text_delta', text: 'x' } }) }]);
      assert.ok(events.length >= 1);
    }
  });
});
