import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamEvent } from '../core/stream-event.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import type { StreamFraming } from '../protocols/shared/protocol.js';
import type { Exchange } from './exchange.js';
import { writeEventStream } from './write-event-stream.js';

/** Each text delta as one frame: an SSE message, or one JSON element. */
const render = (framing: StreamFraming): FnTransformer<StreamEvent, string> => ({
  transform(e, sink) {
    if (e.type !== 'text-delta') return;
    const json = JSON.stringify({ text: e.text });
    sink.enqueue(framing === 'sse' ? `data: ${json}\r\n\r\n` : json);
  },
});

/** Serves one stream of `texts` with `framing` on a real socket; the client's content type and body. */
async function serve(texts: string[], framing: StreamFraming): Promise<{ type: string | null; body: string; chunks: number }> {
  const server = createServer((req, res) => {
    const events = new ReadableStream<StreamEvent>({
      start(c) {
        for (const text of texts) c.enqueue({ type: 'text-delta', choice: 0, text });
        c.close();
      },
    });
    const ex = { req, res, requestId: 'req-1', generationId: 'gen-1', warnings: [], responseHeaders: {} } as unknown as Exchange;
    void writeEventStream(ex, events, render(framing), {}, framing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    let body = '';
    let chunks = 0;
    for await (const chunk of res.body!) {
      body += Buffer.from(chunk).toString('utf8');
      chunks++;
    }
    return { type: res.headers.get('content-type'), body, chunks };
  } finally {
    server.close();
  }
}

describe('writeEventStream', () => {
  it('sends SSE frames as the renderer wrote them', async () => {
    const { type, body } = await serve(['a', 'b'], 'sse');
    assert.equal(type, 'text/event-stream; charset=utf-8');
    assert.equal(body, 'data: {"text":"a"}\r\n\r\ndata: {"text":"b"}\r\n\r\n');
  });

  it('sends a JSON array element by element: brackets and commas are the writer’s', async () => {
    const { type, body } = await serve(['a', 'b', 'c'], 'json-array');
    assert.equal(type, 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(body), [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    assert.match(body, /^\[\{"text":"a"\},\r\n\{"text":"b"\}/);
  });

  it('closes an empty JSON array', async () => {
    assert.deepEqual(JSON.parse((await serve([], 'json-array')).body), []);
  });
});
