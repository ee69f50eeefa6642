import { embeddingInputCount, type EmbeddingRequest } from '../core/embedding-request.js';
import type { EmbeddingResponse } from '../core/embedding-response.js';
import { countEmbeddingTokens } from '../billing/count-embedding-tokens.js';
import { callEmbeddings } from '../upstream/call-embeddings.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { Billable } from './billable.js';
import { authenticate } from './authenticate.js';
import { requireModelType, resolveModel } from './resolve-model.js';
import { authorize } from './authorize.js';
import { reserve } from './reserve.js';
import { attemptWith, route } from './attempt.js';
import { priceOutcome, settle, settleFailure, type CallOutcome } from './settle.js';
import { logDiscrepancy, xChuizi, type XChuizi } from './run-chat.js';
import { boundUsage } from '../billing/bound-usage.js';

export interface EmbeddingsResult {
  /** The request as parsed (the public model id the client sent, the encoding it asked for). */
  request: EmbeddingRequest;
  response: EmbeddingResponse;
  /** The input tokens billed (the upstream's count, or the gateway's when it reported none). */
  inputTokens: number;
  xChuizi: XChuizi;
}

/**
 * An embedding call, through the same steps as a chat call (run-chat.ts): authenticate (401)
 * → read and parse (413/400) → resolve model (404; 400 for a chat model) → authorize (403) →
 * route (503/429) → check limits, wallet, hold (429/402/403; the hold prices the counted input
 * with the hold's margin, and no output) → attempt with failover (502/503/504) → settle exactly
 * once. Billed by input tokens: the upstream's count when it reports a valid one (`usage_source:
 * upstream`), else the gateway's cl100k count (`estimated`: the Gemini API reports none;
 * `upstream_invalid` when the reported count fails validation, see bound-usage.ts).
 */
export async function runEmbeddings(gw: Gateway, ctx: RequestContext, keys: Array<string | undefined>, read: () => Promise<EmbeddingRequest>): Promise<EmbeddingsResult> {
  const key = await authenticate(gw, keys);
  ctx.key = key;
  const parsed = Object.freeze(await read());
  const model = resolveModel(gw.config, parsed.model);
  requireModelType(model, 'embedding');
  ctx.model = model;
  ctx.responseHeaders['x-chuizi-routed-model'] = model.id;
  authorize(gw.config, key, model, ctx.clientIp);
  const targets = route(gw, model);
  const request = await reserve(gw, ctx, key, model, embeddingBillable(parsed));

  let result;
  try {
    result = await attemptWith(gw, ctx, targets, false, ({ target, provider }) =>
      callEmbeddings(gw.pool, { provider, target, request, signal: ctx.signal, clientHeaders: ctx.headers, clientProtocol: ctx.protocol, defaultMaxTokens: 0 }),
    );
  } catch (err) {
    throw await settleFailure(gw, ctx, key, model, err, false);
  }
  // The same validation as a chat answer's usage (a missing or implausible count bills the
  // gateway's own), with no output allowed.
  const promptTokens = ctx.promptTokens ?? 0;
  const bounded = boundUsage({ ...result.response.usage, outputTokens: 0 }, { heldInputTokens: ctx.heldTokens?.inputTokens ?? promptTokens, heldOutputTokens: 0, contextWindow: undefined }, { inputTokens: () => promptTokens, outputTokens: () => 0 });
  logDiscrepancy(gw, ctx, bounded);
  const outcome: CallOutcome = { status: 'completed', usage: bounded.usage, usageSource: bounded.source, streamed: false };
  const inputTokens = bounded.usage.inputTokens ?? 0;
  const cost = priceOutcome(model, outcome.usage);
  await settle(gw, ctx, key, model, outcome, cost);
  return { request: parsed, response: result.response, inputTokens, xChuizi: xChuizi(gw, ctx, cost.cost) };
}

/** An embedding request as the money steps see it: one token per input known before counting, no output. */
function embeddingBillable(req: EmbeddingRequest): Billable<EmbeddingRequest> {
  return {
    request: req,
    knownInputTokens: embeddingInputCount(req.input),
    countPrompt: () => countEmbeddingTokens(req.input),
    withOutputLimit: () => req,
  };
}
