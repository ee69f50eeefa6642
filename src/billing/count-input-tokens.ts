import type { ChatRequest } from '../core/chat-request.js';
import type { Part } from '../core/part.js';
import { countTextTokens } from './count-text-tokens.js';

/** Tokens of one image, as an upper bound (a high-detail tile grid at the largest common size). */
export const IMAGE_TOKENS = 1600;
const PER_MESSAGE = 4;

/**
 * Input tokens of a request counted with the cl100k tokenizer: what the gateway bills when
 * the upstream reports no usage. The hold uses estimateInputTokens, which adds a margin.
 */
export function countInputTokens(req: ChatRequest): number {
  let tokens = 3;
  for (const m of req.messages) {
    tokens += PER_MESSAGE;
    for (const p of m.content) tokens += countPartTokens(p);
  }
  if (req.tools) {
    for (const t of req.tools) {
      tokens += 8 + countTextTokens(t.name) + countTextTokens(t.description ?? '');
      if (t.parameters) tokens += countTextTokens(JSON.stringify(t.parameters));
    }
  }
  if (req.responseFormat?.type === 'json_schema' && req.responseFormat.schema) {
    tokens += countTextTokens(JSON.stringify(req.responseFormat.schema));
  }
  return tokens;
}

export function countPartTokens(p: Part): number {
  switch (p.type) {
    case 'text':
    case 'refusal':
      return countTextTokens(p.text);
    case 'reasoning':
      return countTextTokens(p.text) + (p.redactedData ? Math.ceil(p.redactedData.length / 3) : 0);
    case 'image':
      return IMAGE_TOKENS;
    case 'file':
      // A document: its decoded size bounds its text at ~2 bytes a token.
      return p.data ? Math.ceil((p.data.length * 3) / 4 / 2) : IMAGE_TOKENS;
    case 'tool-call':
      return 4 + countTextTokens(p.name) + countTextTokens(p.arguments);
    case 'tool-result':
      return 4 + p.content.reduce((n, c) => n + countPartTokens(c), 0);
    case 'native':
      return countTextTokens(JSON.stringify(p.block));
  }
}
