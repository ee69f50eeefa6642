import type { ChatRequest, ClientProtocol } from '../core/chat-request.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { Money } from '../core/money.js';
import type { AuthenticatedKey, RateWindow } from '../store/types.js';
import type { ClientHeaders } from '../providers/provider-adapter.js';

/** The one typed context the pipeline steps share for a request. */
export interface RequestContext {
  readonly requestId: string;
  readonly generationId: string;
  /** Epoch ms when the request arrived. */
  readonly startedAt: number;
  readonly protocol: ClientProtocol;
  readonly clientIp: string;
  readonly headers: ClientHeaders;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
  /** x-chuizi-warnings: what could not be translated or was adjusted. */
  readonly warnings: string[];
  /** Headers every response of this call carries (x-ratelimit-*). */
  readonly responseHeaders: Record<string, string>;
  key?: AuthenticatedKey;
  request?: ChatRequest;
  model?: ModelEntry;
  /** Size of the request body, bytes. */
  bodyBytes?: number;
  /** What the hold was priced for: estimated input tokens and the output bound (billing never exceeds it for output). */
  heldTokens?: { inputTokens: number; outputTokens: number };
  /** The amount the hold reserved (1e-8 USD units). */
  heldAmount?: Money;
  /** The key's concurrency slot this call holds, released at settlement. */
  concurrencySlot?: string;
  /** The rate-limit windows this call was counted in and when: given back if it is refused before any upstream attempt. */
  rateHit?: { windows: RateWindow[]; at: number };
  /** The provider that served the call. */
  providerId?: string;
  /** The gateway's count of the prompt's input tokens (cl100k, no margin), set by the hold step; estimated usage bills it. */
  promptTokens?: number;
  /** The model an `auto/*` call was routed to (its public id); the answer names it. */
  routedModel?: string;
  /** Epoch ms when the first upstream attempt started. */
  upstreamStartedAt?: number;
  /** Epoch ms of a stream's first output (its commit point); set by the call observer. */
  firstTokenAt?: number;
  /** Time spent in upstream attempts so far, ms; summed by the call observer. */
  upstreamMs?: number;
}
