/**
 * What the money steps (check-wallet, hold) need of a call, whatever its kind — a chat request
 * or an embedding request — so that both kinds go through the same steps.
 */
export interface Billable<R> {
  readonly request: R;
  /** Input tokens known without the tokenizer (per-message overhead; one per embedding input): the wallet pre-check's floor. */
  readonly knownInputTokens: number;
  /** The client's output limit, if it set one. */
  readonly maxOutputTokens?: number;
  /** Counts the prompt's input tokens with the tokenizer (no margin). */
  countPrompt(): Promise<number>;
  /** The request with a lowered output limit (when the wallet cannot cover the model's maximum). */
  withOutputLimit(tokens: number): R;
}
