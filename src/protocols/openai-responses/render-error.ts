import type { GatewayError } from '../../core/index.js';
import { renderOpenaiError } from '../shared/render-openai-error.js';

/**
 * A GatewayError → the error envelope of `/v1/responses`: OpenAI's (spec api.md §4), as the
 * `openai` SDK reads it. In a stream the same `error` object rides in an `error` event
 * (render-stream.ts).
 */
export function renderError(err: GatewayError): { status: number; body: Record<string, unknown> } {
  return renderOpenaiError(err);
}
