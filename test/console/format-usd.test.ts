import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUsd, formatUsdShort, sumUsd, unitsToUsd, usdToUnits } from '../../console/src/lib/format-usd.js';
import { buildDailySeries } from '../../console/src/lib/build-daily-series.js';

// The console's money formatting is exact (string and bigint arithmetic, never a float).
describe('console money formatting', () => {
  it('formats 8-decimal strings exactly, trimming zeros down to cents', () => {
    assert.equal(formatUsd('5.00000000'), '$5.00');
    assert.equal(formatUsd('0.00000630'), '$0.0000063');
    assert.equal(formatUsd('1234567.12345678'), '$1,234,567.12345678');
    assert.equal(formatUsd('-0.50000000'), '-$0.50');
    assert.equal(formatUsd(null), '—');
    assert.equal(formatUsd('not money'), 'not money');
  });

  it('rounds headline amounts half-up to cents from a cent up, exact below', () => {
    assert.equal(formatUsdShort('68.45067791'), '$68.45');
    assert.equal(formatUsdShort('0.00500000'), '$0.005');
    assert.equal(formatUsdShort('0.01500000'), '$0.02');
    assert.equal(formatUsdShort('24.99999370'), '$25.00');
    assert.equal(formatUsdShort('-3.00500000'), '-$3.01');
  });

  it('sums and converts without losing a unit', () => {
    assert.equal(usdToUnits('0.00000001'), 1n);
    assert.equal(unitsToUsd(-150n), '-0.00000150');
    assert.equal(sumUsd(['0.10000000', '0.20000000', '90071992.54740993']), '90071992.84740993');
  });

  it('builds one series per model over the days, the costliest first, the rest as other', () => {
    const days = ['2026-01-01', '2026-01-02'];
    const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((model, i) => ({ day: days[i % 2], model, requests: 1, input_tokens: 1, output_tokens: 1, cost: `0.0000000${i + 1}` }));
    const series = buildDailySeries(rows, days);
    assert.deepEqual(series.map((s) => s.name), ['g', 'f', 'e', 'd', 'c', 'other']);
    assert.deepEqual(series[0].values, [7n, 0n]);
    assert.deepEqual(series[5].values, [1n, 2n], 'a (day 1) and b (day 2)');
  });
});
