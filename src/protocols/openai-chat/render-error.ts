import type { GatewayError } from '../../core/index.js';
import { renderOpenaiError } from '../shared/render-openai-error.js';

/**
 * A GatewayError → the OpenAI error envelope (spec api.md §4):
 * `{"error":{"message","type","code":"<status>","reason","param"}}`. Only the public message
 * is rendered; `detail` stays in the logs.
 */
export function renderError(err: GatewayError): { status: number; body: Record<string, unknown> } {
  return renderOpenaiError(err);
}
