import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../core/stream-event.js';
import { GatewayError } from '../core/gateway-error.js';
import { meterStream, type StreamEnd, type StreamTally } from './meter-stream.js';

const events: StreamEvent[] = [
  { type: 'start', usage: { inputTokens: 10 } },
  { type: 'text-delta', choice: 0, text: 'Hello ' },
  { type: 'tool-call-start', choice: 0, toolIndex: 0, id: 'c', name: 'f' },
  { type: 'tool-call-delta', choice: 0, toolIndex: 0, argumentsDelta: '{}' },
  { type: 'finish', choice: 0, finishReason: { unified: 'stop', raw: 'stop' } },
  { type: 'usage', usage: { outputTokens: 5 } },
];
const source = (list: StreamEvent[], fail?: Error) => {
  let i = 0;
  return new ReadableStream<StreamEvent>({
    pull(c) {
      if (i < list.length) c.enqueue(list[i++]);
      else if (fail) c.error(fail);
      else c.close();
    },
  });
};
const drain = async (s: ReadableStream<StreamEvent>) => {
  const out: StreamEvent[] = [];
  for await (const e of s as unknown as AsyncIterable<StreamEvent>) out.push(e);
  return out;
};

describe('meterStream', () => {
  it('passes events through, merges usage and reports the end once', async () => {
    const ends: Array<[StreamTally, StreamEnd]> = [];
    const out = await drain(meterStream(source(events), (t, e) => void ends.push([t, e])));
    assert.deepEqual(out, events);
    assert.equal(ends.length, 1);
    assert.equal(ends[0][1], 'done');
    assert.deepEqual(ends[0][0].usage, { inputTokens: 10, outputTokens: 5 });
    assert.deepEqual(ends[0][0].delivered, ['Hello ', 'f', '{}']);
    assert.equal(ends[0][0].finishReason?.unified, 'stop');
  });

  it('appends the usage event onEnd returns before closing', async () => {
    const out = await drain(meterStream(source(events.slice(0, 2)), () => ({ inputTokens: 1, outputTokens: 2 })));
    assert.deepEqual(out[out.length - 1], { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } });
  });

  it('reports an in-band error and still ends as done', async () => {
    const err = new GatewayError('provider_error', 'x');
    let tally: StreamTally | undefined;
    await drain(meterStream(source([...events.slice(0, 2), { type: 'error', error: err }]), (t) => void (tally = t)));
    assert.equal(tally?.error, err);
  });

  it('ends as aborted exactly once when the source fails or the consumer cancels', async () => {
    const ends: StreamEnd[] = [];
    await assert.rejects(drain(meterStream(source(events.slice(0, 2), new Error('reset')), (_, e) => void ends.push(e))));
    assert.deepEqual(ends, ['aborted']);

    const cancelled: StreamEnd[] = [];
    const s = meterStream(source(events), (_, e) => void cancelled.push(e));
    const reader = s.getReader();
    await reader.read();
    await reader.cancel();
    await reader.cancel().catch(() => undefined);
    assert.deepEqual(cancelled, ['aborted']);
  });

  it('cuts the stream once delivered output passes the bound plus the tokenizer margin: upstream cancelled, length finish per choice, ends as done', async () => {
    let cancelled = false;
    let pulled = 0;
    const endless = new ReadableStream<StreamEvent>({
      pull(c) {
        pulled++;
        c.enqueue(pulled === 1 ? { type: 'start' } : { type: 'text-delta', choice: (pulled % 2), text: ' hello' });
      },
      cancel() {
        cancelled = true;
      },
    });
    const ends: Array<[StreamTally, StreamEnd]> = [];
    const out = await drain(meterStream(endless, (t, e) => void ends.push([t, e]), 10));
    assert.equal(cancelled, true, 'the upstream is cancelled');
    assert.ok(pulled < 40, `stopped reading after ${pulled} events`);
    const finishes = out.filter((e) => e.type === 'finish');
    assert.deepEqual(finishes.map((e) => (e as Extract<StreamEvent, { type: 'finish' }>).choice).sort(), [0, 1]);
    assert.ok(finishes.every((e) => (e as Extract<StreamEvent, { type: 'finish' }>).finishReason.unified === 'length'));
    assert.equal(out[out.length - 1].type, 'finish');
    assert.equal(ends.length, 1);
    assert.equal(ends[0][1], 'done');
    assert.equal(ends[0][0].cut, true);
    const delivered = out.filter((e) => e.type === 'text-delta').length;
    // withMargin(10) = 29: an upstream whose own tokenizer counts fewer tokens is not cut short.
    assert.ok(delivered > 29 && delivered <= 31, `${delivered} tokens delivered for a bound of 10`);
  });

  it('does not cut output just past the bound: the gateway tokenizer may count more than the upstream did', async () => {
    const words: StreamEvent[] = [{ type: 'start' }, ...Array.from({ length: 20 }, (): StreamEvent => ({ type: 'text-delta', choice: 0, text: ' hello' })), { type: 'finish', choice: 0, finishReason: { unified: 'stop' } }];
    const ends: Array<[StreamTally, StreamEnd]> = [];
    const out = await drain(meterStream(source(words), (t, e) => void ends.push([t, e]), 16));
    assert.deepEqual(out, words);
    assert.equal(ends[0][0].cut, undefined);
  });

  it('never cuts a stream that stays within the bound', async () => {
    const ends: Array<[StreamTally, StreamEnd]> = [];
    const out = await drain(meterStream(source(events), (t, e) => void ends.push([t, e]), 5));
    assert.deepEqual(out, events);
    assert.equal(ends[0][0].cut, undefined);
  });
});
