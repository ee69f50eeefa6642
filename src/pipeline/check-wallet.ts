import { GatewayError } from '../core/gateway-error.js';
import { formatUsd } from '../core/money.js';
import { estimateHold } from '../billing/estimate-hold.js';
import { withMargin } from '../billing/estimate-input-tokens.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { KeyRecord } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { Billable } from './billable.js';

/** Bodies from this size on are checked against the wallet before their tokens are counted. */
export const WALLET_PRECHECK_BYTES = 16 * 1024;

/**
 * Step 5a (402), before the hold: a large request from a wallet that cannot pay even its
 * smallest possible hold is refused without tokenizing it. The smallest hold counts only the
 * tokens known without the tokenizer (3 + 4 per message, one per embedding input; with the hold's
 * margin) and one output token (or the client's limit; none for an embedding model). Smaller bodies skip this read: counting them costs less than
 * it. The atomic hold stays the real check.
 */
export async function checkWallet(gw: Gateway, ctx: RequestContext, key: KeyRecord, model: ModelEntry, call: Billable<unknown>): Promise<void> {
  if ((ctx.bodyBytes ?? 0) < WALLET_PRECHECK_BYTES) return;
  const account = await gw.store.accounts.get(key.accountId);
  if (!account) return; // the hold names the problem
  const available = account.balance - account.held;
  const floor = estimateHold(withMargin(call.knownInputTokens), call.maxOutputTokens ?? Math.min(1, model.maxOutputTokens), model.price, model.markup);
  if (available < floor) {
    throw new GatewayError('insufficient_balance', `Insufficient balance. Current: ${formatUsd(available)}, Required: ${formatUsd(floor)}.`);
  }
}
