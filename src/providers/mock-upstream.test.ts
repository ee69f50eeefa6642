import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../core/chat-request.js';
import { mockRespond, mockStream } from './mock-upstream.js';

const ask = (text: string, maxOutputTokens?: number, stream = false): ChatRequest => ({ model: 'mock/echo', stream, maxOutputTokens, messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
const textOf = (r: Awaited<ReturnType<typeof mockRespond>>) => (r.choices[0].content[0] as { text: string }).text;

describe('mock/echo', () => {
  it('echoes the last user message with cl100k usage', async () => {
    const r = await mockRespond(ask('hello world, how are you?'));
    assert.equal(textOf(r), 'hello world, how are you?');
    assert.equal(r.usage.outputTokens, 7);
    assert.equal(r.choices[0].finishReason?.unified, 'stop');
  });

  it('truncates to whole words within max tokens', async () => {
    const r = await mockRespond(ask('hello world foo bar', 2));
    assert.equal(textOf(r), 'hello world');
    assert.equal(r.usage.outputTokens, 2);
    assert.equal(r.choices[0].finishReason?.unified, 'length');
    const fits = await mockRespond(ask('hello world ', 2));
    assert.equal(textOf(fits), 'hello world ');
    assert.equal(fits.choices[0].finishReason?.unified, 'stop');
  });

  it('truncates in time that grows with what it keeps, not with the text (20 kB to 1 token, 2 MB to 100)', async () => {
    for (const [text, limit] of [['the quick brown fox jumps over the lazy dog '.repeat(460), 1], ['lorem ipsum dolor sit amet '.repeat(80_000), 100]] as const) {
      const start = performance.now();
      const r = await mockRespond(ask(text, limit));
      const ms = performance.now() - start;
      assert.equal(r.usage.outputTokens, limit);
      assert.equal(r.choices[0].finishReason?.unified, 'length');
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms for ${text.length} characters`);
    }
  });

  it('streams the (truncated) echo word by word with usage at the start and the end', async () => {
    const events = [];
    for await (const e of mockStream(ask('one two three four', 3, true))) events.push(e);
    assert.equal(events[0].type, 'start');
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    assert.equal(text, 'one two three');
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage?.type === 'usage' && usage.usage.outputTokens === 3);
  });
});
