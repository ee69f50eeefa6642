import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { Usage } from '../core/usage.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { countTextTokens } from '../billing/count-text-tokens.js';

/**
 * The built-in `mock` provider, served in-process: it echoes the last user message,
 * streams it word by word, and reports usage like a real upstream (cl100k token counts).
 * It lets a new user make a first call with no provider account.
 */
export function mockRespond(req: ChatRequest): ChatResponse {
  const { text, usage, truncated } = echo(req);
  return {
    upstreamId: 'mock-echo',
    upstreamModel: 'echo',
    choices: [{ index: 0, content: [{ type: 'text', text }], finishReason: truncated ? { unified: 'length', raw: 'length' } : { unified: 'stop', raw: 'stop' } }],
    usage,
  };
}

export function mockStream(req: ChatRequest): ReadableStream<StreamEvent> {
  const { text, usage, truncated } = echo(req);
  const words = text.split(/(?<=\s)/);
  let i = 0;
  return new ReadableStream<StreamEvent>({
    start(controller) {
      controller.enqueue({ type: 'start', upstreamId: 'mock-echo', upstreamModel: 'echo', usage: { inputTokens: usage.inputTokens } });
    },
    pull(controller) {
      if (i < words.length) {
        controller.enqueue({ type: 'text-delta', choice: 0, text: words[i++] });
        return;
      }
      controller.enqueue({ type: 'finish', choice: 0, finishReason: truncated ? { unified: 'length', raw: 'length' } : { unified: 'stop', raw: 'stop' } });
      controller.enqueue({ type: 'usage', usage });
      controller.close();
    },
  });
}

function echo(req: ChatRequest): { text: string; usage: Usage; truncated: boolean } {
  let text = '';
  for (let i = req.messages.length - 1; i >= 0 && !text; i--) {
    const m = req.messages[i];
    if (m.role !== 'user') continue;
    text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  }
  let outputTokens = countTextTokens(text);
  let truncated = false;
  const limit = req.maxOutputTokens;
  if (limit !== undefined && outputTokens > limit) {
    const words = text.split(/(?<=\s)/);
    while (words.length > 0 && countTextTokens(words.join('')) > limit) words.pop();
    text = words.join('');
    outputTokens = countTextTokens(text);
    truncated = true;
  }
  const inputTokens = countInputTokens(req);
  return { text, truncated, usage: { inputTokens, outputTokens, raw: { prompt_tokens: inputTokens, completion_tokens: outputTokens } } };
}
