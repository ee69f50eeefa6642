import { GatewayError } from '../core/gateway-error.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { AuthenticatedKey } from '../store/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { Billable } from './billable.js';
import { checkLimits, giveBackLimits } from './check-limits.js';
import { checkWallet } from './check-wallet.js';
import { hold } from './hold.js';

/**
 * Steps 6–7 of any model call (chat or embeddings): check limits (429) → check wallet (402,
 * large bodies, before counting) → hold (402, 403 daily limit). A refusal after the limits gives
 * the call back to every window it was counted in. Refusals and holds are reported to the
 * observer (metrics). Returns the request to send (the hold may
 * have lowered its implicit output limit).
 */
export async function reserve<R>(gw: Gateway, ctx: RequestContext, key: AuthenticatedKey, model: ModelEntry, call: Billable<R>): Promise<R> {
  await checkLimits(gw, ctx, key, model);
  let request: R;
  try {
    await checkWallet(gw, ctx, key, model, call);
    request = await hold(gw, ctx, key, model, call);
  } catch (err) {
    giveBackLimits(gw, ctx); // a 402/403 after the limits: counted in no window
    const reason = err instanceof GatewayError ? err.reason : undefined;
    if (reason === 'insufficient_balance' || reason === 'daily_limit_exceeded') gw.observer.limited(reason === 'insufficient_balance' ? 'balance' : 'daily_limit', ctx);
    throw err;
  }
  gw.observer.held(ctx);
  return request;
}
