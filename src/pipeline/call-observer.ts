import type { GatewayError } from '../core/gateway-error.js';
import type { Cost } from '../billing/price-usage.js';
import type { ModelEntry } from '../config/gateway-config.js';
import type { RequestContext } from './request-context.js';
import type { CallOutcome } from './settle.js';

/** Which limit refused a request (billing-and-limits.md §4, operator.md `server.max_inflight`). */
export type LimitLayer = 'key_rpm' | 'account_rpm' | 'model_rpm' | 'concurrency' | 'balance' | 'daily_limit' | 'overload';

/** One upstream attempt, reported once its outcome is final (a stream's when it ends). */
export interface AttemptReport {
  providerId: string;
  upstreamModel: string;
  outcome: 'success' | 'failure' | 'throttled' | 'abandoned';
  /** Why it failed (a GatewayError reason or `upstream_503`), for failures. */
  error?: GatewayError;
  streamed: boolean;
  /** Epoch ms the request was sent and the answer (or the stream) ended. */
  sentAt: number;
  endedAt: number;
}

export interface SettlementReport {
  model: ModelEntry;
  outcome: CallOutcome;
  cost: Cost;
}

export interface ResponseReport {
  /** HTTP status sent (499 when the client left first). */
  status: number;
  errorReason?: string;
  endedAt: number;
}

/**
 * The one place the pipeline reports what happened to a call; logs, metrics and traces
 * subscribe here instead of being wired into the steps. Methods are called synchronously on
 * the request path and must be cheap and never throw. Per call, in order: `held` (the hold
 * was taken), `attemptEnded` (each upstream attempt), `firstToken` (a stream's first output,
 * at its commit point), `settled` (exactly once per hold), `responseEnded` (the answer is
 * written; for a client that left mid-stream it can come before `settled`). `limited` is a
 * refusal by a limit, with the context when the call had one.
 */
export interface CallObserver {
  held(ctx: RequestContext): void;
  attemptEnded(ctx: RequestContext, report: AttemptReport): void;
  firstToken(ctx: RequestContext, at: number): void;
  settled(ctx: RequestContext, report: SettlementReport): void;
  responseEnded(ctx: RequestContext, report: ResponseReport): void;
  limited(layer: LimitLayer, ctx?: RequestContext): void;
}

const EVENTS = ['held', 'attemptEnded', 'firstToken', 'settled', 'responseEnded', 'limited'] as const;
const noop = (): void => undefined;

/**
 * The observer the pipeline calls: fans each event out to the subscribers that listen for it
 * (an event nobody listens for is a no-op function) and keeps the call's timings on the
 * context — `firstTokenAt` (time to first token is measured here) and `upstreamMs` (time spent
 * in upstream attempts) — before any subscriber runs, so every subscriber reads the same numbers.
 * A throwing subscriber is contained: observation never breaks a call.
 */
export function createCallObserver(subscribers: Array<Partial<CallObserver>>, onError: (err: unknown) => void = noop): CallObserver {
  const out = {} as Record<(typeof EVENTS)[number], (...args: any[]) => void>;
  for (const event of EVENTS) {
    const fns = subscribers.map((s) => s[event]?.bind(s)).filter((f): f is (...args: any[]) => void => f !== undefined);
    out[event] = fns.length === 0 ? noop : (...args: unknown[]) => {
      for (const fn of fns) {
        try {
          fn(...args);
        } catch (err) {
          onError(err);
        }
      }
    };
  }
  const attemptEnded = out.attemptEnded;
  const firstToken = out.firstToken;
  return {
    ...(out as unknown as CallObserver),
    attemptEnded(ctx, report) {
      ctx.upstreamMs = (ctx.upstreamMs ?? 0) + (report.endedAt - report.sentAt);
      attemptEnded(ctx, report);
    },
    firstToken(ctx, at) {
      if (ctx.firstTokenAt !== undefined) return;
      ctx.firstTokenAt = at;
      firstToken(ctx, at);
    },
  };
}
