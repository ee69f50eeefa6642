/**
 * One Server-Sent Events message as an SSE parser yields it (eventsource-parser's shape):
 * the optional `event` name and `id`, and the `data` lines joined by "\n".
 * Upstream stream parsers consume these; the HTTP layer produces them from the byte stream.
 */
export interface SseMessage {
  event?: string;
  id?: string;
  data: string;
}
