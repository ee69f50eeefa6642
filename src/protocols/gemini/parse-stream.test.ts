import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createParseStream } from './parse-stream.js';
import { parseUsage } from './map-usage.js';
import { recordedStreams, runTransform, streamChunks, summarizeEvents } from './test-helpers.js';

type Json = Record<string, unknown>;
const parse = (messages: Parameters<typeof runTransform>[1]) => runTransform(createParseStream(), messages);

describe('gemini parse stream', () => {
  const streams = recordedStreams();

  it('replays every recorded stream', () => {
    assert.equal(streams.length, 11);
  });

  for (const [name, messages] of streams) {
    it(name, async () => {
      const events = await parse(messages);
      const s = summarizeEvents(events);
      const chunks = streamChunks(messages);
      const parts = chunks.flatMap((c) => ((c.candidates as Array<{ content?: { parts?: Json[] } }> | undefined)?.[0]?.content?.parts ?? []));
      assert.equal(s.starts, 1);
      assert.deepEqual(s.errors, []);
      assert.equal(s.text, parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text).join(''));
      assert.equal(s.reasoning, parts.filter((p) => p.thought === true).map((p) => p.text).join(''));
      assert.deepEqual(s.signatures, parts.flatMap((p) => (typeof p.thoughtSignature === 'string' ? [p.thoughtSignature] : [])));
      // Cumulative usage: what is billed is the last chunk's, never a sum.
      const last = chunks.findLast((c) => Object.keys(parseUsage(c.usageMetadata)).length > 0);
      const { raw: _, ...expected } = parseUsage(last?.usageMetadata);
      const { raw: __, ...got } = s.usage;
      assert.deepEqual(got, expected);
      const wholeCalls = parts.filter((p) => (p.functionCall as Json | undefined)?.args !== undefined).map((p) => [(p.functionCall as Json).name, (p.functionCall as Json).args]);
      for (const [callName, args] of wholeCalls) assert.ok(s.tools.some((t) => t.name === callName && JSON.stringify(JSON.parse(t.arguments)) === JSON.stringify(args)), String(callName));
      assert.equal(s.finish, s.tools.length > 0 ? 'tool-calls' : chunks.some((c) => JSON.stringify(c).includes('"MAX_TOKENS"')) ? 'length' : 'stop');
    });
  }

  it('assembles streamed partialArgs into whole arguments (vercel-ai stream-tool-call-arguments)', async () => {
    const [, messages] = streams.find(([n]) => n.includes('stream-tool-call-arguments')) ?? assert.fail('fixture');
    const s = summarizeEvents(await parse(messages));
    assert.deepEqual(s.tools.map((t) => [t.name, JSON.parse(t.arguments)]), [['getWeather', { location: 'Boston' }], ['getWeather', { location: 'San Francisco' }]]);
    assert.equal(s.usage.reasoningTokens, 132);
    assert.equal(s.usage.outputTokens, 23 + 132);
  });

  it('reads a no-argument call and three parallel streamed calls (vercel-ai stream-no-args-tool-call)', async () => {
    const [, messages] = streams.find(([n]) => n.includes('no-args')) ?? assert.fail('fixture');
    const s = summarizeEvents(await parse(messages));
    assert.deepEqual(s.tools.map((t) => [t.name, JSON.parse(t.arguments)]), [['read_theme', {}], ['read_screen', { id: 'A' }], ['read_screen', { id: 'B' }], ['read_screen', { id: 'C' }]]);
    assert.equal(new Set(s.tools.map((t) => t.id)).size, 4);
    assert.ok(s.reasoning.startsWith('**Processing User Requests**'));
  });

  it('turns an error chunk into an in-band error and ignores the rest', async () => {
    const events = await parse([
      { data: JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] }) },
      { data: JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }) },
      { data: JSON.stringify({ candidates: [{ content: { parts: [{ text: 'more' }] } }] }) },
    ]);
    const s = summarizeEvents(events);
    assert.equal(s.text, 'Hi');
    assert.deepEqual(s.errors, ['provider_unavailable']);
    assert.deepEqual(summarizeEvents(await parse([{ data: '{not json' }])).errors, ['provider_error']);
    assert.deepEqual(summarizeEvents(await parse([{ data: '{"candidates":"x"}' }])).errors, ['provider_error']);
  });

  it('keeps parts it does not translate as gemini native blocks', async () => {
    const events = await parse([{ data: JSON.stringify({ candidates: [{ content: { parts: [{ executableCode: { language: 'PYTHON', code: 'print(1)' } }] }, finishReason: 'STOP' }] }) }]);
    const native = events.find((e) => e.type === 'native-block');
    assert.deepEqual(native?.type === 'native-block' && native.part, { type: 'native', protocol: 'gemini', block: { executableCode: { language: 'PYTHON', code: 'print(1)' } } });
  });
});
