import type { SseMessage } from '../../core/index.js';

/**
 * The JSON of one upstream SSE message: `skip` for an empty message or OpenAI's `[DONE]`,
 * `unparseable` (with the data's length, for the log detail) when it is not JSON. Never throws.
 */
export function readSseJson(message: SseMessage): { type: 'json'; json: unknown } | { type: 'skip' } | { type: 'unparseable'; length: number } {
  const data = message.data.trim();
  if (data === '' || data === '[DONE]') return { type: 'skip' };
  try {
    return { type: 'json', json: JSON.parse(data) };
  } catch {
    return { type: 'unparseable', length: data.length };
  }
}
