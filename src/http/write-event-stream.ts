import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import type { StreamFraming } from '../protocols/shared/protocol.js';
import { baseHeaders } from './send-response.js';

const CONTENT_TYPES: Record<StreamFraming, string> = { sse: 'text/event-stream; charset=utf-8', 'json-array': 'application/json; charset=utf-8' };

/**
 * Renders canonical events with the client protocol's state machine and writes the frames to
 * the client with backpressure: as SSE (each frame a complete SSE message), or as one JSON
 * array sent element by element (`json-array`: each frame one element; the brackets and commas
 * are the writer's, so the array is whole even when the stream ends early). The headers are
 * sent only now — after the upstream's first output — so errors before it keep a real status.
 * When the client goes away the source is cancelled (which settles the call for what was delivered).
 */
export async function writeEventStream(ex: Exchange, events: ReadableStream<StreamEvent>, render: FnTransformer<StreamEvent, string>, headers: OutgoingHttpHeaders = {}, framing: StreamFraming = 'sse'): Promise<void> {
  const { res } = ex;
  res.writeHead(200, { ...baseHeaders(ex), 'content-type': CONTENT_TYPES[framing], 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers });
  const array = framing === 'json-array';
  if (array) res.write('[');
  const reader = events.getReader();
  let out = '';
  let elements = 0;
  const sink = { enqueue: (frame: string) => void (out += array && elements++ > 0 ? `,\r\n${frame}` : frame) };
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
    if (!res.destroyed) res.end(array ? ']' : undefined);
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
