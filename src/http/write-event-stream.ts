import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import { baseHeaders } from './send-response.js';

/**
 * Renders canonical events with the client protocol's state machine and writes the SSE
 * frames to the client with backpressure. The headers are sent only now — after the
 * upstream's first output — so errors before it keep a real status. When the client goes away
 * the source is cancelled (which settles the call for what was delivered).
 */
export async function writeEventStream(ex: Exchange, events: ReadableStream<StreamEvent>, render: FnTransformer<StreamEvent, string>, headers: OutgoingHttpHeaders = {}): Promise<void> {
  const { res } = ex;
  res.writeHead(200, { ...baseHeaders(ex), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers });
  const reader = events.getReader();
  let out = '';
  const sink = { enqueue: (frame: string) => void (out += frame) };
  let finished = false;
  const cancel = () => {
    if (!finished) reader.cancel(new Error('client disconnected')).catch(() => undefined);
  };
  const onClose = () => {
    if (!res.writableFinished) cancel();
  };
  res.once('close', onClose);
  try {
    for (;;) {
      if (res.destroyed) break;
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        render.flush?.(sink);
      } else render.transform(value, sink);
      if (out !== '') {
        const ok = res.write(out);
        out = '';
        if (!ok && !done) await drained(res);
      }
      if (done) break;
    }
  } catch {
    finished = true; // upstream aborted or failed mid-stream: the meter has settled; just end the response
  } finally {
    res.off('close', onClose);
    // The client left before the end: cancelling the source settles the call for what was delivered.
    cancel();
    if (!res.destroyed) res.end();
  }
}

function drained(res: Exchange['res']): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
