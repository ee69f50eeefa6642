import type { Usage, UsageSource } from '../core/usage.js';

/** What the hold was priced for. */
export interface UsageBounds {
  /** The hold's input estimate (an overestimate of the request's input). */
  heldInputTokens: number;
  /** The hold's output bound: the output limit sent upstream. */
  heldOutputTokens: number;
  /** The model's context window, when known: no real call reads more input. */
  contextWindow?: number;
}

/** The gateway's own counts, used where the upstream's are missing or fail validation. */
export interface CountedUsage {
  inputTokens: () => number;
  outputTokens: () => number;
}

export interface BoundedUsage {
  usage: Usage;
  source: UsageSource;
  /** Why upstream figures were not taken as reported (for the log); empty when they were. */
  problems: string[];
  /** Output tokens the upstream reported beyond the bound (an upstream discrepancy), else 0. */
  excessOutputTokens: number;
}

/**
 * Reported input above this is not believed: tokenizers differ (the hold adds 25%), upstreams
 * add tool prompts, but not by this much. A real underestimate below it is charged as reported
 * (billing-and-limits.md §2.5); anything above is charged at the hold's estimate instead.
 */
export function plausibleInputTokens(b: UsageBounds): number {
  const generous = Math.max(4 * b.heldInputTokens, b.heldInputTokens + 100_000);
  return b.contextWindow !== undefined ? Math.max(b.heldInputTokens, Math.min(generous, b.contextWindow)) : generous;
}

/**
 * The usage a call is billed for, from what the upstream reported, never beyond what was held
 * for output: each reported count must be a non-negative safe integer; input must be plausible
 * (above); output above the bound is charged at the bound; cache counts must fit in input and
 * reasoning in output. A count that is missing falls back to the gateway's own count
 * (`estimated`); one that fails validation too (`upstream_invalid`). Output, however obtained,
 * never exceeds the bound. `trustReportedOutput: false` (a stream cut or abandoned before its
 * final usage) bills the larger of the reported and the counted output.
 */
export function boundUsage(reported: Usage, bounds: UsageBounds, counted: CountedUsage, trustReportedOutput = true): BoundedUsage {
  const problems: string[] = [];
  const valid = (name: string, v: number | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (Number.isSafeInteger(v) && v >= 0) return v;
    problems.push(`${name} ${String(v)} is not a non-negative safe integer`);
    return undefined;
  };
  let input = valid('input_tokens', reported.inputTokens);
  let output = valid('output_tokens', reported.outputTokens);
  let cacheRead = valid('cache_read_tokens', reported.cacheReadTokens);
  let cacheWrite = valid('cache_write_tokens', reported.cacheWriteTokens);
  let reasoning = valid('reasoning_tokens', reported.reasoningTokens);
  let estimated = false;

  const plausible = plausibleInputTokens(bounds);
  if (input !== undefined && input > plausible) {
    problems.push(`input_tokens ${input} is above the plausible ${plausible} for this request`);
    input = undefined;
  }
  if (input === undefined) {
    input = problems.length > 0 ? Math.min(counted.inputTokens(), bounds.heldInputTokens) : counted.inputTokens();
    estimated = true;
    cacheRead = cacheWrite = undefined;
  }
  if ((cacheRead ?? 0) + (cacheWrite ?? 0) > input) {
    problems.push(`cache tokens ${(cacheRead ?? 0) + (cacheWrite ?? 0)} exceed input_tokens ${input}`);
    cacheRead = cacheWrite = undefined;
  }

  let excessOutputTokens = 0;
  if (output !== undefined && output > bounds.heldOutputTokens) {
    excessOutputTokens = output - bounds.heldOutputTokens;
    output = bounds.heldOutputTokens;
  }
  if (output === undefined || !trustReportedOutput) {
    const count = Math.min(counted.outputTokens(), bounds.heldOutputTokens);
    if (output === undefined || count > output) {
      output = count;
      estimated = true;
    }
  }
  if (reasoning !== undefined && reasoning > output) reasoning = output;

  const usage: Usage = { inputTokens: input, outputTokens: output };
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  if (reported.raw !== undefined) usage.raw = reported.raw;
  const source: UsageSource = problems.length > 0 ? 'upstream_invalid' : excessOutputTokens > 0 ? 'upstream_capped' : estimated ? 'estimated' : 'upstream';
  return { usage, source, problems, excessOutputTokens };
}
