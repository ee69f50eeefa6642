/*
 * Helpers of the cross-protocol tests (not a test file itself). A protocol never imports another
 * protocol, so the replays across them live here, outside both folders: each takes one recorded
 * upstream answer through its own protocol's parser, then the other protocol's renderer (what the
 * gateway sends a client of that protocol), then that protocol's parser (what the client reads).
 */
import type { ChatResponse, SseMessage, StreamEvent, Usage } from '../core/index.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openaiChat } from './openai-chat/index.js';
import { parseSseText } from './shared/test-parse-sse-text.js';
import { runTransform } from './shared/test-run-transform.js';

type Json = Record<string, unknown>;

export const GENERATION_ID = 'gen-crossprotocol00000000000';
export const X_CHUIZI = { generation_id: GENERATION_ID, cost: '0.00000000' };
export const ANTHROPIC_META = { id: GENERATION_ID, model: 'anthropic/claude-sonnet-4-5' };
export const OPENAI_META = { id: GENERATION_ID, model: 'openai/gpt-4o', created: 1770000000 };

/** One stream replay: the upstream's events, the frames the client receives, and what it parses from them. */
export interface StreamReplay {
  upstream: StreamEvent[];
  frames: string[];
  client: StreamEvent[];
}

/** An OpenAI upstream stream, sent to an Anthropic Messages client. */
export async function replayOpenAIStreamToAnthropic(messages: readonly SseMessage[]): Promise<StreamReplay> {
  const upstream = await runTransform(openaiChat.createParseStream(), messages);
  const frames = await runTransform(anthropicMessages.createRenderStream(ANTHROPIC_META), upstream);
  const client = await runTransform(anthropicMessages.createParseStream(), parseSseText(frames.join('')));
  return { upstream, frames, client };
}

/** An Anthropic upstream stream, sent to an OpenAI Chat Completions client. */
export async function replayAnthropicStreamToOpenAI(messages: readonly SseMessage[]): Promise<StreamReplay> {
  const upstream = await runTransform(anthropicMessages.createParseStream(), messages);
  const frames = await runTransform(openaiChat.createRenderStream({ ...OPENAI_META, trailer: () => X_CHUIZI }), upstream);
  const client = await runTransform(openaiChat.createParseStream(), parseSseText(frames.join('')));
  return { upstream, frames, client };
}

/** One response replay: the upstream's parsed response, the client's body, and what it parses from it. */
export interface ResponseReplay {
  upstream: ChatResponse;
  body: Json;
  client: ChatResponse;
}

/** An OpenAI upstream `chat.completion`, sent to an Anthropic Messages client. */
export function replayOpenAIResponseToAnthropic(upstreamBody: unknown): ResponseReplay {
  const upstream = openaiChat.parseResponse(upstreamBody);
  const body = anthropicMessages.renderResponse(upstream, ANTHROPIC_META);
  return { upstream, body, client: anthropicMessages.parseResponse(body) };
}

/** An Anthropic upstream `message`, sent to an OpenAI Chat Completions client. */
export function replayAnthropicResponseToOpenAI(upstreamBody: unknown): ResponseReplay {
  const upstream = anthropicMessages.parseResponse(upstreamBody);
  const body = openaiChat.renderResponse(upstream, { ...OPENAI_META, xChuizi: X_CHUIZI });
  return { upstream, body, client: openaiChat.parseResponse(body) };
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

/** The counts a charge is computed from, with 0 for unreported ones (as pricing reads them). */
export function pricedCounts(usage: Usage, keys: ReadonlyArray<(typeof PRICED_COUNTS)[number]> = PRICED_COUNTS): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, usage[key] ?? 0]));
}
