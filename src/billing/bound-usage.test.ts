import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundUsage, plausibleInputTokens } from './bound-usage.js';

const bounds = { heldInputTokens: 100, heldOutputTokens: 1000 };
const counted = { inputTokens: () => 80, outputTokens: () => 7500 };

describe('boundUsage', () => {
  it('takes valid upstream usage as reported', () => {
    const r = boundUsage({ inputTokens: 90, outputTokens: 500, cacheReadTokens: 10, reasoningTokens: 20 }, bounds, counted);
    assert.deepEqual(r.usage, { inputTokens: 90, outputTokens: 500, cacheReadTokens: 10, reasoningTokens: 20 });
    assert.equal(r.source, 'upstream');
    assert.deepEqual(r.problems, []);
  });

  it('caps the estimate by the held output bound when the upstream reported nothing', () => {
    const r = boundUsage({}, bounds, counted);
    assert.deepEqual(r.usage, { inputTokens: 80, outputTokens: 1000 });
    assert.equal(r.source, 'estimated');
  });

  it('charges reported output above the bound at the bound and reports the excess', () => {
    const r = boundUsage({ inputTokens: 90, outputTokens: 428_000, reasoningTokens: 5000 }, bounds, counted);
    assert.deepEqual(r.usage, { inputTokens: 90, outputTokens: 1000, reasoningTokens: 1000 });
    assert.equal(r.source, 'upstream_capped');
    assert.equal(r.excessOutputTokens, 427_000);
  });

  it('does not believe absurd, negative or fractional counts: the gateway’s own count within the hold instead', () => {
    for (const bad of [1e18, -5, 1.5, Number.NaN]) {
      const r = boundUsage({ inputTokens: bad, outputTokens: bad }, bounds, counted);
      assert.equal(r.source, 'upstream_invalid', String(bad));
      assert.deepEqual(r.usage, { inputTokens: 80, outputTokens: 1000 });
      assert.ok(r.problems.length >= 1);
    }
  });

  it('accepts an input underestimate up to the plausible bound, not beyond', () => {
    const limit = plausibleInputTokens(bounds);
    assert.equal(limit, 100_100);
    assert.equal(boundUsage({ inputTokens: limit, outputTokens: 1 }, bounds, counted).usage.inputTokens, limit);
    const over = boundUsage({ inputTokens: limit + 1, outputTokens: 1 }, bounds, counted);
    assert.equal(over.usage.inputTokens, 80);
    assert.equal(over.source, 'upstream_invalid');
    assert.equal(plausibleInputTokens({ ...bounds, contextWindow: 8000 }), 8000);
  });

  it('drops cache counts that do not fit in the input', () => {
    const r = boundUsage({ inputTokens: 50, outputTokens: 1, cacheReadTokens: 40, cacheWriteTokens: 40 }, bounds, counted);
    assert.deepEqual(r.usage, { inputTokens: 50, outputTokens: 1 });
    assert.equal(r.source, 'upstream_invalid');
  });

  it('bills the larger of reported and counted output when the stream was cut or abandoned', () => {
    const r = boundUsage({ inputTokens: 90, outputTokens: 1 }, bounds, { inputTokens: () => 80, outputTokens: () => 40 }, false);
    assert.deepEqual(r.usage, { inputTokens: 90, outputTokens: 40 });
    assert.equal(r.source, 'estimated');
  });
});
