import type { ChatRequest } from '../../core/index.js';

/** The thinking config sent to Anthropic. */
export type AnthropicThinking = { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };

/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * Thinking budgets for the OpenAI-style effort names (null: no thinking). Data, not code:
 * low/medium/high per the gateway's translation table; the others are the nearest sensible
 * neighbours (OpenAI's minimal/none/xhigh, Anthropic's max).
 */
export const EFFORT_BUDGETS: Readonly<Record<string, number | null>> = {
  none: null,
  minimal: MIN_THINKING_BUDGET,
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
  max: 32768,
};

/**
 * The canonical reasoning request → Anthropic's `thinking`, or undefined for none.
 * - adaptive (an Anthropic client's adaptive thinking, its effort in output_config) → adaptive;
 * - budgetTokens → enabled with that budget (0 means off; a negative "dynamic" budget becomes
 *   the medium budget);
 * - effort → enabled with EFFORT_BUDGETS[effort], unless `nativeEffort` (the effort travels
 *   verbatim in an Anthropic `output_config`), in which case thinking is adaptive;
 * - neither → adaptive.
 * A budget must be at least 1024 and below max_tokens: it is clamped with a warning, and
 * thinking is dropped with a warning when max_tokens leaves no room for it.
 */
export function renderThinking(
  reasoning: ChatRequest['reasoning'],
  maxTokens: number,
  nativeEffort: boolean,
  warnings: string[],
): AnthropicThinking | undefined {
  if (!reasoning) return undefined;
  if (reasoning.adaptive) return { type: 'adaptive' };
  let budget: number;
  if (reasoning.budgetTokens !== undefined) {
    if (reasoning.budgetTokens === 0) return undefined;
    if (reasoning.budgetTokens < 0) {
      budget = EFFORT_BUDGETS.medium ?? MIN_THINKING_BUDGET;
      warnings.push(`thinking budget ${reasoning.budgetTokens} (dynamic) sent as budget_tokens ${budget}`);
    } else budget = Math.floor(reasoning.budgetTokens);
  } else if (reasoning.effort !== undefined && !nativeEffort) {
    const key = reasoning.effort.toLowerCase();
    const mapped = Object.hasOwn(EFFORT_BUDGETS, key) ? EFFORT_BUDGETS[key] : undefined;
    if (mapped === undefined) {
      warnings.push(`dropped unsupported reasoning effort '${reasoning.effort}'`);
      return undefined;
    }
    if (mapped === null) return undefined;
    budget = mapped;
  } else {
    return { type: 'adaptive' };
  }
  if (budget < MIN_THINKING_BUDGET) {
    warnings.push(`thinking budget ${budget} raised to the minimum ${MIN_THINKING_BUDGET}`);
    budget = MIN_THINKING_BUDGET;
  }
  if (budget >= maxTokens) {
    const clamped = maxTokens - 1;
    if (clamped < MIN_THINKING_BUDGET) {
      warnings.push(`dropped thinking: max_tokens ${maxTokens} leaves no room for a thinking budget of at least ${MIN_THINKING_BUDGET}`);
      return undefined;
    }
    warnings.push(`thinking budget ${budget} clamped to ${clamped} (must be below max_tokens ${maxTokens})`);
    budget = clamped;
  }
  return { type: 'enabled', budget_tokens: budget };
}
