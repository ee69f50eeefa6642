import type { ChatRequest } from '../core/chat-request.js';
import { GatewayError } from '../core/gateway-error.js';
import type { Capability, ModelEntry } from '../config/gateway-config.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { AUTO_GOALS, AUTO_PREFIX, chooseAutoModel, type AutoGoal, type RequestNeeds } from '../routing/choose-auto-model.js';
import { measuredLatency, selectTargets } from '../routing/select-targets.js';
import type { KeyRecord } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import { isModelAllowed } from './authorize.js';

/** The goal of an `auto/<goal>` name, or undefined for any other model name. */
export function autoGoal(name: string): AutoGoal | undefined {
  const n = name.toLowerCase();
  if (!n.startsWith(AUTO_PREFIX)) return undefined;
  const goal = n.slice(AUTO_PREFIX.length);
  return (AUTO_GOALS as readonly string[]).includes(goal) ? (goal as AutoGoal) : undefined;
}

/**
 * Step 3a (400 when no model can serve the request, 503 when none is healthy): the model an
 * `auto/<goal>` call is served by, among the chat models the key may call (routing/choose-auto-model.ts).
 * The prompt is counted here (the hold reuses the count) to know what the context window must fit.
 */
export async function pickAutoModel(gw: Gateway, ctx: RequestContext, key: KeyRecord, goal: AutoGoal, req: ChatRequest): Promise<ModelEntry> {
  const promptTokens = await countInputTokens(req);
  ctx.promptTokens = promptTokens;
  const needs: RequestNeeds = { capabilities: requestNeeds(req), contextTokens: promptTokens + (req.maxOutputTokens ?? 1), outputTokens: req.maxOutputTokens };
  const health = gw.health.snapshot();
  const now = gw.now();
  const candidates = gw.config.models
    .filter((m) => m.type === 'chat' && isModelAllowed(gw.config, key, m))
    .map((model) => ({ model, healthy: selectTargets(model, gw.config.providers, health, now, gw.config.upstreamTimeoutMs).usable.length > 0, latencyMs: measuredLatency(model, health) }));
  const choice = chooseAutoModel(goal, needs, candidates);
  if (choice.ok) return choice.model;
  if (choice.missing === 'a healthy upstream') {
    throw new GatewayError('provider_unavailable', 'No healthy upstream is available for this model', { retryAfter: 1, detail: `auto/${goal}: every capable model is down` });
  }
  throw new GatewayError('validation_error', `No model this API key may call can serve this request through 'auto/${goal}': it needs ${choice.missing}`, { param: 'model' });
}

/** What the request needs: images → vision, tools → tools, a JSON response format → json, a reasoning effort → reasoning. */
export function requestNeeds(req: ChatRequest): Capability[] {
  const needs: Capability[] = [];
  if (req.messages.some((m) => m.content.some((p) => p.type === 'image'))) needs.push('vision');
  if ((req.tools?.length ?? 0) > 0) needs.push('tools');
  if (req.responseFormat && req.responseFormat.type !== 'text') needs.push('json');
  if (req.reasoning && (req.reasoning.effort !== undefined || req.reasoning.budgetTokens !== undefined || req.reasoning.adaptive)) needs.push('reasoning');
  return needs;
}
