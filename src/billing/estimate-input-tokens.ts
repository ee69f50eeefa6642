/**
 * Other vendors' tokenizers count up to ~25% more tokens than the OpenAI tokenizers for the same text
 * (Anthropic's notably, for code): the hold's estimate adds that margin so that it stays an
 * overestimate whichever upstream serves the call.
 */
const MARGIN_NUM = 5;
const MARGIN_DEN = 4;

/** Worst-case input tokens of a request whose cl100k count (countInputTokens) is `promptTokens`, for the hold. */
export function estimateInputTokens(promptTokens: number): number {
  return Math.ceil((promptTokens * MARGIN_NUM) / MARGIN_DEN) + 16;
}
