import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelEntry, ProviderConfig } from '../config/gateway-config.js';
import { initialHealth, recordOutcome, startTrial, type TargetHealth } from './breaker.js';
import { targetKey } from './health-book.js';
import { measuredLatency, selectTargets } from './select-targets.js';

const provider = (id: string): ProviderConfig => ({ id, protocol: 'openai', baseUrl: 'http://x', headers: {}, connections: 1, exposeUpstreamErrors: false });
const providers = new Map(['a', 'b', 'c'].map((id) => [id, provider(id)]));
const model = { id: 'm', routes: [{ providerId: 'a', model: 'x' }, { providerId: 'b', model: 'y' }, { providerId: 'gone', model: 'z' }, { providerId: 'c', model: 'w' }] } as ModelEntry;
const POLICY = { failures: 1, cooldownMs: 1000 };
const down = recordOutcome(initialHealth(), { type: 'failure', reason: 'upstream_500' }, 0, POLICY);
const throttled = (ms: number) => recordOutcome(initialHealth(), { type: 'throttled', reason: 'upstream_429', retryAfterMs: ms }, 0, { failures: 5, cooldownMs: 1000 });
const ids = (s: ReturnType<typeof selectTargets>) => s.usable.map((t) => t.provider.id);

describe('selectTargets', () => {
  const table: Array<{ name: string; health: Array<[string, string, TargetHealth]>; now: number; usable: string[]; next?: number; allThrottled?: boolean }> = [
    { name: 'all healthy: the model order, unknown providers left out', health: [], now: 0, usable: ['a', 'b', 'c'] },
    { name: 'a down target is skipped', health: [['a', 'x', down]], now: 10, usable: ['b', 'c'], next: 1000 },
    { name: 'after the cool-down it is offered (as a trial)', health: [['a', 'x', down]], now: 1000, usable: ['a', 'b', 'c'] },
    { name: 'a trial already running: skipped', health: [['a', 'x', startTrial(down, 1000)]], now: 1001, usable: ['b', 'c'] },
    { name: 'a throttled target is skipped until its Retry-After', health: [['b', 'y', throttled(2000)]], now: 1999, usable: ['a', 'c'], next: 2000 },
    { name: 'everything throttled', health: [['a', 'x', throttled(3000)], ['b', 'y', throttled(2000)], ['c', 'w', throttled(4000)]], now: 5, usable: [], next: 2000, allThrottled: true },
    { name: 'everything down or throttled', health: [['a', 'x', down], ['b', 'y', throttled(2000)], ['c', 'w', down]], now: 5, usable: [], next: 1000, allThrottled: false },
  ];
  for (const t of table) {
    it(t.name, () => {
      const health = new Map(t.health.map(([p, m, h]) => [targetKey(p, m), h]));
      const s = selectTargets(model, providers, health, t.now, 60_000);
      assert.deepEqual(ids(s), t.usable);
      if (t.next !== undefined) assert.equal(s.nextRetryAt, t.next);
      assert.equal(s.allThrottled, t.allThrottled ?? false);
    });
  }

  it('measuredLatency is the best measured target', () => {
    const h = new Map([[targetKey('a', 'x'), { ...initialHealth(), latencyMs: 300 }], [targetKey('c', 'w'), { ...initialHealth(), latencyMs: 120 }]]);
    assert.equal(measuredLatency(model, h), 120);
    assert.equal(measuredLatency(model, new Map()), undefined);
  });
});
