/**
 * Other vendors' tokenizers count up to ~25% more tokens than the OpenAI tokenizers for the same text
 * (Anthropic's notably, for code): the hold's estimate adds that margin so that it stays an
 * overestimate whichever upstream serves the call.
 */
const MARGIN_NUM = 5;
const MARGIN_DEN = 4;

/** A countInputTokens count with the hold's margin for other vendors' tokenizers: worst-case input tokens, for the hold. */
export function withMargin(count: number): number {
  return Math.ceil((count * MARGIN_NUM) / MARGIN_DEN) + 16;
}
