import type { StreamEvent } from '../core/stream-event.js';

/**
 * The stream commit point: reads ahead to the first output event. An error before it
 * (the upstream failed before saying anything) is thrown, so the attempt can fail over;
 * after it, errors stay in the stream and reach the client in-band.
 * Returns a stream that replays what was read ahead, then the rest.
 */
export async function commitStream(events: ReadableStream<StreamEvent>): Promise<ReadableStream<StreamEvent>> {
  const reader = events.getReader();
  const buffered: StreamEvent[] = [];
  let ended = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    if (value.type === 'error') {
      reader.cancel().catch(() => undefined);
      throw value.error;
    }
    buffered.push(value);
    if (value.type !== 'start' && value.type !== 'usage') break;
  }
  let i = 0;
  return new ReadableStream<StreamEvent>({
    async pull(controller) {
      if (i < buffered.length) {
        controller.enqueue(buffered[i++]);
        return;
      }
      if (ended) {
        controller.close();
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
