import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import { formatMoney } from '../core/money.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import { authenticate } from './authenticate.js';
import { requireModelType, resolveModel } from './resolve-model.js';
import { autoGoal, pickAutoModel } from './pick-auto-model.js';
import { authorize, authorizeIp } from './authorize.js';
import { reserve } from './reserve.js';
import type { Billable } from './billable.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { attempt, route } from './attempt.js';
import { priceOutcome, settle, settleFailure } from './settle.js';
import { responseOutcome, streamOutcome, type DescribedOutcome } from './describe-outcome.js';
import { meterStream } from './meter-stream.js';
import { clampOutputLimit } from './clamp-output-limit.js';

/** `x_chuizi` of OpenAI responses: what the call cost and how long it took. */
export type XChuizi = {
  generation_id: string;
  latency_ms: number;
  cost: string;
};

export type ChatResult =
  | { type: 'response'; response: ChatResponse; xChuizi: XChuizi }
  | { type: 'stream'; events: ReadableStream<StreamEvent>; trailer: () => XChuizi };

/**
 * A model call, read top to bottom: authenticate (401, before the body is read) → read and
 * parse (413/400) → resolve model (404; `auto/*` picks the model here, 400 when none can serve
 * the request; 400 for an embedding model) → clamp the output limit to the model's → authorize (403) → route (503 no
 * healthy upstream / 429 all throttled: before the limits and the hold, so such a refusal is
 * counted nowhere and the hold is for the model actually called) → check limits (429) → check
 * wallet (402, large bodies, before counting) → hold (402) → attempt (502/503/504) → settle
 * (always, exactly once, never billing more output than was held for: streams are cut there,
 * usage is bounded in describe-outcome). Errors are thrown as GatewayErrors and rendered by
 * the caller in the client's protocol.
 */
export async function runChat(gw: Gateway, ctx: RequestContext, keys: Array<string | undefined>, read: () => Promise<ChatRequest>): Promise<ChatResult> {
  const key = await authenticate(gw, keys);
  ctx.key = key;
  const asked = await read();
  ctx.request = asked;
  const goal = autoGoal(asked.model);
  if (goal) authorizeIp(key, ctx.clientIp); // before counting the prompt to choose
  const model = goal ? await pickAutoModel(gw, ctx, key, goal, asked) : resolveModel(gw.config, asked.model);
  requireModelType(model, 'chat');
  ctx.model = model;
  ctx.routedModel = goal ? model.id : undefined;
  ctx.responseHeaders['x-chuizi-routed-model'] = model.id;
  const parsed = Object.freeze(clampOutputLimit(ctx, model, asked));
  ctx.request = parsed;
  authorize(gw.config, key, model, ctx.clientIp);
  const targets = route(gw, model);
  const request = await reserve(gw, ctx, key, model, chatBillable(parsed));

  let result;
  try {
    result = await attempt(gw, ctx, request, targets, model.maxOutputTokens);
  } catch (err) {
    throw await settleFailure(gw, ctx, key, model, err, request.stream);
  }

  const bounds = { heldInputTokens: ctx.heldTokens?.inputTokens ?? 0, heldOutputTokens: ctx.heldTokens?.outputTokens ?? model.maxOutputTokens, contextWindow: model.contextWindow };
  if (result.type === 'response') {
    const described = responseOutcome(ctx.promptTokens ?? 0, result.response, bounds);
    logDiscrepancy(gw, ctx, described.bounded);
    const { outcome } = described;
    const cost = priceOutcome(model, outcome.usage);
    await settle(gw, ctx, key, model, outcome, cost);
    return { type: 'response', response: { ...result.response, usage: outcome.usage }, xChuizi: xChuizi(gw, ctx, cost.cost) };
  }

  let finalCost = 0;
  const events = meterStream(result.events, (tally, end) => {
    const described = streamOutcome(ctx.promptTokens ?? 0, tally, end, bounds);
    logDiscrepancy(gw, ctx, described.bounded);
    const { outcome, appended } = described;
    const cost = priceOutcome(model, outcome.usage);
    finalCost = cost.cost;
    const settled = settle(gw, ctx, key, model, outcome, cost).catch((err) => gw.log.error({ generationId: ctx.generationId, err: String(err) }, 'settle failed'));
    return end === 'done' ? settled.then(() => appended) : appended;
  }, bounds.heldOutputTokens);
  return { type: 'stream', events, trailer: () => xChuizi(gw, ctx, finalCost) };
}

/** A chat request as the money steps see it: 3 + 4 tokens per message known before counting. */
function chatBillable(req: ChatRequest): Billable<ChatRequest> {
  return {
    request: req,
    knownInputTokens: 3 + 4 * req.messages.length,
    maxOutputTokens: req.maxOutputTokens,
    countPrompt: () => countInputTokens(req),
    withOutputLimit: (tokens) => Object.freeze({ ...req, maxOutputTokens: tokens }),
  };
}

/** Upstream usage that was not billed as reported: logged with the generation id (never any text). */
export function logDiscrepancy(gw: Gateway, ctx: RequestContext, bounded: DescribedOutcome['bounded']): void {
  if (bounded.problems.length === 0 && bounded.excessOutputTokens === 0) return;
  gw.log.warn(
    { requestId: ctx.requestId, generationId: ctx.generationId, provider: ctx.providerId, usageSource: bounded.source, problems: bounded.problems, excessOutputTokens: bounded.excessOutputTokens, billed: { inputTokens: bounded.usage.inputTokens, outputTokens: bounded.usage.outputTokens } },
    'upstream usage discrepancy',
  );
}

export function xChuizi(gw: Gateway, ctx: RequestContext, cost: number): XChuizi {
  return { generation_id: ctx.generationId, latency_ms: gw.now() - ctx.startedAt, cost: formatMoney(cost) };
}
