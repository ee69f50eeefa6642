import { createParser } from 'eventsource-parser';
import type { SseMessage } from '../../core/index.js';

/**
 * Splits raw SSE text (a recorded upstream body, or a renderer's frames joined) into messages
 * with eventsource-parser, as the HTTP layer does with a live stream: no string surgery.
 * For tests: fixtures are replayed through it.
 */
export function parseSseText(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createParser({
    onEvent(event) {
      const message: SseMessage = { data: event.data };
      if (event.event !== undefined) message.event = event.event;
      if (event.id !== undefined) message.id = event.id;
      out.push(message);
    },
  });
  parser.feed(text);
  return out;
}
