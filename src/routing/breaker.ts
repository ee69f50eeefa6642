/**
 * The circuit breaker of one route target (provider + upstream model), as a pure state machine
 * over plain data: every function takes the current health and the time and returns the next.
 *
 * healthy ──failure──▶ degraded ──`failures` in a row──▶ down ──cool-down over──▶ half_open
 *    ▲                    │ success                        ▲                          │
 *    └────────────────────┴──────────── trial succeeds ────┼──────────────────────────┘
 *                                                          └──────── trial fails ─────┘
 * An upstream 429 counts as a failure and also makes the target `throttled` until its
 * Retry-After: skipped until then. While half-open, exactly one trial request is let through.
 */
export type BreakerState = 'healthy' | 'degraded' | 'down' | 'half_open' | 'throttled';

export interface BreakerPolicy {
  /** Consecutive failures that open the breaker (state `down`). */
  failures: number;
  /** How long a down target is skipped before one trial request. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failures: 5, cooldownMs: 30_000 };

export interface TargetHealth {
  consecutiveFailures: number;
  /** Epoch ms: while now < downUntil the breaker is open; after it, one trial. */
  downUntil?: number;
  /** Epoch ms: skipped until then (an upstream 429's Retry-After). */
  throttledUntil?: number;
  /** Epoch ms when the half-open trial started; undefined when none is running. */
  trialSince?: number;
  /** Last failure: the gateway's reason (never an upstream body) and when. */
  lastError?: { reason: string; at: number };
  /** Smoothed time to the first answer (response or first stream output) of successful calls, ms. */
  latencyMs?: number;
  successes: number;
  failuresTotal: number;
}

export type Outcome =
  | { type: 'success'; latencyMs: number }
  | { type: 'failure'; reason: string }
  | { type: 'throttled'; reason: string; retryAfterMs?: number }
  /** The call ended without a verdict on the upstream (the client left): a trial is given back. */
  | { type: 'abandoned' };

export type Admission = 'allow' | 'trial' | 'skip';

export const initialHealth = (): TargetHealth => ({ consecutiveFailures: 0, successes: 0, failuresTotal: 0 });

/** Latency smoothing: each new measure weighs 30%. */
const EWMA = 0.3;

/** The state shown to operators at this time. */
export function stateOf(h: TargetHealth, now: number): BreakerState {
  if (h.downUntil !== undefined) return now < h.downUntil && h.trialSince === undefined ? 'down' : 'half_open';
  if (h.throttledUntil !== undefined && now < h.throttledUntil) return 'throttled';
  return h.consecutiveFailures > 0 ? 'degraded' : 'healthy';
}

/**
 * Whether a request may go to the target now: `allow`, `trial` (the one half-open probe: the
 * caller must record it with startTrial) or `skip`. A trial whose request never reported
 * (lost) blocks others for at most `staleTrialMs`.
 */
export function admission(h: TargetHealth, now: number, staleTrialMs: number): Admission {
  if (h.downUntil !== undefined) {
    if (now < h.downUntil) return 'skip';
    if (h.trialSince !== undefined && now - h.trialSince < staleTrialMs) return 'skip';
    return 'trial';
  }
  if (h.throttledUntil !== undefined && now < h.throttledUntil) return 'skip';
  return 'allow';
}

/** When a skipped target may be tried again (undefined: not skipped, or waiting for a trial's verdict). */
export function retryAt(h: TargetHealth, now: number): number | undefined {
  if (h.downUntil !== undefined) return now < h.downUntil ? h.downUntil : undefined;
  if (h.throttledUntil !== undefined && now < h.throttledUntil) return h.throttledUntil;
  return undefined;
}

export function startTrial(h: TargetHealth, now: number): TargetHealth {
  return { ...h, trialSince: now };
}

/** The next health after one call's outcome. */
export function recordOutcome(h: TargetHealth, outcome: Outcome, now: number, policy: BreakerPolicy): TargetHealth {
  switch (outcome.type) {
    case 'abandoned':
      return h.trialSince === undefined ? h : { ...h, trialSince: undefined };
    case 'success': {
      const latencyMs = h.latencyMs === undefined ? outcome.latencyMs : Math.round(h.latencyMs * (1 - EWMA) + outcome.latencyMs * EWMA);
      return { ...h, consecutiveFailures: 0, downUntil: undefined, trialSince: undefined, throttledUntil: undefined, latencyMs, successes: h.successes + 1 };
    }
    case 'failure':
    case 'throttled': {
      const consecutiveFailures = h.consecutiveFailures + 1;
      const wasTrial = h.trialSince !== undefined;
      const opens = wasTrial || h.downUntil !== undefined || consecutiveFailures >= policy.failures;
      const throttledUntil = outcome.type === 'throttled' && outcome.retryAfterMs !== undefined ? Math.max(h.throttledUntil ?? 0, now + outcome.retryAfterMs) : h.throttledUntil;
      return {
        ...h,
        consecutiveFailures,
        downUntil: opens ? Math.max(now + policy.cooldownMs, throttledUntil ?? 0) : undefined,
        trialSince: undefined,
        throttledUntil,
        lastError: { reason: outcome.reason, at: now },
        failuresTotal: h.failuresTotal + 1,
      };
    }
  }
}
