import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from '../core/gateway-error.js';
import { newGenerationId, newRequestId } from '../core/ids.js';
import type { ErrorRenderer, Exchange } from './exchange.js';
import { baseHeaders } from './send-response.js';

/** What node:http reports on a connection it cannot serve (`clientError`). */
export interface ClientErrorLike {
  code?: string;
  /** The bytes the parser had read, when it failed parsing them. */
  rawPacket?: Buffer;
}

/**
 * Answers a connection node:http gives up on, then closes it: 408 when its headers or body
 * did not arrive within the timeouts, 431 when its headers are too large, 400 when it is not
 * HTTP. The answer carries `x-chuizi-generation-id` and the envelope of the protocol of its
 * path — the in-flight request's when there is one (a slow body), else the path read from the
 * raw request line (oversized headers), else OpenAI's. Nothing is written when a response had
 * already started: the connection is just closed.
 */
export function answerClientError(err: ClientErrorLike, socket: Socket, inflight: Exchange | undefined, rendererFor: (path: string) => ErrorRenderer): void {
  if (!socket.writable || inflight?.res.headersSent) {
    socket.destroy();
    return;
  }
  const error = errorFor(err.code);
  const renderError = inflight?.renderError ?? rendererFor(pathOf(err.rawPacket));
  const { status, body } = renderError(error);
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    ...(inflight ? baseHeaders(inflight) : { 'x-request-id': newRequestId(), 'x-chuizi-generation-id': newGenerationId() }),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    connection: 'close',
  } as Record<string, string | number>;
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  inflight?.req.pause(); // no more of a slow body: the request is over
  socket.end(`${head}\r\n\r\n${payload}`, () => socket.destroy());
}

function errorFor(code: string | undefined): GatewayError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new GatewayError('request_timeout', 'Request timeout: the request headers or body did not arrive in time');
    case 'HPE_HEADER_OVERFLOW':
      return new GatewayError('headers_too_large', 'Request header fields too large');
    default:
      return new GatewayError('validation_error', 'Malformed HTTP request');
  }
}

/** The path of a raw request line (`POST /anthropic/v1/messages HTTP/1.1`), or '/'. */
function pathOf(raw: Buffer | undefined): string {
  if (!raw) return '/';
  const line = raw.subarray(0, 512).toString('latin1');
  const m = /^[A-Z]+ (\/[^\s?]*)/.exec(line);
  return m ? m[1] : '/';
}
