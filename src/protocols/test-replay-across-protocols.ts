/*
 * Helpers of the cross-protocol tests (not a test file itself). A protocol never imports another
 * protocol, so the replays across them live here, outside every protocol folder, generic over the
 * Protocol interface: each takes one recorded upstream answer through its own protocol's parser,
 * then the client protocol's renderer (what the gateway sends a client of that protocol), then
 * that protocol's parser (what the client reads).
 */
import type { ChatResponse, SseMessage, StreamEvent, Usage } from '../core/index.js';
import type { Protocol, RenderResponseMeta, RenderStreamMeta } from './shared/protocol.js';
import { parseSseText } from './shared/test-parse-sse-text.js';
import { runTransform } from './shared/test-run-transform.js';

type Json = Record<string, unknown>;

export const GENERATION_ID = 'gen-crossprotocol00000000000';
export const X_CHUIZI = { generation_id: GENERATION_ID, cost: '0.00000000' };
/** What every replay tells the client: one generation id, one public model id. */
export const RESPONSE_META: RenderResponseMeta = { id: GENERATION_ID, model: 'chuizi/replayed-model', created: 1770000000, xChuizi: X_CHUIZI };
export const STREAM_META: RenderStreamMeta = { id: GENERATION_ID, model: RESPONSE_META.model, created: RESPONSE_META.created, trailer: () => X_CHUIZI };

/** One stream replay: the upstream's events, the frames the client receives, and what it parses from them. */
export interface StreamReplay {
  upstream: StreamEvent[];
  frames: string[];
  client: StreamEvent[];
}

/** A recorded stream of the `upstream` protocol, sent to a client of the `client` protocol (SSE framing). */
export async function replayStream(upstreamProtocol: Protocol, clientProtocol: Protocol, messages: readonly SseMessage[]): Promise<StreamReplay> {
  const upstream = await runTransform(upstreamProtocol.createParseStream(), messages);
  const frames = await runTransform(clientProtocol.createRenderStream(STREAM_META), upstream);
  const client = await runTransform(clientProtocol.createParseStream(), parseSseText(frames.join('')));
  return { upstream, frames, client };
}

/** One response replay: the upstream's parsed response, the client's body, and what it parses from it. */
export interface ResponseReplay {
  upstream: ChatResponse;
  body: Json;
  client: ChatResponse;
}

/** A recorded answer of the `upstream` protocol, sent to a client of the `client` protocol. */
export function replayResponse(upstreamProtocol: Protocol, clientProtocol: Protocol, upstreamBody: unknown): ResponseReplay {
  const upstream = upstreamProtocol.parseResponse(upstreamBody);
  const body = clientProtocol.renderResponse(upstream, RESPONSE_META);
  return { upstream, body, client: clientProtocol.parseResponse(body) };
}

/** The usage a stream amounts to, merged as the gateway meters it (later counts replace earlier ones). */
export function streamUsage(events: readonly StreamEvent[]): Usage {
  let usage: Usage = {};
  for (const e of events) {
    const next = e.type === 'usage' ? e.usage : e.type === 'start' ? e.usage : undefined;
    if (!next) continue;
    usage = { ...usage, ...Object.fromEntries(Object.entries(next).filter(([key, v]) => v !== undefined && key !== 'raw')) };
  }
  return usage;
}

/** Token classes priced apart (billing/price-usage.ts), a count nobody reported being 0 there. */
export const PRICED_COUNTS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;
export type PricedCount = (typeof PRICED_COUNTS)[number];

/** The counts a charge is computed from, with 0 for unreported ones (as pricing reads them). */
export function pricedCounts(usage: Usage, keys: readonly PricedCount[] = PRICED_COUNTS): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, usage[key] ?? 0]));
}
