import { ERROR_REGISTRY, PUBLIC_MESSAGES, type ErrorReason } from './error-registry.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

export interface GatewayErrorInit {
  /** Seconds a client should wait before retrying (429, sometimes 503). */
  retryAfter?: number;
  /** The field of the request at fault, for validation errors. */
  param?: string;
  /** Internal detail for logs only; never rendered to the client. */
  detail?: string;
  /** HTTP status of the upstream answer this error came from, for logs and failover. */
  upstreamStatus?: number;
  /**
   * The message is the gateway's own fixed text (no upstream body, host or key): it reaches the
   * client even for a reason whose messages are not exposed (an upstream 500's honest message).
   */
  vetted?: boolean;
}

/**
 * An error as data: a registry reason plus a message. Thrown inside the gateway and
 * rendered only at the edge, in the client's protocol.
 */
export class GatewayError extends Error {
  readonly reason: ErrorReason;
  readonly retryAfter?: number;
  readonly param?: string;
  readonly detail?: string;
  readonly upstreamStatus?: number;
  readonly vetted: boolean;

  constructor(reason: ErrorReason, message: string, init: GatewayErrorInit = {}) {
    super(message);
    this.name = 'GatewayError';
    this.reason = reason;
    this.retryAfter = init.retryAfter;
    this.param = init.param;
    this.detail = init.detail;
    this.upstreamStatus = init.upstreamStatus;
    this.vetted = init.vetted ?? false;
  }

  get status(): number {
    return ERROR_REGISTRY[this.reason].status;
  }

  get type(): string {
    return ERROR_REGISTRY[this.reason].type;
  }

  get retryable(): boolean {
    return ERROR_REGISTRY[this.reason].retryable;
  }

  /** The message the client may see. */
  get publicMessage(): string {
    return ERROR_REGISTRY[this.reason].expose || this.vetted ? this.message : (PUBLIC_MESSAGES[this.reason] ?? 'Internal gateway error');
  }
}

/** Wraps anything thrown into a GatewayError; an unreachable store is a 503, unknown errors become server_error. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof StoreUnavailableError) {
    return new GatewayError('store_unavailable', 'The gateway cannot reach its database right now. Retry shortly.', { retryAfter: 1, detail: err.message });
  }
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new GatewayError('server_error', 'Internal gateway error', { detail });
}
