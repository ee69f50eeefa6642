import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';
import { newGenerationId } from '../core/ids.js';
import { openaiChat } from '../protocols/openai-chat/index.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { ErrorRenderer, Exchange } from './exchange.js';
import { Router } from './router.js';
import { requestIdOf } from './request-id.js';
import { resolveClientIp } from './resolve-client-ip.js';
import { sendError } from './send-response.js';
import { registerOpenaiRoutes } from './openai-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerAnthropicRoutes } from './anthropic-routes.js';
import { registerAdminRoutes } from './admin-routes.js';

export interface ServerOptions {
  /** SHA-256 (hex) of the admin API's bearer token: the token itself need not be kept. */
  adminTokenSha256: string;
}

/** The error envelope by path prefix: each front door answers in its own protocol. */
function errorRendererFor(path: string): ErrorRenderer {
  if (path === '/anthropic' || path.startsWith('/anthropic/')) return anthropicMessages.renderError;
  return openaiChat.renderError;
}

/** Builds the gateway's HTTP server (node:http; the only place that knows the HTTP layer). */
export function createGatewayServer(gw: Gateway, opts: ServerOptions): Server {
  const router = new Router();
  registerHealthRoutes(router, gw);
  registerOpenaiRoutes(router, gw);
  registerAnthropicRoutes(router, gw);
  registerAdminRoutes(router, gw, opts.adminTokenSha256);

  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, (req, res) => {
    handle(gw, router, req, res).catch((err) => {
      gw.log.error({ err: String(err) }, 'unhandled error in request handler');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"Internal gateway error","type":"server_error","code":"500"}}');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"message":"Malformed HTTP request","type":"invalid_request_error","code":"400"}}');
    else socket.destroy();
  });
  return server;
}

async function handle(gw: Gateway, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://gateway.invalid');
  } catch {
    url = new URL('http://gateway.invalid/');
  }
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const ex: Exchange = {
    req, res, url,
    requestId: requestIdOf(req),
    generationId: newGenerationId(),
    startedAt: gw.now(),
    clientIp: resolveClientIp(req, gw.config.trustedProxies),
    signal: controller.signal,
    renderError: errorRendererFor(path),
    warnings: [],
    responseHeaders: {},
    params: {},
  };
  if (applyCors(gw, ex)) return;
  const method = req.method ?? 'GET';
  const match = router.match(method, path);
  if (match === undefined || match === 405) {
    req.resume();
    if (match === 405) sendError(ex, new GatewayError('method_not_allowed', `Method ${method} is not allowed on ${path}`));
    else sendError(ex, new GatewayError('route_not_found', `Unknown route: ${method} ${path.slice(0, 200)}`));
    return;
  }
  ex.params = match.params;
  try {
    await match.handler(ex);
  } catch (err) {
    if (!res.headersSent) sendError(ex, err);
  } finally {
    if (!req.complete) req.resume();
  }
}

/** CORS only for origins the operator listed; answers preflight requests. True when answered. */
function applyCors(gw: Gateway, ex: Exchange): boolean {
  const origin = ex.req.headers.origin;
  if (!origin || gw.config.corsOrigins.length === 0) return false;
  if (!gw.config.corsOrigins.includes(origin) && !gw.config.corsOrigins.includes('*')) return false;
  ex.res.setHeader('access-control-allow-origin', origin);
  ex.res.setHeader('vary', 'origin');
  ex.res.setHeader('access-control-expose-headers', 'x-request-id, x-chuizi-generation-id, x-chuizi-warnings, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset');
  if (ex.req.method !== 'OPTIONS') return false;
  ex.res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, x-api-key, x-goog-api-key, anthropic-version, anthropic-beta, x-request-id',
    'access-control-max-age': '600',
  });
  ex.res.end();
  return true;
}

