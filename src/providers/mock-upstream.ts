import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { Usage } from '../core/usage.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { countTextTokensAsync, newCountBudget } from '../billing/count-text-tokens.js';
import { Slicer } from '../billing/slicer.js';

/**
 * The built-in `mock` provider, served in-process: it echoes the last user message,
 * streams it word by word, and reports usage like a real upstream (cl100k token counts).
 * It lets a new user make a first call with no provider account.
 */
export async function mockRespond(req: ChatRequest): Promise<ChatResponse> {
  const { text, usage, truncated } = await echo(req);
  return {
    upstreamId: 'mock-echo',
    upstreamModel: 'echo',
    choices: [{ index: 0, content: [{ type: 'text', text }], finishReason: truncated ? { unified: 'length', raw: 'length' } : { unified: 'stop', raw: 'stop' } }],
    usage,
  };
}

export function mockStream(req: ChatRequest): ReadableStream<StreamEvent> {
  let echoed: Awaited<ReturnType<typeof echo>>;
  const word = /\S*\s*/y; // a word and the whitespace after it
  return new ReadableStream<StreamEvent>({
    async start(controller) {
      echoed = await echo(req);
      controller.enqueue({ type: 'start', upstreamId: 'mock-echo', upstreamModel: 'echo', usage: { inputTokens: echoed.usage.inputTokens } });
    },
    pull(controller) {
      const { text, usage, truncated } = echoed;
      if (word.lastIndex < text.length) {
        const at = word.lastIndex;
        word.exec(text);
        controller.enqueue({ type: 'text-delta', choice: 0, text: text.slice(at, word.lastIndex) });
        return;
      }
      controller.enqueue({ type: 'finish', choice: 0, finishReason: truncated ? { unified: 'length', raw: 'length' } : { unified: 'stop', raw: 'stop' } });
      controller.enqueue({ type: 'usage', usage });
      controller.close();
    },
  });
}

async function echo(req: ChatRequest): Promise<{ text: string; usage: Usage; truncated: boolean }> {
  let text = '';
  for (let i = req.messages.length - 1; i >= 0 && !text; i--) {
    const m = req.messages[i];
    if (m.role !== 'user') continue;
    text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  }
  const slicer = new Slicer();
  const inputTokens = await countInputTokens(req, slicer);
  const limit = req.maxOutputTokens;
  const kept = limit === undefined ? undefined : await prefixWithin(text, limit, slicer);
  const truncated = kept !== undefined && kept.length < text.length;
  if (kept !== undefined) text = kept.text;
  const outputTokens = truncated ? kept.tokens : await countTextTokensAsync(text, newCountBudget(), slicer);
  return { text, truncated, usage: { inputTokens, outputTokens, raw: { prompt_tokens: inputTokens, completion_tokens: outputTokens } } };
}

/** The longest cl100k token, in bytes: a word of more bytes than 128 × n has more than n tokens. */
const MAX_TOKEN_BYTES = 128;

/**
 * The longest prefix of whole words whose tokens fit `limit`, with its token count: words are
 * counted one at a time with their leading whitespace (as the tokenizer splits text), so the
 * work grows with the prefix kept, not with the text — linear, never a recount per word; a word
 * too long to fit whatever its tokens is not counted at all.
 */
async function prefixWithin(text: string, limit: number, slicer: Slicer): Promise<{ text: string; tokens: number; length: number }> {
  const word = /\s*\S+/y;
  const budget = newCountBudget();
  let tokens = 0;
  let end = 0;
  while (end < text.length) {
    const m = word.exec(text);
    if (m === null) break; // only trailing whitespace is left: it fits with the last word
    // (a UTF-16 code unit is at least one UTF-8 byte)
    const n = m[0].length > MAX_TOKEN_BYTES * (limit - tokens) ? Infinity : await countTextTokensAsync(m[0], budget, slicer);
    if (tokens + n > limit) return { text: text.slice(0, end), tokens, length: end };
    tokens += n;
    end = word.lastIndex;
    if (slicer.due()) await slicer.yield();
  }
  return { text, tokens, length: text.length };
}
