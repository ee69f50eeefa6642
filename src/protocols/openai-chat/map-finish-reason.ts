import type { FinishReason, UnifiedFinishReason } from '../../core/index.js';

/** The finish_reason values OpenAI Chat Completions defines. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

const OPENAI_VALUES: ReadonlySet<string> = new Set<OpenAIFinishReason>(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/**
 * An upstream finish_reason → canonical, keeping the raw string. OpenAI does not say which stop
 * sequence matched; vLLM-style servers do, in the choice's `stop_reason` (a string).
 */
export function mapFinishReason(raw: string, stopReason?: string | null): FinishReason {
  const reason: FinishReason = { unified: unify(raw), raw };
  if (raw === 'stop' && typeof stopReason === 'string' && stopReason !== '') reason.stopSequence = stopReason;
  return reason;
}

function unify(raw: string): UnifiedFinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Canonical → the OpenAI finish_reason a client sees. The raw value wins when it is already an
 * OpenAI value (keeps `function_call`); otherwise the unified reason is mapped. `error` and
 * `other` become `stop`: OpenAI has no such values and its SDKs only know the five above.
 */
export function renderFinishReason(reason: FinishReason): OpenAIFinishReason {
  if (reason.raw !== undefined && OPENAI_VALUES.has(reason.raw)) return reason.raw as OpenAIFinishReason;
  switch (reason.unified) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'error':
    case 'other':
      return 'stop';
  }
}
