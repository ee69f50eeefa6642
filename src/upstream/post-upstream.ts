import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { GatewayError } from '../core/gateway-error.js';
import { UPSTREAM_REJECTED } from '../core/map-upstream-status.js';
import type { ProviderConfig } from '../config/gateway-config.js';
import { isAbortError, mapTransportError } from './map-transport-error.js';
import type { UpstreamPool } from './upstream-pool.js';

/** The HTTP part of an upstream request. */
export interface UpstreamPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type ParseUpstreamError = (status: number, bodyText: string, headers: Record<string, string | string[] | undefined>) => GatewayError;

/**
 * POSTs one request over the provider's keep-alive pool and returns the answer once it is known
 * to be what was asked for: a 200 with an event stream (`stream`) or a JSON body. Transport
 * failures, upstream error statuses (read with the protocol's `parseError`, passed to the client
 * only as the provider allows) and wrong content types are thrown as GatewayErrors — retryable
 * ones fail over. Chat calls and embedding calls both send through here.
 */
export async function postUpstream(pool: UpstreamPool, provider: ProviderConfig, post: UpstreamPost, signal: AbortSignal, parseError: ParseUpstreamError, stream: boolean): Promise<Dispatcher.ResponseData> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(post.url, { method: 'POST', headers: post.headers, body: post.body, dispatcher: pool.agentFor(provider), signal });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw mapTransportError(err, pool.timeoutMs);
  }
  if (res.statusCode >= 400) {
    const text = await readText(res.body, pool.timeoutMs);
    throw forClient(parseError(res.statusCode, text, res.headers), provider);
  }
  const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
  const expected = stream ? 'text/event-stream' : 'JSON';
  // A call's body must then parse as JSON (readJson); an event stream or a web page never does.
  const wrongType = stream ? !contentType.includes('text/event-stream') : /text\/(event-stream|html)/.test(contentType);
  if (res.statusCode !== 200 || wrongType) {
    // Not what was asked for (an HTML page from a proxy, JSON for a stream, …): a 502 that
    // fails over, before anything reaches the client.
    res.body.once('error', () => undefined); // destroying an unread undici body emits RequestAbortedError
    res.body.destroy();
    throw new GatewayError('provider_error', 'The upstream provider returned an invalid response', {
      detail: `upstream answered ${res.statusCode} with content-type '${contentType.slice(0, 100)}', expected ${expected}`,
    });
  }
  return res;
}

/** The JSON body of an answer postUpstream accepted; an unparseable one is a 502. */
export async function readJson(res: Dispatcher.ResponseData, timeoutMs: number): Promise<unknown> {
  const text = await readText(res.body, timeoutMs);
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError('provider_error', 'The upstream provider returned an invalid response', { detail: `unparseable body (${text.length} bytes)` });
  }
}

/**
 * api.md §4: an upstream 400's (already scrubbed) message reaches the client only when the
 * provider's `expose_upstream_errors` allows it; otherwise the generic message.
 */
export function forClient(e: GatewayError, provider: ProviderConfig): GatewayError {
  if (e.reason !== 'validation_error' || e.upstreamStatus === undefined || provider.exposeUpstreamErrors) return e;
  return new GatewayError('validation_error', UPSTREAM_REJECTED, { detail: e.detail, upstreamStatus: e.upstreamStatus });
}

async function readText(body: Readable & { text(): Promise<string> }, timeoutMs: number): Promise<string> {
  try {
    return await body.text();
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw mapTransportError(err, timeoutMs);
  }
}
