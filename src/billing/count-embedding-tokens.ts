import type { EmbeddingInput } from '../core/embedding-request.js';
import { countTextTokensAsync, newCountBudget } from './count-text-tokens.js';
import { Slicer } from './slicer.js';

/**
 * Input tokens of an embedding request: texts counted with the cl100k tokenizer (the tokenizer
 * of OpenAI's embedding models), token-id inputs by their length. What the hold is priced for,
 * and what is billed when the upstream reports no usage (the Gemini API never does). Linear and
 * bounded per request like every count (count-text-tokens.ts), giving the event loop back.
 */
export async function countEmbeddingTokens(input: EmbeddingInput, slicer = new Slicer()): Promise<number> {
  if (input.type === 'tokens') return input.tokens.reduce((n, t) => n + t.length, 0);
  const budget = newCountBudget();
  let tokens = 0;
  for (const text of input.texts) {
    tokens += await countTextTokensAsync(text, budget, slicer);
    if (slicer.due()) await slicer.yield();
  }
  return tokens;
}
