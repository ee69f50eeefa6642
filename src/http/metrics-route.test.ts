import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { callDoor } from '../testing/call-door.js';

/** The value of one sample of a Prometheus text exposition (0 when absent): `name{a="x",b="y"}`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}

async function scrape(url: string, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({});
  });
  after(() => t.close());

  it('moves the request, token, cost and latency series as calls are made', async () => {
    const before = (await scrape(t.url)).text;
    const labels = { protocol: 'openai', model: 'mock/echo', provider: 'mock', status: '200' };
    assert.equal((await callDoor(t.url, 'openai', t.key, { model: 'mock/echo', content: 'one two three' })).status, 200);
    assert.equal((await callDoor(t.url, 'openai', t.key, { model: 'mock/echo', content: 'four five six', stream: true })).status, 200);
    assert.equal((await callDoor(t.url, 'anthropic', t.key, { model: 'mock/echo', content: 'seven', stream: true })).status, 200);
    assert.equal((await callDoor(t.url, 'openai', t.key, { model: 'no/such-model' })).status, 404);
    const res = await scrape(t.url);
    assert.equal(res.status, 200);
    assert.match(res.type ?? '', /^text\/plain; version=0\.0\.4/);
    const after = res.text;
    const delta = (name: string, l: Record<string, string> = {}) => sample(after, name, l) - sample(before, name, l);

    assert.equal(delta('chuizi_requests_total', labels), 2);
    assert.equal(delta('chuizi_requests_total', { ...labels, protocol: 'anthropic' }), 1);
    assert.equal(delta('chuizi_requests_total', { protocol: 'openai', model: 'none', provider: 'none', status: '404' }), 1, 'an unknown model is counted under model="none"');
    assert.equal(delta('chuizi_request_duration_seconds_count', { protocol: 'openai', model: 'mock/echo' }), 2);
    assert.ok(delta('chuizi_request_duration_seconds_sum', { protocol: 'openai', model: 'mock/echo' }) > 0);
    assert.equal(delta('chuizi_upstream_duration_seconds_count', { provider: 'mock', model: 'mock/echo' }), 3);
    assert.equal(delta('chuizi_gateway_overhead_seconds_count', { protocol: 'openai' }), 2);
    assert.equal(delta('chuizi_time_to_first_token_seconds_count', { provider: 'mock', model: 'mock/echo' }), 2, 'only streams have a first token');
    assert.equal(delta('chuizi_time_to_first_token_seconds_bucket', { provider: 'mock', model: 'mock/echo', le: '+Inf' }), 2);
    assert.equal(delta('chuizi_upstream_attempts_total', { provider: 'mock', outcome: 'success' }), 3);
    assert.ok(delta('chuizi_tokens_total', { model: 'mock/echo', class: 'input' }) > 0);
    assert.ok(delta('chuizi_tokens_total', { model: 'mock/echo', class: 'output' }) >= 3 + 3 + 1);
    assert.ok(delta('chuizi_cost_usd_total', { model: 'mock/echo' }) > 0);
    assert.ok(delta('chuizi_upstream_cost_usd_total', { model: 'mock/echo' }) > 0);
    assert.equal(sample(after, 'chuizi_holds_active'), 0, 'every hold settled');
    assert.equal(sample(after, 'chuizi_held_usd'), 0);
    assert.equal(sample(after, 'chuizi_inflight_requests'), 0);
    assert.equal(sample(after, 'chuizi_breaker_state', { provider: 'mock', upstream_model: 'echo', state: 'healthy' }), 1);
    assert.match(after, /^nodejs_eventloop_lag_p99_seconds \S+$/m, 'event-loop delay is exported');
    assert.doesNotMatch(after, new RegExp(`${t.keyId}|${t.accountId}`), 'no key or account id as a label');
  });

  it('counts limiter rejections by layer', async () => {
    const limited = await t.newAccount(1_000_000_000, { rpmLimit: 1 });
    const before = (await scrape(t.url)).text;
    assert.equal((await callDoor(t.url, 'openai', limited.key, { model: 'mock/echo' })).status, 200);
    assert.equal((await callDoor(t.url, 'openai', limited.key, { model: 'mock/echo' })).status, 429);
    const poor = await t.newAccount(0);
    assert.equal((await callDoor(t.url, 'openai', poor.key, { model: 'mock/echo' })).status, 402);
    const after = (await scrape(t.url)).text;
    assert.equal(sample(after, 'chuizi_limit_rejections_total', { layer: 'key_rpm' }) - sample(before, 'chuizi_limit_rejections_total', { layer: 'key_rpm' }), 1);
    assert.equal(sample(after, 'chuizi_limit_rejections_total', { layer: 'balance' }) - sample(before, 'chuizi_limit_rejections_total', { layer: 'balance' }), 1);
    assert.equal(sample(after, 'chuizi_requests_total', { protocol: 'openai', model: 'mock/echo', provider: 'none', status: '429' }) - sample(before, 'chuizi_requests_total', { protocol: 'openai', model: 'mock/echo', provider: 'none', status: '429' }), 1);
  });
});

describe('GET /metrics with a token, and disabled', () => {
  it('wants the bearer token when one is configured (constant-time compare), and is absent when disabled', async () => {
    const token = 'metrics-token-0123456789';
    const t = await startTestGateway({ metrics: { token } });
    try {
      assert.equal((await scrape(t.url)).status, 401);
      assert.equal((await scrape(t.url, 'wrong-token-0123456789')).status, 401);
      const ok = await scrape(t.url, token);
      assert.equal(ok.status, 200);
      assert.match(ok.text, /# TYPE chuizi_requests_total counter/);
    } finally {
      await t.close();
    }
    const off = await startTestGateway({ metrics: { enabled: false } });
    try {
      assert.equal((await scrape(off.url)).status, 404);
    } finally {
      await off.close();
    }
  });
});
