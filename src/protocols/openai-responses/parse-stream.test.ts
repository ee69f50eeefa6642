import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createParseStream } from './parse-stream.js';
import { chunkStreams, parseSseText, readFixture, readPydanticCassette, runTransform, summarize } from './test-helpers.js';

describe('openai-responses parse-stream (recorded streams)', () => {
  it('reads a function call streamed with event: lines, then a text answer (pydantic-ai)', async () => {
    const [call, answer] = readPydanticCassette('pydantic-ai__test_openai_responses_stream.yaml');
    const events = await runTransform(createParseStream(), parseSseText(call.text ?? ''));
    assert.deepEqual(events[0], { type: 'start', upstreamId: 'resp_67e554a155508191900ee113293c4c830794405d35281ae2', upstreamModel: 'gpt-4o-2024-08-06' });
    const s = summarize(events);
    assert.deepEqual(s.tools, [{ id: 'call_kL0PCQV7M2WMoVX8V8OtYSAL', name: 'get_capital', arguments: '{"country":"France"}' }]);
    assert.equal(s.finish, 'tool-calls');
    assert.deepEqual(s.usage, { inputTokens: 255, outputTokens: 16, cacheReadTokens: 0, reasoningTokens: 0, raw: undefined });
    if (answer) {
      const t = summarize(await runTransform(createParseStream(), parseSseText(answer.text ?? '')));
      assert.ok(t.text.length > 0);
      assert.equal(t.finish, 'stop');
    }
  });

  it('reads reasoning summaries, function calls and the final text of a four-stream agent run (vercel-ai)', async () => {
    const streams = chunkStreams(readFixture('vercel-ai__openai-reasoning-encrypted-content.1.chunks.txt'));
    assert.equal(streams.length, 4);
    const summaries = [];
    for (const stream of streams) summaries.push(summarize(await runTransform(createParseStream(), stream)));
    // reasoning with encrypted_content comes whole, as one native block (its summary inside)
    assert.equal(summaries[0].reasoning, '');
    assert.deepEqual(summaries[0].natives, ['reasoning']);
    const [first] = streams;
    const block = (await runTransform(createParseStream(), first)).find((e) => e.type === 'native-block');
    assert.ok(block?.type === 'native-block');
    assert.match(String(block.part.block.encrypted_content), /^gAAAA/);
    assert.match(JSON.stringify(block.part.block.summary), /Calculating step-by-step using calculator/);
    assert.equal(summaries[0].tools[0].name, 'calculator');
    assert.deepEqual(Object.keys(JSON.parse(summaries[0].tools[0].arguments)).sort(), ['a', 'b', 'op']);
    assert.equal(summaries[0].finish, 'tool-calls');
    const last = summaries[3];
    assert.ok(last.text.length > 0);
    assert.equal(last.finish, 'stop');
    for (const s of summaries) {
      assert.equal(s.errors, 0);
      assert.ok((s.usage.outputTokens as number) > 0);
    }
  });

  it('turns an in-stream error into one error event and ignores the rest (vercel-ai)', async () => {
    const [stream] = chunkStreams(readFixture('vercel-ai__openai-error.1.chunks.txt'));
    const events = await runTransform(createParseStream(), stream);
    assert.deepEqual(events.map((e) => e.type), ['start', 'error']);
    const err = events[1].type === 'error' ? events[1].error : undefined;
    assert.equal(err?.reason, 'provider_error');
    assert.doesNotMatch(err?.publicMessage ?? '', /quota|platform\.openai/);
  });

  it('survives junk: an unparseable event is one error, never a throw', async () => {
    const events = await runTransform(createParseStream(), [{ data: '{"type":"response.created","response":{"id":"r"}}' }, { data: 'not json' }, { data: '{"type":"response.output_text.delta","delta":"x"}' }]);
    assert.deepEqual(events.map((e) => e.type), ['start', 'error']);
  });
});
