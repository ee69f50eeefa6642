import type { FinishReason, UnifiedFinishReason } from '../../core/index.js';

/** Gemini's FinishReason names, in enum order (a client asking `enum-encoding=int` gets the numbers). */
const NAMES = [
  'FINISH_REASON_UNSPECIFIED', 'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'OTHER', 'BLOCKLIST',
  'PROHIBITED_CONTENT', 'SPII', 'MALFORMED_FUNCTION_CALL', 'IMAGE_SAFETY', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS',
] as const;

const FILTERED: ReadonlySet<string> = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']);
const KNOWN: ReadonlySet<string> = new Set<string>([...NAMES, ...FILTERED, 'LANGUAGE', 'NO_IMAGE', 'IMAGE_OTHER', 'MISSING_THOUGHT_SIGNATURE']);

/**
 * A Gemini finishReason (its name, or its enum number) → canonical, keeping the raw name.
 * Gemini ends a turn of function calls with STOP: `hasToolCalls` makes it `tool-calls`.
 */
export function mapFinishReason(raw: string | number, hasToolCalls = false): FinishReason {
  const name = typeof raw === 'number' ? (NAMES[raw] ?? String(raw)) : raw;
  return { unified: unify(name, hasToolCalls), raw: name };
}

function unify(name: string, hasToolCalls: boolean): UnifiedFinishReason {
  if (name === 'STOP') return hasToolCalls ? 'tool-calls' : 'stop';
  if (name === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(name)) return 'content-filter';
  if (name === 'MALFORMED_FUNCTION_CALL' || name === 'UNEXPECTED_TOOL_CALL' || name === 'TOO_MANY_TOOL_CALLS') return 'error';
  return 'other';
}

/**
 * Canonical → the finishReason a Gemini client sees: the raw name when it is already Gemini's
 * (keeps RECITATION, SPII, …) and agrees with the unified reason; else mapped. Function calls end
 * with STOP, as Gemini ends them.
 */
export function renderFinishReason(reason: FinishReason | undefined): string {
  if (!reason) return 'STOP';
  if (reason.raw !== undefined && KNOWN.has(reason.raw) && unify(reason.raw, reason.unified === 'tool-calls') === reason.unified) return reason.raw;
  switch (reason.unified) {
    case 'stop':
    case 'tool-calls':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content-filter':
      return 'SAFETY';
    case 'error':
    case 'other':
      return 'OTHER';
  }
}
