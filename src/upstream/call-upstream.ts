import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import { GatewayError } from '../core/gateway-error.js';
import type { SseMessage } from '../core/sse-message.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import type { ProviderConfig } from '../config/gateway-config.js';
import type { AttemptTarget, ProviderAdapter, UpstreamHttpRequest } from '../providers/provider-adapter.js';
import { PROVIDER_ADAPTERS } from '../providers/provider-adapters.js';
import { mockRespond, mockStream } from '../providers/mock-upstream.js';
import { commitStream } from './commit-stream.js';
import { readEventStream } from './read-event-stream.js';
import { forClient, postUpstream, readJson } from './post-upstream.js';
import type { UpstreamPool } from './upstream-pool.js';

export type UpstreamResult =
  | { type: 'response'; response: ChatResponse; warnings: string[] }
  | { type: 'stream'; events: ReadableStream<StreamEvent>; warnings: string[] };

export interface UpstreamCall extends AttemptTarget {
  request: ChatRequest;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /** A stream's first output must come within this long of sending, else a 504 that fails over. */
  firstTokenTimeoutMs?: number;
  /** Called once when a committed stream ends (see commitStream). */
  onStreamEnd?: (end: 'done' | 'error' | 'cancelled') => void;
}

/**
 * One attempt against one route target: renders the request for the target's protocol,
 * sends it over the provider's keep-alive pool, and returns the parsed response or a
 * committed event stream. Failures are thrown as GatewayErrors (retryable ones fail over).
 */
export async function callUpstream(pool: UpstreamPool, call: UpstreamCall): Promise<UpstreamResult> {
  const { provider, request: req } = call;
  if (provider.protocol === 'mock') {
    // Through the commit point like any upstream's stream: its end is reported (onStreamEnd).
    return req.stream ? { type: 'stream', events: await commitStream(mockStream(req), { onEnd: call.onStreamEnd }), warnings: [] } : { type: 'response', response: await mockRespond(req), warnings: [] };
  }
  const adapter = PROVIDER_ADAPTERS[provider.protocol];
  if (!adapter) throw new GatewayError('provider_unavailable', 'The upstream provider is unavailable', { detail: `no adapter for protocol ${provider.protocol}` });
  const built = adapter.buildRequest(req, call);
  const firstToken = req.stream && call.firstTokenTimeoutMs !== undefined ? firstTokenTimer(call.firstTokenTimeoutMs) : undefined;
  try {
    return await send(pool, call, built, adapter, firstToken);
  } catch (err) {
    // The first-token timer aborted the request: a timeout of this target, not the client leaving.
    if (firstToken?.fired() && !call.signal.aborted) throw firstToken.error;
    throw err;
  } finally {
    firstToken?.clear();
  }
}

async function send(pool: UpstreamPool, call: UpstreamCall, built: UpstreamHttpRequest, adapter: ProviderAdapter, firstToken: FirstTokenTimer | undefined): Promise<UpstreamResult> {
  const { provider, request: req } = call;
  const signal = firstToken ? AbortSignal.any([call.signal, firstToken.signal]) : call.signal;
  const res = await postUpstream(pool, provider, built, signal, adapter.protocol.parseError, req.stream);
  if (!req.stream) return { type: 'response', response: adapter.protocol.parseResponse(await readJson(res, pool.timeoutMs)), warnings: built.warnings };
  const events = readEventStream(res.body, withErrorsForClient(adapter.protocol.createParseTransformer(), provider), pool.timeoutMs);
  try {
    return { type: 'stream', events: await commitStream(events, { deadline: firstToken?.deadline, onEnd: call.onStreamEnd }), warnings: built.warnings };
  } catch (err) {
    throw err instanceof GatewayError ? forClient(err, provider) : err;
  }
}

interface FirstTokenTimer {
  signal: AbortSignal;
  /** Rejects with `error` when the timer fires. */
  deadline: Promise<never>;
  error: GatewayError;
  fired(): boolean;
  clear(): void;
}

/** The time-to-first-token bound of one streamed attempt: aborts the request and rejects `deadline` when it fires. */
function firstTokenTimer(ms: number): FirstTokenTimer {
  const controller = new AbortController();
  const error = new GatewayError('provider_timeout', `Request timed out after ${Math.max(1, Math.round(ms / 1000))} seconds`, { detail: `no first token within ${ms} ms` });
  let reject!: (e: unknown) => void;
  const deadline = new Promise<never>((_, r) => (reject = r));
  deadline.catch(() => undefined);
  const timer = setTimeout(() => {
    reject(error);
    controller.abort(error);
  }, ms);
  timer.unref?.();
  return { signal: controller.signal, deadline, error, fired: () => controller.signal.aborted, clear: () => clearTimeout(timer) };
}

/** The protocol's stream parser, with the same rule for in-band upstream errors. */
function withErrorsForClient(parse: FnTransformer<SseMessage, StreamEvent>, provider: ProviderConfig): FnTransformer<SseMessage, StreamEvent> {
  if (provider.exposeUpstreamErrors) return parse;
  let inner: { enqueue(e: StreamEvent): void } | undefined;
  let wrapped: { enqueue(e: StreamEvent): void } | undefined;
  const wrap = (sink: { enqueue(e: StreamEvent): void }) => {
    if (sink !== inner) {
      inner = sink;
      wrapped = { enqueue: (e) => sink.enqueue(e.type === 'error' ? { type: 'error', error: forClient(e.error, provider) } : e) };
    }
    return wrapped!;
  };
  return {
    transform: (m, sink) => parse.transform(m, wrap(sink)),
    flush: parse.flush ? (sink) => parse.flush!(wrap(sink)) : undefined,
  };
}
