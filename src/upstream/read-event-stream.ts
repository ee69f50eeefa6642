import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import type { SseMessage } from '../core/sse-message.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import { isAbortError, mapTransportError } from './map-transport-error.js';

/**
 * Upstream SSE bytes → canonical events in ONE stream stage: the socket's chunks are decoded,
 * split into SSE messages (eventsource-parser) and run through the protocol's parse state
 * machine with plain function calls — a chain of Web Stream stages cost ~4× the CPU per frame.
 * Backpressure pauses the socket. A transport failure mid-stream (timeout, reset) becomes an
 * in-band `error` event; an abort (the client left) errors the stream.
 */
export function readEventStream(body: Readable, parse: FnTransformer<SseMessage, StreamEvent>, timeoutMs: number): ReadableStream<StreamEvent> {
  const decoder = new TextDecoder();
  let ended = false;
  return new ReadableStream<StreamEvent>(
    {
      start(controller) {
        const sink = { enqueue: (e: StreamEvent) => controller.enqueue(e) };
        const parser = createParser({ onEvent: (m) => parse.transform({ event: m.event, id: m.id, data: m.data }, sink) });
        const finish = (err?: unknown) => {
          if (ended) return;
          ended = true;
          if (err === undefined) {
            parser.feed(decoder.decode());
            parse.flush?.(sink);
            controller.close();
          } else if (isAbortError(err)) controller.error(err);
          else {
            controller.enqueue({ type: 'error', error: mapTransportError(err, timeoutMs) });
            controller.close();
          }
        };
        body.on('data', (chunk: Buffer) => {
          if (ended) return;
          parser.feed(decoder.decode(chunk, { stream: true }));
          if ((controller.desiredSize ?? 1) <= 0) body.pause();
        });
        body.once('end', () => finish());
        body.once('error', (err) => finish(err));
      },
      pull() {
        if (body.isPaused()) body.resume();
      },
      cancel() {
        ended = true;
        body.destroy();
      },
    },
    { highWaterMark: 64 },
  );
}
