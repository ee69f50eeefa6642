import type { FinishReason, UnifiedFinishReason } from '../../core/index.js';

/** The stop_reason values Anthropic Messages defines. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

const ANTHROPIC_VALUES: ReadonlySet<string> = new Set<AnthropicStopReason>([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/** An upstream stop_reason → canonical, keeping the raw string and the matched stop sequence. */
export function mapStopReason(raw: string, stopSequence?: string | null): FinishReason {
  const reason: FinishReason = { unified: unify(raw), raw };
  if (stopSequence != null && raw === 'stop_sequence') reason.stopSequence = stopSequence;
  return reason;
}

function unify(raw: string): UnifiedFinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other'; // pause_turn and anything new
  }
}

/**
 * Canonical → the stop_reason an Anthropic client sees. The raw value wins when it is already an
 * Anthropic value (keeps stop_sequence, pause_turn); otherwise the unified reason is mapped.
 * `hasToolCalls`: some OpenAI-compatible vendors end a tool-calling turn with "stop"; an
 * Anthropic client must see tool_use to run the tools.
 */
export function renderStopReason(reason: FinishReason | undefined, hasToolCalls = false): AnthropicStopReason {
  if (reason?.raw !== undefined && ANTHROPIC_VALUES.has(reason.raw)) return reason.raw as AnthropicStopReason;
  // An OpenAI-compatible upstream that names the matched stop sequence (vLLM's stop_reason).
  if (reason?.stopSequence !== undefined && !hasToolCalls) return 'stop_sequence';
  switch (reason?.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    case 'stop':
    case 'error':
    case 'other':
    case undefined:
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}
