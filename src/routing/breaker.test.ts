import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admission, initialHealth, recordOutcome, retryAt, startTrial, stateOf, type Outcome, type TargetHealth } from './breaker.js';

const POLICY = { failures: 3, cooldownMs: 1000 };
const STALE = 5000;
const fail: Outcome = { type: 'failure', reason: 'upstream_500' };
const ok = (latencyMs = 100): Outcome => ({ type: 'success', latencyMs });

/** Applies outcomes at the given times (an injected clock), returning the health after each. */
function run(steps: Array<[number, Outcome]>, from: TargetHealth = initialHealth()): TargetHealth {
  return steps.reduce((h, [at, o]) => recordOutcome(h, o, at, POLICY), from);
}

describe('breaker state machine', () => {
  const table: Array<{ name: string; steps: Array<[number, Outcome]>; at: number; state: string; admit: string }> = [
    { name: 'new target', steps: [], at: 0, state: 'healthy', admit: 'allow' },
    { name: 'one failure → degraded, still tried', steps: [[0, fail]], at: 1, state: 'degraded', admit: 'allow' },
    { name: 'failures below the threshold', steps: [[0, fail], [1, fail]], at: 2, state: 'degraded', admit: 'allow' },
    { name: 'threshold reached → down, skipped', steps: [[0, fail], [1, fail], [2, fail]], at: 3, state: 'down', admit: 'skip' },
    { name: 'down until the cool-down ends', steps: [[0, fail], [1, fail], [2, fail]], at: 1001, state: 'down', admit: 'skip' },
    { name: 'cool-down over → half-open, one trial', steps: [[0, fail], [1, fail], [2, fail]], at: 1002, state: 'half_open', admit: 'trial' },
    { name: 'a success resets the count', steps: [[0, fail], [1, fail], [2, ok()], [3, fail]], at: 4, state: 'degraded', admit: 'allow' },
    { name: '429 with Retry-After → throttled until then', steps: [[0, { type: 'throttled', reason: 'upstream_429', retryAfterMs: 500 }]], at: 499, state: 'throttled', admit: 'skip' },
    { name: 'throttle over → tried again', steps: [[0, { type: 'throttled', reason: 'upstream_429', retryAfterMs: 500 }]], at: 500, state: 'degraded', admit: 'allow' },
    { name: '429 without Retry-After only counts as a failure', steps: [[0, { type: 'throttled', reason: 'upstream_429' }]], at: 1, state: 'degraded', admit: 'allow' },
    { name: 'a long Retry-After keeps an opened breaker down past its cool-down', steps: [[0, fail], [1, fail], [2, { type: 'throttled', reason: 'upstream_429', retryAfterMs: 5000 }]], at: 2000, state: 'down', admit: 'skip' },
    { name: 'abandoned calls change nothing', steps: [[0, fail], [1, { type: 'abandoned' }]], at: 2, state: 'degraded', admit: 'allow' },
  ];
  for (const t of table) {
    it(t.name, () => {
      const h = run(t.steps);
      assert.equal(stateOf(h, t.at), t.state);
      assert.equal(admission(h, t.at, STALE), t.admit);
    });
  }

  it('half-open lets exactly one trial through; its success closes the breaker', () => {
    let h = run([[0, fail], [1, fail], [2, fail]]);
    assert.equal(admission(h, 1500, STALE), 'trial');
    h = startTrial(h, 1500);
    assert.equal(admission(h, 1501, STALE), 'skip', 'a second request while the trial runs is skipped');
    assert.equal(stateOf(h, 1501), 'half_open');
    h = recordOutcome(h, ok(80), 1600, POLICY);
    assert.equal(stateOf(h, 1600), 'healthy');
    assert.equal(admission(h, 1600, STALE), 'allow');
    assert.equal(h.consecutiveFailures, 0);
    assert.equal(h.latencyMs, 80);
  });

  it('a failed trial opens the breaker again for a whole cool-down', () => {
    let h = startTrial(run([[0, fail], [1, fail], [2, fail]]), 1500);
    h = recordOutcome(h, fail, 1600, POLICY);
    assert.equal(stateOf(h, 1700), 'down');
    assert.equal(retryAt(h, 1700), 2600);
    assert.equal(admission(h, 2599, STALE), 'skip');
    assert.equal(admission(h, 2600, STALE), 'trial');
  });

  it('a trial that never reports frees the half-open slot after the stale bound; an abandoned one at once', () => {
    const h = startTrial(run([[0, fail], [1, fail], [2, fail]]), 1500);
    assert.equal(admission(h, 1500 + STALE - 1, STALE), 'skip');
    assert.equal(admission(h, 1500 + STALE, STALE), 'trial');
    assert.equal(admission(recordOutcome(h, { type: 'abandoned' }, 1600, POLICY), 1600, STALE), 'trial');
  });

  it('keeps the last error reason and time, and smooths latency', () => {
    const h = run([[10, ok(100)], [20, ok(200)], [30, { type: 'failure', reason: 'provider_timeout' }]]);
    assert.deepEqual(h.lastError, { reason: 'provider_timeout', at: 30 });
    assert.equal(h.latencyMs, 130);
    assert.equal(h.successes, 2);
    assert.equal(h.failuresTotal, 1);
  });
});
