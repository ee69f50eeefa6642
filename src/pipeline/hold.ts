import type { ChatRequest } from '../core/chat-request.js';
import { GatewayError } from '../core/gateway-error.js';
import { formatDollars } from '../core/money.js';
import { affordableOutputTokens, estimateHold } from '../billing/estimate-hold.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { withMargin } from '../billing/estimate-input-tokens.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { KeyRecord } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';

/**
 * Step 5 (402, 403 daily limit): reserve the worst-case cost atomically against
 * balance − active holds. When the client set no output limit and the wallet cannot cover
 * the model's maximum, the output limit sent upstream is lowered to what the wallet covers
 * (billing-and-limits.md §2.2), with a warning. Returns the request to send: the same one, or
 * one with that lowered output limit. Counting the input is the costly part (linear, sliced, see
 * count-input-tokens.ts); a large request from an empty wallet is refused before it (checkWallet).
 */
export async function hold(gw: Gateway, ctx: RequestContext, key: KeyRecord, model: ModelEntry, req: ChatRequest): Promise<ChatRequest> {
  // Counted once: the plain count is the prompt size Anthropic streams report in message_start
  // when the upstream gives none there (issue 8), and what usage estimates bill; the hold adds the margin.
  const promptTokens = ctx.promptTokens ?? (await countInputTokens(req)); // auto/* counted it to choose the model
  ctx.promptTokens = promptTokens;
  const inputTokens = withMargin(promptTokens);
  const maxOutput = req.maxOutputTokens ?? model.maxOutputTokens;
  let amount = estimateHold(inputTokens, maxOutput, model.price, model.markup);
  const now = gw.now();
  const base = {
    id: ctx.generationId,
    accountId: key.accountId,
    keyId: key.id,
    expiresAt: now + gw.config.upstreamTimeoutMs + gw.config.holdMarginSeconds * 1000,
    dailyLimit: key.dailyLimit,
    day: new Date(now).toISOString().slice(0, 10),
  };
  let result = await gw.store.ledger.hold({ ...base, amount });
  let request = req;
  if (!result.ok && result.reason === 'insufficient_balance' && req.maxOutputTokens === undefined) {
    const affordable = Math.min(affordableOutputTokens(result.available, inputTokens, model.price, model.markup), maxOutput);
    if (affordable >= 1) {
      const lowered = estimateHold(inputTokens, affordable, model.price, model.markup);
      const retry = await gw.store.ledger.hold({ ...base, amount: lowered });
      if (retry.ok) {
        request = Object.freeze({ ...req, maxOutputTokens: affordable });
        ctx.warnings.push(`max output tokens lowered to ${affordable} to fit the available balance`);
        amount = lowered;
      }
      result = retry.ok ? retry : result;
    }
  }
  if (!result.ok) {
    if (result.reason === 'daily_limit_exceeded') {
      throw new GatewayError('daily_limit_exceeded', `Daily spend limit of ${formatDollars(key.dailyLimit ?? 0)} reached for this API key`);
    }
    throw new GatewayError('insufficient_balance', `Insufficient balance. Current: ${formatDollars(result.available, 'down')}, Required: ${formatDollars(amount)}`);
  }
  gw.inflight.add(ctx.generationId);
  ctx.heldTokens = { inputTokens, outputTokens: request.maxOutputTokens ?? maxOutput };
  return request;
}
