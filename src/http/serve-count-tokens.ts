import type { ChatRequest } from '../core/chat-request.js';
import type { Gateway } from '../pipeline/gateway.js';
import { autoGoal } from '../pipeline/pick-auto-model.js';
import { resolveModel } from '../pipeline/resolve-model.js';
import { authorize, authorizeIp } from '../pipeline/authorize.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import type { AuthenticatedKey } from '../store/types.js';
import type { Exchange } from './exchange.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJson } from './send-response.js';

/**
 * A token-counting endpoint (Anthropic's count_tokens, Gemini's countTokens): free, not billed,
 * but authenticated and rate-limited like any request (`key`, already checked), and authorized
 * for the model. The count is the gateway's own (cl100k) of what the request would send —
 * linear, bounded, and sliced so that it never blocks the loop. A smart model (`auto/*`) is not
 * resolved: the count does not depend on the model it would pick. `parse` reads the protocol's
 * body; `render` shapes the answer.
 */
export async function serveCountTokens(
  gw: Gateway,
  ex: Exchange,
  key: AuthenticatedKey,
  parse: (body: Record<string, unknown>) => ChatRequest,
  render: (inputTokens: number) => Record<string, unknown>,
): Promise<void> {
  const raw = await readBody(ex.req, gw.config.maxBodyBytes);
  const req = parse(parseJsonBody(ex.req, raw));
  if (autoGoal(req.model)) authorizeIp(key, ex.clientIp);
  else authorize(gw.config, key, resolveModel(gw.config, req.model), ex.clientIp);
  const inputTokens = await countInputTokens(req);
  if (!ex.signal.aborted) sendJson(ex, 200, render(inputTokens));
}
