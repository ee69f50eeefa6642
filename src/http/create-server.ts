import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from '../core/gateway-error.js';
import { newGenerationId } from '../core/ids.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { Exchange } from './exchange.js';
import { errorRendererFor } from './front-doors.js';
import { Router } from './router.js';
import { requestIdOf } from './request-id.js';
import { resolveClientIp } from './resolve-client-ip.js';
import { sendError } from './send-response.js';
import { registerOpenaiRoutes } from './openai-routes.js';
import { registerResponsesRoutes } from './responses-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerAnthropicRoutes } from './anthropic-routes.js';
import { registerGeminiRoutes } from './gemini-routes.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerMetricsRoute } from './metrics-route.js';
import type { GatewayMetrics } from '../observe/create-metrics.js';
import { answerClientError } from './answer-client-error.js';
import { registerKeyHolderRoutes } from './key-holder-routes.js';
import { registerConsoleRoutes } from './console-routes.js';
import { PROJECT_ROOT } from '../project-root.js';
import { join } from 'node:path';

export interface ServerOptions {
  /** SHA-256 (hex) of the admin API's bearer token: the token itself need not be kept. */
  adminTokenSha256: string;
  /** The built web console served at /console; default console/dist in the project root. */
  consoleDir?: string;
  /** Serves `GET /metrics` when given (config `metrics.enabled`). */
  metrics?: GatewayMetrics;
}

/**
 * Builds the gateway's HTTP server (node:http; the only place that knows the HTTP layer), with
 * its limits set deliberately (config `server.*`, README "HTTP limits"): a slow client is
 * dropped with 408 once its headers or body are late, oversized headers get 431, idle
 * keep-alive connections close, and connections beyond the cap are closed at once.
 */
export function createGatewayServer(gw: Gateway, opts: ServerOptions): Server {
  const router = new Router();
  registerHealthRoutes(router, gw);
  registerOpenaiRoutes(router, gw);
  registerResponsesRoutes(router, gw);
  registerAnthropicRoutes(router, gw);
  registerGeminiRoutes(router, gw);
  registerAdminRoutes(router, gw, opts.adminTokenSha256);
  registerKeyHolderRoutes(router, gw);
  registerConsoleRoutes(router, opts.consoleDir ?? join(PROJECT_ROOT, 'console', 'dist'), gw.log);
  if (opts.metrics) registerMetricsRoute(router, opts.metrics, gw.config.metrics.token);

  const limits = gw.config.http;
  /** The exchange being received on each connection, for answering a timeout in its protocol. */
  const receiving = new WeakMap<Socket, Exchange>();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // How often node:http looks for late requests (its default, 30 s, would make the timeouts that much late).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4))),
    },
    (req, res) => {
      handle(gw, router, req, res, receiving).catch((err) => {
        gw.log.error({ err: String(err) }, 'unhandled error in request handler');
        if (!res.headersSent) {
          const { body } = errorRendererFor((req.url ?? '/').split('?')[0])(new GatewayError('server_error', 'Internal gateway error'));
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        }
        else res.destroy();
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  let lastDropLog = 0;
  server.on('drop', () => {
    const now = Date.now();
    if (now - lastDropLog < 10_000) return;
    lastDropLog = now;
    gw.log.warn({ maxConnections: limits.maxConnections }, 'connection limit reached: new connections are being closed');
  });
  server.on('clientError', (err: Error & { code?: string; rawPacket?: Buffer }, socket: Socket) => {
    const inflight = receiving.get(socket);
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_OVERFLOW') {
      gw.log.info({ code: err.code, requestId: inflight?.requestId, generationId: inflight?.generationId }, 'client dropped');
    }
    answerClientError(err, socket, inflight, errorRendererFor);
  });
  return server;
}

async function handle(gw: Gateway, router: Router, req: IncomingMessage, res: ServerResponse, receiving: WeakMap<Socket, Exchange>): Promise<void> {
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
  receiving.set(req.socket, ex);
  const done = () => {
    if (receiving.get(req.socket) === ex) receiving.delete(req.socket);
  };
  res.once('finish', done);
  res.once('close', done);
  if (applyCors(gw, ex)) return;
  const method = req.method ?? 'GET';
  const match = router.match(method, path);
  if (match === undefined || match === 405) {
    req.resume();
    if (match === 405) sendError(ex, new GatewayError('method_not_allowed', `Method ${method} is not allowed on ${path}`));
    else sendError(ex, new GatewayError('route_not_found', `Unknown route: ${method} ${path.slice(0, 200)}`));
    logRefusal(gw, ex, method, path);
    return;
  }
  ex.params = match.params;
  try {
    await match.handler(ex);
  } catch (err) {
    if (!res.headersSent) sendError(ex, err);
  } finally {
    if (!req.complete) req.resume();
    logRefusal(gw, ex, method, path);
  }
}

/** Every error answer not logged by its route (model calls log their own line) gets one line with its reason; never a key or a query string. */
function logRefusal(gw: Gateway, ex: Exchange, method: string, path: string): void {
  if (ex.logged || ex.errorReason === undefined) return;
  ex.logged = true;
  const status = ex.res.statusCode;
  gw.log[status >= 500 ? 'warn' : 'info']({ requestId: ex.requestId, method, path: path.slice(0, 200), status, reason: ex.errorReason, clientIp: ex.clientIp }, 'request refused');
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

