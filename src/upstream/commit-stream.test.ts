import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../core/stream-event.js';
import { GatewayError } from '../core/gateway-error.js';
import { commitStream } from './commit-stream.js';

const from = (list: StreamEvent[]) => new ReadableStream<StreamEvent>({ start(c) { for (const e of list) c.enqueue(e); c.close(); } });
const err = new GatewayError('provider_unavailable', 'down');

describe('commitStream', () => {
  it('throws an error that comes before the first output, so the attempt can fail over', async () => {
    await assert.rejects(commitStream(from([{ type: 'start' }, { type: 'error', error: err }])), (e) => e === err);
  });

  it('keeps an error after the first output in the stream, replaying what it read ahead', async () => {
    const list: StreamEvent[] = [{ type: 'start' }, { type: 'text-delta', choice: 0, text: 'hi' }, { type: 'error', error: err }];
    const out: StreamEvent[] = [];
    for await (const e of (await commitStream(from(list))) as unknown as AsyncIterable<StreamEvent>) out.push(e);
    assert.deepEqual(out, list);
  });

  it('throws a 502 for a stream that ends without any output (an empty 200 is not an answer)', async () => {
    for (const list of [[], [{ type: 'start' }, { type: 'usage', usage: { inputTokens: 5 } }]] as StreamEvent[][]) {
      await assert.rejects(commitStream(from(list)), (e) => e instanceof GatewayError && e.status === 502);
    }
  });

  it('throws the deadline\'s error when no output comes before it, and cancels the upstream', async () => {
    let cancelled = false;
    const never = new ReadableStream<StreamEvent>({ start(c) { c.enqueue({ type: 'start' }); }, cancel() { cancelled = true; } });
    const timeout = new GatewayError('provider_timeout', 'Request timed out after 1 seconds');
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(timeout), 20));
    await assert.rejects(commitStream(never, { deadline }), (e) => e === timeout);
    assert.ok(cancelled);
  });

  it('reports how the committed stream ended, once: done, error, or cancelled', async () => {
    const ends: string[] = [];
    const drain = async (s: ReadableStream<StreamEvent>) => { for await (const _ of s as unknown as AsyncIterable<StreamEvent>) void _; };
    await drain(await commitStream(from([{ type: 'text-delta', choice: 0, text: 'a' }]), { onEnd: (e) => ends.push(e) }));
    await drain(await commitStream(from([{ type: 'text-delta', choice: 0, text: 'a' }, { type: 'error', error: err }]), { onEnd: (e) => ends.push(e) }));
    const s = await commitStream(from([{ type: 'text-delta', choice: 0, text: 'a' }, { type: 'text-delta', choice: 0, text: 'b' }]), { onEnd: (e) => ends.push(e) });
    await s.cancel();
    assert.deepEqual(ends, ['done', 'error', 'cancelled']);
  });
});
