import { admission, initialHealth, recordOutcome, startTrial, stateOf, type Admission, type BreakerPolicy, type BreakerState, type Outcome, type TargetHealth } from './breaker.js';

/** A route target's identity in the health book. */
export const targetKey = (providerId: string, upstreamModel: string): string => `${providerId}\u0000${upstreamModel}`;

/**
 * Where breaker state lives. Per process for now (MemoryHealthBook); a shared implementation
 * (server mode) can replace it behind this interface. The pipeline's `attempt` is its only writer.
 */
export interface HealthBook {
  /** Health of every target seen so far, by targetKey (a copy: plain data). */
  snapshot(): ReadonlyMap<string, TargetHealth>;
  /** Admission for one call; a `trial` is claimed atomically (no second trial until it reports). */
  admit(key: string, now: number): Admission;
  /** Records one call's outcome; returns the target's state before and after (for logging transitions). */
  report(key: string, outcome: Outcome, now: number): { from: BreakerState; to: BreakerState; health: TargetHealth };
}

/** The in-process health book: the pure state machine of breaker.ts over a Map. */
export class MemoryHealthBook implements HealthBook {
  #health = new Map<string, TargetHealth>();
  #policy: BreakerPolicy;
  #staleTrialMs: number;

  /** `staleTrialMs`: a trial that never reported frees the half-open slot after this long (the upstream timeout). */
  constructor(policy: BreakerPolicy, staleTrialMs: number) {
    this.#policy = policy;
    this.#staleTrialMs = staleTrialMs;
  }

  snapshot(): ReadonlyMap<string, TargetHealth> {
    return new Map(this.#health);
  }

  admit(key: string, now: number): Admission {
    const h = this.#health.get(key) ?? initialHealth();
    const a = admission(h, now, this.#staleTrialMs);
    if (a === 'trial') this.#health.set(key, startTrial(h, now));
    return a;
  }

  report(key: string, outcome: Outcome, now: number): { from: BreakerState; to: BreakerState; health: TargetHealth } {
    const before = this.#health.get(key) ?? initialHealth();
    const health = recordOutcome(before, outcome, now, this.#policy);
    this.#health.set(key, health);
    return { from: stateOf(before, now), to: stateOf(health, now), health };
  }
}
