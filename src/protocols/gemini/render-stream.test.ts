import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type StreamEvent } from '../../core/index.js';
import { createParseStream } from './parse-stream.js';
import { createRenderStream } from './render-stream.js';
import { parseSse, recordedStreams, runTransform, streamChunks, summarizeEvents } from './test-helpers.js';

type Json = Record<string, unknown>;
const META = { id: 'gen-abc', model: 'google/gemini-2.5-flash' };

describe('gemini render stream', () => {
  for (const [name, messages] of recordedStreams()) {
    it(`Gemini upstream → Gemini client: ${name}`, async () => {
      const upstream = await runTransform(createParseStream(), messages);
      const frames = await runTransform(createRenderStream(META), upstream);
      for (const f of frames) assert.match(f, /^data: \{.*\}\r\n\r\n$/s);
      const client = summarizeEvents(await runTransform(createParseStream(), parseSse(frames.join(''))));
      const a = summarizeEvents(upstream);
      assert.equal(client.text, a.text);
      assert.equal(client.reasoning, a.reasoning);
      assert.deepEqual(client.signatures, a.signatures, 'every thought signature reaches the client');
      assert.deepEqual(client.tools.map((t) => [t.id, t.name, JSON.parse(t.arguments)]), a.tools.map((t) => [t.id, t.name, JSON.parse(t.arguments)]));
      assert.equal(client.finish, a.finish);
      const { raw: _, ...got } = client.usage;
      const { raw: __, ...want } = a.usage;
      assert.deepEqual(got, want);
      const chunks = streamChunks(parseSse(frames.join('')));
      assert.ok(chunks.every((c) => c.modelVersion === META.model && c.responseId === META.id));
      assert.ok(chunks.slice(0, -1).every((c) => c.usageMetadata === undefined), 'usage on the last chunk only');
    });
  }

  it('puts a signature on the call that follows it, and a trailing one on an empty text part', async () => {
    const events: StreamEvent[] = [
      { type: 'start' },
      { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'gemini', block: { type: 'thought_signature', thoughtSignature: 'S1' } } },
      { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'c1', name: 'f' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{"a":' },
      { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '1}' },
      { type: 'text-delta', choice: 0, text: 'done' },
      { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'gemini', block: { type: 'thought_signature', thoughtSignature: 'S2' } } },
      { type: 'finish', choice: 0, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } },
    ];
    const frames = await runTransform(createRenderStream(META), events);
    const chunks = streamChunks(parseSse(frames.join('')));
    const parts = chunks.map((c) => (c.candidates as Array<{ content: { parts: Json[] } }>)[0].content.parts[0]);
    assert.deepEqual(parts, [{ functionCall: { id: 'c1', name: 'f', args: { a: 1 } }, thoughtSignature: 'S1' }, { text: 'done' }, { text: '', thoughtSignature: 'S2' }]);
    assert.deepEqual(chunks.at(-1)?.usageMetadata, { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 });
    assert.equal((chunks.at(-1)?.candidates as Json[])[0].finishReason, 'STOP');
  });

  it('writes bare JSON elements for a JSON-array stream, and an error as Google’s error object', async () => {
    const events: StreamEvent[] = [
      { type: 'start' },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'error', error: new GatewayError('provider_timeout', 'Request timed out after 120 seconds') },
      { type: 'text-delta', choice: 0, text: 'ignored' },
    ];
    const frames = await runTransform(createRenderStream({ ...META, framing: 'json-array' }), events);
    const elements = JSON.parse(`[${frames.join(',')}]`) as Json[];
    assert.equal(elements.length, 2);
    assert.deepEqual(elements[1], { error: { code: 504, message: 'Request timed out after 120 seconds', status: 'DEADLINE_EXCEEDED' } });
  });

  it('drops what only Anthropic knows (signatures, redacted thinking, citations, its blocks)', async () => {
    const frames = await runTransform(createRenderStream(META), [
      { type: 'reasoning-delta', choice: 0, text: 'think' },
      { type: 'reasoning-signature', choice: 0, signature: 'anthropic' },
      { type: 'reasoning-redacted', choice: 0, data: 'xx' },
      { type: 'citation', choice: 0, citation: { url: 'u' } },
      { type: 'native-block', choice: 0, part: { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use' } } },
    ]);
    assert.doesNotMatch(frames.join(''), /anthropic|server_tool_use|"xx"/);
    assert.match(frames[0], /"thought":true/);
  });
});
