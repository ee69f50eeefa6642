import type { StreamEvent } from '../core/stream-event.js';
import { GatewayError } from '../core/gateway-error.js';

/**
 * The stream commit point: reads ahead to the first output event. An error before it
 * (the upstream failed before saying anything) is thrown, so the attempt can fail over;
 * after it, errors stay in the stream and reach the client in-band. A stream that ends
 * without any output or finish (an empty 200) is not an answer: a 502 that fails over.
 * Returns a stream that replays what was read ahead, then the rest.
 */
export async function commitStream(events: ReadableStream<StreamEvent>): Promise<ReadableStream<StreamEvent>> {
  const reader = events.getReader();
  const buffered: StreamEvent[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      throw new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail: 'the upstream stream ended without any output' });
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
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
