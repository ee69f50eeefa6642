import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { MetricFamily } from './metric-family.js';

describe('MetricFamily', () => {
  it('renders counters per label set through the prom-client registry, values escaped', async () => {
    const r = new Registry();
    const c = new MetricFamily(r, { type: 'counter', name: 'x_total', help: 'h', labelNames: ['a', 'b'] });
    c.add(1, 'p', 'q');
    c.add(2.5, 'p', 'q');
    c.add(1, 'p', 'say "hi"\n');
    const text = await r.metrics();
    assert.match(text, /^# TYPE x_total counter$/m);
    assert.match(text, /^x_total\{a="p",b="q"\} 3\.5$/m);
    assert.match(text, /^x_total\{a="p",b="say \\"hi\\"\\n"\} 1$/m);
  });

  it('puts an observation equal to a bound in that bucket (le), cumulates, and counts +Inf, sum and count', async () => {
    const r = new Registry();
    const h = new MetricFamily(r, { type: 'histogram', name: 'd_seconds', help: 'h', labelNames: ['p'], buckets: [0.1, 1] });
    for (const v of [0.05, 0.1, 0.5, 1, 7]) h.observe(v, 'x');
    const text = await r.metrics();
    assert.match(text, /^# TYPE d_seconds histogram$/m);
    assert.match(text, /^d_seconds_bucket\{p="x",le="0\.1"\} 2$/m);
    assert.match(text, /^d_seconds_bucket\{p="x",le="1"\} 4$/m);
    assert.match(text, /^d_seconds_bucket\{p="x",le="\+Inf"\} 5$/m);
    assert.match(text, /^d_seconds_sum\{p="x"\} 8\.65$/m);
    assert.match(text, /^d_seconds_count\{p="x"\} 5$/m);
  });
});
