import type { FinishReason } from '../../core/index.js';

/** A Responses `status` with its `incomplete_details`. */
export interface ResponsesStatus {
  status: 'completed' | 'incomplete' | 'failed';
  incompleteDetails: { reason: string } | null;
}

/**
 * The canonical finish reason → the response's status: `length` is `incomplete`
 * (`max_output_tokens`), a content filter `incomplete` (`content_filter`), an error `failed`;
 * anything else (stop, tool calls) is `completed`.
 */
export function renderStatus(finish: FinishReason | undefined): ResponsesStatus {
  switch (finish?.unified) {
    case 'length':
      return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
    case 'content-filter':
      return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
    case 'error':
      return { status: 'failed', incompleteDetails: null };
    default:
      return { status: 'completed', incompleteDetails: null };
  }
}

/**
 * A Responses status (+ incomplete reason, + whether the output calls tools) → the canonical
 * finish reason, keeping the raw status.
 */
export function parseStatus(status: string | undefined, incompleteReason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (status === 'incomplete') {
    if (incompleteReason === 'max_output_tokens') return { unified: 'length', raw: incompleteReason };
    if (incompleteReason === 'content_filter') return { unified: 'content-filter', raw: incompleteReason };
    return { unified: 'other', raw: incompleteReason ?? status };
  }
  if (status === 'failed') return { unified: 'error', raw: status };
  if (status === 'completed') return hasToolCalls ? { unified: 'tool-calls', raw: status } : { unified: 'stop', raw: status };
  return { unified: 'other', ...(status !== undefined ? { raw: status } : {}) };
}
