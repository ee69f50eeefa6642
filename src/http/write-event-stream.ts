import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import { baseHeaders } from './send-response.js';

/**
 * Writes an SSE stream of text frames to the client with backpressure. The headers are sent
 * only now — after the upstream's first output — so errors before it keep a real status.
 * When the client goes away the source is cancelled (which settles the call).
 */
export async function writeEventStream(ex: Exchange, frames: ReadableStream<string>, headers: OutgoingHttpHeaders = {}): Promise<void> {
  const { res } = ex;
  res.writeHead(200, { ...baseHeaders(ex), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers });
  const reader = frames.getReader();
  const onClose = () => {
    if (!res.writableFinished) reader.cancel(new Error('client disconnected')).catch(() => undefined);
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } catch {
    // upstream aborted or failed mid-stream: the meter has settled; just end the response
  } finally {
    res.off('close', onClose);
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
