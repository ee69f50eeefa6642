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
 * the call back to every window it was counted in. Returns the request to send (the hold may
 * have lowered its implicit output limit).
 */
export async function reserve<R>(gw: Gateway, ctx: RequestContext, key: AuthenticatedKey, model: ModelEntry, call: Billable<R>): Promise<R> {
  await checkLimits(gw, ctx, key, model);
  try {
    await checkWallet(gw, ctx, key, model, call);
    return await hold(gw, ctx, key, model, call);
  } catch (err) {
    giveBackLimits(gw, ctx); // a 402/403 after the limits: counted in no window
    throw err;
  }
}
