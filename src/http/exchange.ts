import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayError } from '../core/gateway-error.js';

/** Renders an error in the envelope of the client's protocol. */
export type ErrorRenderer = (err: GatewayError) => { status: number; body: Record<string, unknown> };

/** One HTTP request/response pair and what the edge knows about it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  generationId: string;
  /** Epoch ms at arrival. */
  startedAt: number;
  clientIp: string;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
  /** The client protocol's error envelope (chosen from the path). */
  renderError: ErrorRenderer;
  warnings: string[];
  /** The reason of the error answer sent, if any (every 4xx/5xx log line carries it; never the key). */
  errorReason?: string;
  /** Set once the request's own log line was written (model calls log theirs). */
  logged?: boolean;
  /** Extra headers of every response to this request (x-ratelimit-*), filled by the pipeline. */
  responseHeaders: Record<string, string>;
  /** Route parameters (`:id`). */
  params: Record<string, string>;
}
