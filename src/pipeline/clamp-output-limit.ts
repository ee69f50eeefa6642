import type { ChatRequest } from '../core/chat-request.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { RequestContext } from './request-context.js';

/**
 * An output limit (`max_tokens`, `max_completion_tokens`, …) above the model's maximum output
 * is lowered to that maximum, with a note in `x-chuizi-warnings`: the upstream could not
 * produce more, and the hold must not be priced (or refused) for tokens that cannot come.
 */
export function clampOutputLimit(ctx: RequestContext, model: ModelEntry, req: ChatRequest): ChatRequest {
  if (req.maxOutputTokens === undefined || req.maxOutputTokens <= model.maxOutputTokens) return req;
  ctx.warnings.push(`max output tokens ${req.maxOutputTokens} lowered to ${model.maxOutputTokens}, the maximum output of ${model.id}`);
  return { ...req, maxOutputTokens: model.maxOutputTokens };
}
