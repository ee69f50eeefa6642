import type { StreamEvent } from '../core/stream-event.js';
import { GatewayError } from '../core/gateway-error.js';

/**
 * The stream commit point: reads ahead to the first output event. An error before it
 * (the upstream failed before saying anything) is thrown, so the attempt can fail over;
 * after it, errors stay in the stream and reach the client in-band. A stream that ends
 * without any output or finish (an empty 200) is not an answer: a 502 that fails over.
 * Returns a stream that replays what was read ahead, then the rest.
 */
export interface CommitOptions {
  /** Rejected with this error when it fires before the first output (the first-token timeout). */
  deadline?: Promise<never>;
  /** Called once when the committed stream ends: normally, with an in-band error, or cancelled by the reader. */
  onEnd?: (end: 'done' | 'error' | 'cancelled') => void;
}

export async function commitStream(events: ReadableStream<StreamEvent>, opts: CommitOptions = {}): Promise<ReadableStream<StreamEvent>> {
  const reader = events.getReader();
  const buffered: StreamEvent[] = [];
  for (;;) {
    let next: ReadableStreamReadResult<StreamEvent>;
    try {
      next = opts.deadline ? await Promise.race([reader.read(), opts.deadline]) : await reader.read();
    } catch (err) {
      reader.cancel().catch(() => undefined);
      throw err;
    }
    const { done, value } = next;
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
  let ended = false;
  const end = (how: 'done' | 'error' | 'cancelled') => {
    if (ended) return;
    ended = true;
    opts.onEnd?.(how);
  };
  return new ReadableStream<StreamEvent>({
    async pull(controller) {
      if (i < buffered.length) {
        controller.enqueue(buffered[i++]);
        return;
      }
      let next: ReadableStreamReadResult<StreamEvent>;
      try {
        next = await reader.read();
      } catch (err) {
        end('cancelled'); // the client left (an abort): no verdict on the upstream
        throw err;
      }
      if (next.done) {
        end('done');
        controller.close();
      } else {
        if (next.value.type === 'error') end('error');
        controller.enqueue(next.value);
      }
    },
    cancel(reason) {
      end('cancelled');
      return reader.cancel(reason);
    },
  });
}
