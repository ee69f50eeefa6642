import type { ChatRequest } from '../core/chat-request.js';
import type { Part } from '../core/part.js';
import { countTextTokensAsync, newCountBudget } from './count-text-tokens.js';
import { Slicer } from './slicer.js';

/** Tokens of one image, as an upper bound (a high-detail tile grid at the largest common size). */
export const IMAGE_TOKENS = 1600;
const PER_MESSAGE = 4;

/**
 * Input tokens of a request counted with the cl100k tokenizer: what the gateway bills when
 * the upstream reports no usage, and what `count_tokens` answers. The hold uses
 * withMargin (estimate-input-tokens.ts), which adds a margin. Linear in the request and bounded per request
 * (see count-text-tokens.ts); it gives the event loop back every few milliseconds, so a
 * multi-megabyte prompt never stalls other requests.
 */
export async function countInputTokens(req: ChatRequest, slicer = new Slicer()): Promise<number> {
  const known = counted.get(req.messages);
  if (known && known.tools === req.tools && known.responseFormat === req.responseFormat) return known.tokens;
  const { fixed, texts } = collectInput(req);
  const budget = newCountBudget();
  let tokens = fixed;
  for (const text of texts) {
    tokens += await countTextTokensAsync(text, budget, slicer);
    if (slicer.due()) await slicer.yield();
  }
  counted.set(req.messages, { tools: req.tools, responseFormat: req.responseFormat, tokens });
  return tokens;
}

/**
 * The count of each request still alive, by its (frozen) messages: the hold and the in-process
 * mock upstream count the same request, also when the hold lowered its output limit (a copy
 * sharing the messages).
 */
const counted = new WeakMap<ChatRequest['messages'], { tools: ChatRequest['tools']; responseFormat: ChatRequest['responseFormat']; tokens: number }>();

/** The texts of a request to count, and the tokens known without counting (per-message overhead, images, documents). */
function collectInput(req: ChatRequest): { fixed: number; texts: string[] } {
  const texts: string[] = [];
  let fixed = 3;
  const addPart = (p: Part): void => {
    switch (p.type) {
      case 'text':
      case 'refusal':
        texts.push(p.text);
        return;
      case 'reasoning':
        texts.push(p.text);
        if (p.redactedData) fixed += Math.ceil(p.redactedData.length / 3);
        return;
      case 'image':
        fixed += IMAGE_TOKENS;
        return;
      case 'file':
        // A document: its decoded size bounds its text at ~2 bytes a token.
        fixed += p.data ? Math.ceil((p.data.length * 3) / 4 / 2) : IMAGE_TOKENS;
        return;
      case 'tool-call':
        fixed += 4;
        texts.push(p.name, p.arguments);
        return;
      case 'tool-result':
        fixed += 4;
        for (const c of p.content) addPart(c);
        return;
      case 'native':
        texts.push(JSON.stringify(p.block));
        return;
    }
  };
  for (const m of req.messages) {
    fixed += PER_MESSAGE;
    for (const p of m.content) addPart(p);
  }
  for (const t of req.tools ?? []) {
    fixed += 8;
    texts.push(t.name, t.description ?? '');
    if (t.parameters) texts.push(JSON.stringify(t.parameters));
  }
  if (req.responseFormat?.type === 'json_schema' && req.responseFormat.schema) {
    texts.push(JSON.stringify(req.responseFormat.schema));
  }
  return { fixed, texts };
}
