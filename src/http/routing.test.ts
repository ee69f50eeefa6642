import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pino from 'pino';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { callDoor } from '../testing/call-door.js';
import * as fault from '../testing/fault-upstream.js';
import { waitSettled } from '../testing/wait-settled.js';

// Routing end to end over real sockets: mock upstreams failing each way (500, 429 with
// Retry-After, connection refused, hang, drop mid-stream, slow first token), an injected clock
// for cool-downs and throttles, short timeouts. Every call's money is checked to the unit.

// $1/M in, $2/M out, markup 1.05: 105 units per input token, 210 per output token.
const PRICE = { input: 1, output: 2 };
const START = 1_000_000_000;
const COOLDOWN_S = 30;

/** A port nothing listens on (connection refused). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('routing: circuit breakers, failover, auto models, load shedding', () => {
  let a: MockUpstreamServer;
  let b: MockUpstreamServer;
  let gw: TestGateway;
  let offset = 0;
  const lines: any[] = [];
  const advance = (seconds: number) => void (offset += seconds * 1000);

  before(async () => {
    a = await new MockUpstreamServer(openaiUpstreamHandler({ prompt_tokens: 10, completion_tokens: 5 })).start();
    b = await new MockUpstreamServer(openaiUpstreamHandler({ prompt_tokens: 20, completion_tokens: 7 })).start();
    const refused = await closedPort();
    gw = await startTestGateway({
      upstream: { timeout_seconds: 0.5, first_token_timeout_seconds: 0.15, connect_timeout_seconds: 0.3 },
      routing: { breaker: { failures: 2, cooldown_seconds: COOLDOWN_S } },
      server: { max_inflight: 3 },
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'pa', protocol: 'openai', base_url: `${a.url}/v1`, api_key: 'sk-a' },
        { id: 'pb', protocol: 'openai', base_url: `${b.url}/v1`, api_key: 'sk-b' },
        { id: 'dead', protocol: 'openai', base_url: `http://127.0.0.1:${refused}/v1`, api_key: 'sk-dead' },
      ],
      models: [
        { id: 'r/failover', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'pa', model: 'ma' }, { provider: 'pb', model: 'mb' }] },
        { id: 'r/only-a', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'pa', model: 'solo' }] },
        { id: 'r/dead-first', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'dead', model: 'x' }, { provider: 'pb', model: 'mb' }] },
        // auto/* candidates (the mock/echo model is there too: $1/$2, no vision)
        { id: 'r/cheap', max_output_tokens: 1000, context_window: 4000, price: { input: 0.1, output: 0.2 }, quality: 40, capabilities: ['json'], routes: [{ provider: 'pa', model: 'cheap' }] },
        { id: 'r/vision', max_output_tokens: 1000, price: { input: 3, output: 6 }, quality: 80, capabilities: ['tools', 'json', 'vision'], routes: [{ provider: 'pb', model: 'vis' }] },
        { id: 'r/best', max_output_tokens: 4000, price: { input: 20, output: 40 }, quality: 95, capabilities: ['tools', 'json', 'vision', 'reasoning'], routes: [{ provider: 'pa', model: 'best' }] },
      ],
    }, { now: () => Date.now() + offset, log: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }) });
  });
  after(async () => {
    await gw.close();
    await a.close();
    await b.close();
  });
  beforeEach(() => gw.resetHealth());

  const admin = async (path: string) => {
    const res = await fetch(`${gw.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${gw.adminToken}` } });
    return res.json() as Promise<any>;
  };
  const target = async (provider: string, model: string) => {
    const p = (await admin('/providers')).data.find((x: any) => x.id === provider);
    return { provider: p, target: p.targets.find((t: any) => t.model === model) };
  };

  /** Waits for the call to settle; checks the wallet, hold and ledger to the unit; returns the generation. */
  async function settled(w: { accountId: string }, genId: string) {
    const deadline = Date.now() + 3000;
    const g = await waitSettled(gw.store, genId);
    assert.ok(g, `generation ${genId} exists`);
    let all = (await gw.store.generations.list({ accountId: w.accountId, limit: 100 })).data;
    while (all.some((x) => x.status === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      all = (await gw.store.generations.list({ accountId: w.accountId, limit: 100 })).data;
    }
    const acct = await gw.store.accounts.get(w.accountId);
    assert.equal(acct?.held, 0, 'nothing held');
    assert.equal(acct?.balance, START - all.reduce((sum, x) => sum + x.cost, 0), 'wallet to the unit: every call charged once');
    const rows = (await gw.store.ledger.transactions(w.accountId, { limit: 50 })).data.filter((t) => t.generationId === genId);
    assert.equal(rows.length, g.cost > 0 ? 1 : 0, 'one charge row, or none');
    assert.deepEqual(await gw.store.ledger.check(Date.now() + offset, { openHolds: true }), []);
    return g;
  }

  it('500s open the breaker: the target is skipped, probed once after the cool-down (half-open), and closes', async () => {
    const w = await gw.newAccount(START);
    for (let i = 0; i < 2; i++) {
      a.next(fault.status(500, { error: { message: 'internal upstream detail' } }));
      const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
      assert.equal(r.status, 200, 'failed over to the second route');
      const g = await settled(w, r.genId);
      assert.equal(g.provider, 'pb');
      assert.equal(g.cost, 105 * 20 + 210 * 7, 'billed at the usage of the route that answered');
    }
    let { target: t, provider } = await target('pa', 'ma');
    assert.equal(t.state, 'down');
    assert.equal(provider.state, 'down');
    assert.equal(t.last_error.reason, 'upstream_500');
    assert.ok(Math.abs(Date.parse(t.last_error.at) - (Date.now() + offset)) < 5000);
    assert.doesNotMatch(JSON.stringify(provider), /internal upstream detail|sk-a/, 'never an upstream body or key');
    const opened = lines.find((l) => l.msg === 'route target state changed' && l.provider === 'pa' && l.to === 'down');
    assert.ok(opened, 'the opening is logged');
    assert.equal(opened.reason, 'upstream_500');
    assert.doesNotMatch(JSON.stringify(lines), /internal upstream detail/, 'never an upstream body in the log');

    const seen = a.requests.length;
    const skipped = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal(skipped.status, 200);
    assert.equal(a.requests.length, seen, 'the down target was not called');
    assert.equal((await settled(w, skipped.genId)).provider, 'pb');

    advance(COOLDOWN_S);
    ({ target: t } = await target('pa', 'ma'));
    assert.equal(t.state, 'half_open');
    // The trial is slow; a second call meanwhile skips the target (one trial only).
    a.next(fault.after(200, fault.completion('trial answer', { prompt_tokens: 10, completion_tokens: 5 })));
    const trial = callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    await new Promise((r) => setTimeout(r, 60));
    const during = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal(during.status, 200);
    assert.equal(a.requests.length, seen + 1, 'only the trial reached the recovering target');
    const tr = await trial;
    assert.equal((await settled(w, during.genId)).provider, 'pb', 'skipped while the trial runs');
    assert.equal(tr.status, 200);
    assert.equal(tr.text, 'trial answer');
    const gt = await settled(w, tr.genId);
    assert.equal(gt.provider, 'pa');
    assert.equal(gt.cost, 105 * 10 + 210 * 5);
    assert.equal(a.requests.length, seen + 1, 'exactly one trial went to the recovering target');
    ({ target: t } = await target('pa', 'ma'));
    assert.equal(t.state, 'healthy');
    assert.equal(t.consecutive_failures, 0);
    assert.ok(lines.some((l) => l.msg === 'route target state changed' && l.provider === 'pa' && l.from === 'half_open' && l.to === 'healthy'), 'the closing is logged');
    assert.equal(typeof t.latency_ms, 'number');
  });

  it('a failed trial opens the breaker again; a model whose only route is down answers 503 at once, holding and counting nothing', async () => {
    const w = await gw.newAccount(START);
    for (let i = 0; i < 2; i++) {
      a.next(fault.status(502, { error: { message: 'bad gateway' } }));
      assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 502);
    }
    const seen = a.requests.length;
    const t0 = Date.now();
    const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' });
    assert.equal(r.status, 503);
    assert.equal(r.body.error.type, 'service_unavailable');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.ok(Date.now() - t0 < 500, 'fast: no upstream is called');
    assert.equal(a.requests.length, seen);
    assert.equal(await gw.store.generations.get(r.genId), null, 'no generation record: refused before the hold');
    const acct = await gw.store.accounts.get(w.accountId);
    assert.equal(acct?.held, 0);
    assert.equal(acct?.balance, START);

    advance(COOLDOWN_S);
    a.next(fault.status(500, { error: { message: 'still broken' } }));
    assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 502, 'the trial failed');
    assert.equal((await target('pa', 'solo')).target.state, 'down', 'open again for a whole cool-down');
    assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 503);
    advance(COOLDOWN_S);
    assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 200, 'the next trial succeeds');
    assert.equal((await target('pa', 'solo')).target.state, 'healthy');
  });

  it('an upstream 429 with Retry-After throttles the target until then; all routes throttled → 429 with that Retry-After', async () => {
    const w = await gw.newAccount(START);
    a.next(fault.status(429, { error: { message: 'slow down' } }, { 'retry-after': '20' }));
    const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal(r.status, 200);
    assert.equal((await settled(w, r.genId)).provider, 'pb');
    const { target: t } = await target('pa', 'ma');
    assert.equal(t.state, 'throttled');
    assert.equal(t.last_error.reason, 'upstream_429');

    const seen = a.requests.length;
    assert.equal((await settled(w, (await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' })).genId)).provider, 'pb');
    assert.equal(a.requests.length, seen, 'skipped while throttled');

    a.next(fault.status(429, { error: { message: 'slow down' } }, { 'retry-after': '20' }));
    assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 429);
    const refused = await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '20');
    assert.equal(a.requests.length, seen + 1);

    advance(20);
    const back = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal((await settled(w, back.genId)).provider, 'pa', 'tried again after its Retry-After');
  });

  it('connection refused counts against the target until it opens; the admin view says why', async () => {
    const w = await gw.newAccount(START);
    for (let i = 0; i < 3; i++) {
      const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/dead-first' });
      assert.equal(r.status, 200);
      assert.equal((await settled(w, r.genId)).provider, 'pb');
    }
    const { target: t } = await target('dead', 'x');
    assert.equal(t.state, 'down');
    assert.equal(t.consecutive_failures, 2, 'the third call skipped it');
    assert.equal(t.last_error.reason, 'provider_unavailable');
    assert.ok(t.retry_at);
  });

  it('a hanging upstream times out (504 reason) and fails over; a slow first token fails over before anything is sent', async () => {
    const w = await gw.newAccount(START);
    a.next(fault.hang);
    const hung = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal(hung.status, 200);
    assert.equal((await settled(w, hung.genId)).provider, 'pb');
    assert.equal((await target('pa', 'ma')).target.last_error.reason, 'provider_timeout');

    // Headers at once, first token after 1 s: beyond the 150 ms first-token timeout.
    a.next(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await new Promise((r) => setTimeout(r, 1000));
      if (!res.destroyed) await fault.stream(['late'], { prompt_tokens: 10, completion_tokens: 1 })(_req, res);
    });
    const t0 = Date.now();
    const slow = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover', stream: true });
    assert.equal(slow.status, 200);
    assert.equal(slow.text, 'echo: hello', 'the second route answered');
    assert.ok(Date.now() - t0 < 900, 'did not wait for the slow first token');
    const g = await settled(w, slow.genId);
    assert.equal(g.provider, 'pb');
    assert.equal(g.status, 'completed');
    const { target: t } = await target('pa', 'ma');
    assert.equal(t.state, 'down', 'two failures in a row: hang, then slow first token');
  });

  it('a trial that streams for long closes the breaker at its first output (the target is not kept half-open)', async () => {
    const w = await gw.newAccount(START);
    for (let i = 0; i < 2; i++) {
      a.next(fault.status(503, { error: { message: 'x' } }));
      assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' })).genId !== '', true);
    }
    assert.equal((await target('pa', 'ma')).target.state, 'down');
    advance(COOLDOWN_S);
    a.next(fault.slowStream(6, 60));
    const trial = callDoor(gw.url, 'openai', w.key, { model: 'r/failover', stream: true });
    await new Promise((r) => setTimeout(r, 120));
    assert.equal((await target('pa', 'ma')).target.state, 'healthy', 'closed while the trial still streams');
    const seen = a.requests.length;
    const other = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover' });
    assert.equal(a.requests.length, seen + 1, 'the next call goes to the recovered target');
    const tr = await trial;
    assert.equal(tr.text, 'slow '.repeat(6));
    await settled(w, other.genId);
    const g = await settled(w, tr.genId);
    assert.equal(g.cost, 105 * 10 + 210 * 6);
  });

  it('a stream is bounded by the idle gap between chunks, not by a total: it may outlast timeout_seconds', async () => {
    const w = await gw.newAccount(START);
    a.next(fault.slowStream(12, 70)); // ~840 ms in all, > the 500 ms timeout; gaps of 70 ms
    const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a', stream: true });
    assert.equal(r.status, 200);
    assert.equal(r.errorMessage, undefined);
    assert.equal(r.text, 'slow '.repeat(12));
    const g = await settled(w, r.genId);
    assert.equal(g.status, 'completed');
    assert.equal(g.cost, 105 * 10 + 210 * 12);
  });

  it('a stream dropped mid-way counts as a failure after the commit point (billed for what was delivered)', async () => {
    const w = await gw.newAccount(START);
    a.next(fault.resetMidStream);
    const r = await callDoor(gw.url, 'openai', w.key, { model: 'r/failover', stream: true });
    assert.equal(r.status, 200);
    assert.ok(r.errorMessage, 'in-band error');
    const g = await settled(w, r.genId);
    assert.equal(g.status, 'failed');
    assert.ok(g.cost > 0);
    const { target: t } = await target('pa', 'ma');
    assert.equal(t.state, 'degraded');
    assert.equal(t.consecutive_failures, 1);
    assert.equal(t.last_error.reason, 'stream_error');
  });

  describe('auto models', () => {
    const chat = async (key: string, body: Record<string, unknown>) => {
      const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };
    const hello = [{ role: 'user', content: 'hello' }];
    const image = [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }];

    it('auto/cheap picks the cheapest capable model, names it, holds and bills at its price', async () => {
      const w = await gw.newAccount(START);
      const r = await chat(w.key, { model: 'auto/cheap', messages: hello });
      assert.equal(r.status, 200);
      assert.equal(r.body.model, 'r/cheap');
      assert.equal(r.headers.get('x-chuizi-routed-model'), 'r/cheap');
      assert.equal(a.last?.body.model, 'cheap');
      const g = await settled(w, r.headers.get('x-chuizi-generation-id')!);
      assert.equal(g.model, 'r/cheap');
      // $0.1/M in, $0.2/M out × 1.05: 10.5 units per input token, 21 per output token; usage 10 in, 5 out.
      assert.equal(g.cost, Math.round(10 * 10.5 + 5 * 21));
      const ant = await callDoor(gw.url, 'anthropic', w.key, { model: 'auto/cheap', stream: true });
      assert.equal(ant.status, 200);
      assert.equal(ant.frames.find((f) => f.type === 'message_start')?.message.model, 'r/cheap', 'the Anthropic answer names the routed model too');
      assert.equal(ant.headers.get('x-chuizi-routed-model'), 'r/cheap');
      assert.equal((await settled(w, ant.genId)).model, 'r/cheap');
    });

    it('images need vision, tools need tools, a context too large for the cheap one moves up; auto/quality takes the best', async () => {
      const w = await gw.newAccount(START);
      const v = await chat(w.key, { model: 'auto/cheap', messages: image });
      assert.equal(v.status, 200);
      assert.equal(v.body.model, 'r/vision');
      assert.equal((await settled(w, v.headers.get('x-chuizi-generation-id')!)).model, 'r/vision');
      const tools = await chat(w.key, { model: 'auto/cheap', messages: hello, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] });
      // The cheapest models with tools cost $1/$2 (default capabilities): the higher quality rank (50 over the echo's 10), then the id.
      assert.equal(tools.body.model, 'r/dead-first');
      const long = await chat(w.key, { model: 'auto/cheap', messages: [{ role: 'user', content: 'word '.repeat(5000) }] });
      assert.equal(long.status, 200);
      assert.notEqual(long.body.model, 'r/cheap', 'its 4000-token context window does not fit');
      const q = await chat(w.key, { model: 'auto/quality', messages: hello });
      assert.equal(q.body.model, 'r/best');
      const g = await settled(w, q.headers.get('x-chuizi-generation-id')!);
      assert.equal(g.cost, 10 * 2100 + 5 * 4200, 'billed at r/best’s price ($20/$40 × 1.05)');
    });

    it('chooses only among models the key may call, skips down models, and says what was missing', async () => {
      const limited = await gw.newAccount(START, { allowedModels: ['r/cheap', 'r/vision'] });
      const q = await chat(limited.key, { model: 'auto/quality', messages: hello });
      assert.equal(q.body.model, 'r/vision', 'r/best is not allowed for this key');
      await settled(limited, q.headers.get('x-chuizi-generation-id')!);
      const noReasoning = await chat(limited.key, { model: 'auto/balanced', messages: hello, reasoning_effort: 'high' });
      assert.equal(noReasoning.status, 400);
      assert.match(noReasoning.body.error.message, /reasoning/);

      // r/best's route is down: auto/quality takes the next best.
      const w = await gw.newAccount(START);
      for (let i = 0; i < 2; i++) {
        a.next(fault.status(500, { error: { message: 'x' } }));
        assert.equal((await chat(w.key, { model: 'auto/quality', messages: hello })).status, 502);
      }
      const next = await chat(w.key, { model: 'auto/quality', messages: hello });
      assert.equal(next.status, 200);
      assert.equal(next.body.model, 'r/vision');
      await settled(w, next.headers.get('x-chuizi-generation-id')!);
    });

    it('auto models are listed on both protocols', async () => {
      const res = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${gw.key}` } });
      const ids = ((await res.json()) as any).data.map((m: any) => m.id);
      for (const g of ['balanced', 'fast', 'cheap', 'quality', 'code', 'vision']) assert.ok(ids.includes(`auto/${g}`), g);
      const ant = await fetch(`${gw.url}/anthropic/v1/models`, { headers: { 'x-api-key': gw.key } });
      assert.ok(((await ant.json()) as any).data.some((m: any) => m.id === 'auto/fast'));
    });

    it('auto/fast prefers the lowest measured latency', async () => {
      const w = await gw.newAccount(START);
      // Teach the book: r/cheap (pa) is slow, r/vision (pb) fast.
      a.next(fault.after(150, fault.completion('slow', { prompt_tokens: 10, completion_tokens: 5 })));
      await settled(w, (await chat(w.key, { model: 'r/cheap', messages: hello })).headers.get('x-chuizi-generation-id')!);
      await settled(w, (await chat(w.key, { model: 'r/vision', messages: hello })).headers.get('x-chuizi-generation-id')!);
      const f = await chat(gw.key, { model: 'auto/fast', messages: hello });
      assert.equal(f.status, 200);
      assert.notEqual(f.body.model, 'r/cheap');
    });
  });

  it('sheds load beyond max_inflight with a fast 503 + Retry-After, while /health and admin stay fast', async () => {
    for (let i = 0; i < 3; i++) a.next(fault.slowStream(30, 50)); // ~1.5 s each
    const w = await gw.newAccount(START);
    const slow = [0, 1, 2].map(() => callDoor(gw.url, 'openai', w.key, { model: 'r/only-a', stream: true }));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const burst = await Promise.all(Array.from({ length: 20 }, () => callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })));
    const burstMs = Date.now() - t0;
    for (const r of burst) {
      assert.equal(r.status, 503);
      assert.equal(r.body.error.type, 'service_unavailable');
      assert.equal(r.headers.get('retry-after'), '1');
      assert.equal(await gw.store.generations.get(r.genId), null, 'shed calls are counted nowhere');
    }
    assert.ok(burstMs < 1000, `burst answered in ${burstMs} ms, while the calls in flight take 1.5 s`);
    const h0 = Date.now();
    const health = await fetch(`${gw.url}/health`);
    assert.equal(health.status, 200);
    assert.equal((await admin('/providers')).data.length, 3);
    assert.ok(Date.now() - h0 < 500, 'health and admin are never shed');
    for (const r of await Promise.all(slow)) {
      assert.equal(r.status, 200);
      await settled(w, r.genId);
    }
    assert.equal((await callDoor(gw.url, 'openai', w.key, { model: 'r/only-a' })).status, 200, 'accepted again once the calls finished');
  });
});
