import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { formatMoney } from '../core/money.js';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { callDoor, DOORS, type Door } from '../testing/call-door.js';
import * as fault from '../testing/fault-upstream.js';
import { withMargin } from '../billing/estimate-input-tokens.js';
import { waitSettled } from '../testing/wait-settled.js';

// Fake misbehaving upstreams on 127.0.0.1, driven through both front doors, streamed and not:
// each fault asserts the client's answer, the generation record, the wallet to the unit and
// the ledger check (open holds included: no call is running when it is asked).

// $1/M in, $2/M out, markup 1.05: exactly 105 units per input token and 210 per output token.
const PRICE = { input: 1, output: 2 };
const costOf = (g: { inputTokens: number; outputTokens: number }) => 105 * g.inputTokens + 210 * g.outputTokens;
const BOUND = 100;
const START = 1_000_000_000;

describe('upstream faults: what the key holder is charged, what the client is told', () => {
  let up: MockUpstreamServer;
  let backup: MockUpstreamServer;
  let anth: MockUpstreamServer;
  let gw: TestGateway;
  const lines: any[] = [];

  before(async () => {
    up = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    backup = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    anth = await new MockUpstreamServer(fault.anthropicStream(3, 0).handler).start();
    const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    gw = await startTestGateway({
      upstream: { timeout_seconds: 0.4 },
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'up', protocol: 'openai', base_url: `${up.url}/v1`, api_key: 'sk-fault-upstream-secret' },
        { id: 'exposed', protocol: 'openai', base_url: `${up.url}/v1`, api_key: 'sk-fault-upstream-secret', expose_upstream_errors: true },
        { id: 'backup', protocol: 'openai', base_url: `${backup.url}/v1`, api_key: 'sk-fault-backup-secret' },
        { id: 'anth', protocol: 'anthropic', base_url: anth.url, api_key: 'sk-ant-fault-secret' },
        { id: 'mock', protocol: 'mock' },
      ],
      models: [
        { id: 'test/m', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'up', model: 'm' }] },
        { id: 'test/exposed', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'exposed', model: 'm' }] },
        { id: 'test/claude', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'anth', model: 'c' }] },
        { id: 'test/failover', max_output_tokens: 1000, price: PRICE, routes: [{ provider: 'up', model: 'm' }, { provider: 'backup', model: 'b' }] },
      ],
    }, { log });
  });
  // Each test is about one call's fault: breaker state (routing/) is not carried from one to the next.
  beforeEach(() => gw.resetHealth());
  after(async () => {
    await gw.close();
    await up.close();
    await backup.close();
    await anth.close();
  });

  /** A fresh wallet of $10 with a key that may run one call at a time. */
  const wallet = () => gw.newAccount(START, { maxConcurrent: 1 });

  /**
   * Waits for the call to settle, then checks the generation, the wallet to the unit, the
   * ledger rows, the ledger check, and that the key's only concurrency slot is free again.
   */
  async function settled(w: { key: string; accountId: string }, genId: string, want: { status: string; usageSource?: string | null }) {
    const g = await waitSettled(gw.store, genId);
    assert.ok(g, `generation ${genId} exists`);
    assert.equal(g.status, want.status);
    if (want.usageSource !== undefined) assert.equal(g.usageSource, want.usageSource);
    assert.equal(g.cost, costOf(g), 'cost = tokens × price × markup');
    const acct = await gw.store.accounts.get(w.accountId);
    assert.equal(acct?.held, 0, 'nothing held');
    assert.equal(acct?.balance, START - g.cost, 'wallet to the unit');
    const rows = (await gw.store.ledger.transactions(w.accountId, { limit: 50 })).data.filter((t) => t.generationId === genId);
    assert.equal(rows.length, g.cost > 0 ? 1 : 0, 'one charge row, or none for $0');
    if (g.cost > 0) assert.equal(rows[0].amount, -g.cost);
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
    assert.equal(gw.running.gw.inflight.size, 0);
    const next = await callDoor(gw.url, 'openai', w.key, { model: 'mock/echo' });
    assert.equal(next.status, 200, 'the max_concurrent slot is free again');
    return g;
  }

  for (const door of DOORS) {
    const lengthReason = door === 'openai' ? 'length' : 'max_tokens';
    for (const stream of [false, true]) {
      const name = `${door} ${stream ? 'stream' : 'call'}`;

      it(`${name}: an upstream that ignores max_tokens and reports no usage is billed at most the held output`, async () => {
        const w = await wallet();
        const endless = fault.endlessStream();
        up.next(stream ? endless.handler : fault.completion('word '.repeat(7500)));
        const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream, maxTokens: BOUND });
        assert.equal(r.status, 200);
        if (stream) {
          assert.equal(r.finish, lengthReason, 'the stream ends with the protocol’s length reason');
          const written = await endless.closed;
          assert.ok(written < 100_000, `the upstream was cut off (it wrote ${written} words)`);
          assert.ok(r.text.split(' ').length <= withMargin(BOUND) + 2, 'forwarding stopped at the bound (plus the tokenizer margin)');
        }
        const g = await settled(w, r.genId, { status: 'completed', usageSource: 'estimated' });
        assert.equal(g.outputTokens, BOUND);
        assert.ok(g.inputTokens > 0 && g.inputTokens < 50);
      });

      it(`${name}: absurd upstream usage (10^18 tokens) is charged within the hold, told truthfully, without retries`, async () => {
        const w = await wallet();
        up.next(stream ? fault.stream(['four ', 'words ', 'of ', 'text'], { prompt_tokens: 1e18, completion_tokens: 1e18 }) : fault.completion('four words of text', { prompt_tokens: 1e18, completion_tokens: 1e18 }));
        const t0 = Date.now();
        const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream, maxTokens: BOUND });
        assert.equal(r.status, 200);
        assert.ok(Date.now() - t0 < 1000, 'no settlement retries');
        const g = await settled(w, r.genId, { status: 'completed', usageSource: 'upstream_invalid' });
        assert.ok(g.outputTokens >= 1 && g.outputTokens <= BOUND, `output ${g.outputTokens}`);
        assert.ok(g.inputTokens > 0 && g.inputTokens < 50, `input ${g.inputTokens}`);
        if (door === 'openai') {
          const x = stream ? r.frames[r.frames.length - 1].x_chuizi : r.body.x_chuizi;
          assert.equal(x.cost, formatMoney(g.cost), 'x_chuizi.cost is what was charged');
          const usage = stream ? r.frames[r.frames.length - 1].usage : r.body.usage;
          assert.equal(usage.completion_tokens, g.outputTokens);
        } else {
          const out = stream ? r.frames.filter((f) => f.type === 'message_delta').pop()?.usage?.output_tokens : r.body.usage.output_tokens;
          assert.equal(out, g.outputTokens);
        }
        assert.ok(lines.some((l) => l.msg === 'upstream usage discrepancy' && l.generationId === r.genId && l.usageSource === 'upstream_invalid'));
      });

      it(`${name}: upstream output above the bound is charged at the bound, the excess logged with the generation id`, async () => {
        const w = await wallet();
        up.next(stream ? fault.stream(['short'], { prompt_tokens: 20, completion_tokens: 5000 }) : fault.completion('short', { prompt_tokens: 20, completion_tokens: 5000 }));
        const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream, maxTokens: BOUND });
        assert.equal(r.status, 200);
        const g = await settled(w, r.genId, { status: 'completed', usageSource: 'upstream_capped' });
        assert.equal(g.inputTokens, 20);
        assert.equal(g.outputTokens, BOUND);
        const line = lines.find((l) => l.msg === 'upstream usage discrepancy' && l.generationId === r.genId);
        assert.equal(line?.excessOutputTokens, 5000 - BOUND);
        assert.equal(line?.level, 40);
      });

      it(`${name}: a 200 that is not what was asked for is a 502 with $0`, async () => {
        for (const answer of stream ? [fault.answerWith('application/json', '{"ok":true}'), fault.answerWith('text/event-stream', '')] : [fault.answerWith('text/html', '<html>proxy</html>'), fault.answerWith('application/json', 'not json'), fault.answerWith('text/event-stream', 'data: {"choices":[]}\n\n')]) {
          const w = await wallet();
          up.next(answer);
          const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream, maxTokens: BOUND });
          assert.equal(r.status, 502);
          assert.equal(r.body.error.type, 'upstream_error');
          const g = await settled(w, r.genId, { status: 'failed', usageSource: null });
          assert.equal(g.cost, 0);
        }
      });

      it(`${name}: a 200 that is not what was asked for fails over to the next route`, async () => {
        const w = await wallet();
        up.next(stream ? fault.answerWith('application/json', '{"ok":true}') : fault.answerWith('text/html', '<html>proxy</html>'));
        const r = await callDoor(gw.url, door, w.key, { model: 'test/failover', stream, content: 'via backup' });
        assert.equal(r.status, 200);
        assert.equal(r.text, 'echo: via backup');
        const g = await settled(w, r.genId, { status: 'completed', usageSource: 'upstream' });
        assert.deepEqual([g.inputTokens, g.outputTokens, g.provider], [2000, 500, 'backup']);
      });

      it(`${name}: an upstream 400's message reaches the client only where exposed, and scrubbed`, async () => {
        const body = { error: { message: 'prompt rejected by org-internal host 10.1.2.3, see https://wiki.corp.internal/x (key sk-live-abcdef123456)', type: 'invalid_request_error' } };
        const w = await wallet();
        up.next(fault.status(400, body));
        const hidden = await callDoor(gw.url, door, w.key, { model: 'test/m', stream });
        assert.equal(hidden.status, 400);
        assert.equal(hidden.errorMessage, 'Upstream rejected the request as invalid');
        await settled(w, hidden.genId, { status: 'failed' });
        up.next(fault.status(400, body));
        const shown = await callDoor(gw.url, door, w.key, { model: 'test/exposed', stream });
        assert.equal(shown.status, 400);
        assert.equal(shown.errorMessage, 'Upstream rejected the request: prompt rejected by [id] host [ip], see [url] (key [redacted])');
        const g = await gw.store.generations.get(shown.genId);
        assert.deepEqual([g?.status, g?.cost], ['failed', 0]);
        assert.equal((await gw.store.accounts.get(w.accountId))?.held, 0);
      });
    }

    it(`${door}: max_tokens above the model's maximum output is lowered to it with a warning, never a 500`, async () => {
      const w = await wallet();
      const r = await callDoor(gw.url, door, w.key, { model: 'test/m', maxTokens: 5_000_000 });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('x-chuizi-warnings') ?? '', /5000000 lowered to 1000/);
      assert.equal(up.last!.body.max_tokens, 1000);
      await settled(w, r.genId, { status: 'completed' });
    });

    it(`${door}: clients that stop reading an endless upstream are each billed at most their hold; the wallet never goes below zero`, async () => {
      const w = await gw.newAccount(200_000, {});
      const endless = Array.from({ length: 5 }, () => fault.endlessStream());
      for (const e of endless) up.next(e.handler);
      const path = door === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';
      const ids = await Promise.all(endless.map(async () => {
        const ac = new AbortController();
        const res = await fetch(`${gw.url}${path}`, {
          method: 'POST', signal: ac.signal,
          headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'test/m', stream: true, max_tokens: BOUND, messages: [{ role: 'user', content: 'go' }] }),
        });
        const id = res.headers.get('x-chuizi-generation-id') ?? '';
        const reader = res.body!.getReader();
        reader.closed.catch(() => undefined);
        if (res.status !== 200) return { id, status: res.status };
        await new Promise((r) => setTimeout(r, 150)); // never reads
        ac.abort();
        return { id, status: res.status };
      }));
      const admitted = ids.filter((x) => x.status === 200);
      assert.ok(admitted.length >= 1);
      const deadline = Date.now() + 3000;
      while (gw.running.gw.inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      let charged = 0;
      for (const { id } of admitted) {
        const g = await gw.store.generations.get(id);
        assert.ok(g && g.status !== 'pending');
        assert.ok(g.outputTokens <= BOUND, `output ${g.outputTokens} ≤ ${BOUND}`);
        assert.equal(g.cost, costOf(g));
        charged += g.cost;
      }
      const acct = await gw.store.accounts.get(w.accountId);
      assert.equal(acct?.held, 0);
      assert.equal(acct?.balance, 200_000 - charged);
      assert.ok((acct?.balance ?? -1) >= 0);
      assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
    });
  }

  describe('an Anthropic upstream (its message_start reports output_tokens: 1)', () => {
    for (const door of DOORS) {
      it(`${door}: ignoring max_tokens on a stream is cut at the bound and billed the bound`, async () => {
        const w = await wallet();
        const endless = fault.anthropicStream(100_000, 0);
        anth.next(endless.handler);
        const r = await callDoor(gw.url, door, w.key, { model: 'test/claude', stream: true, maxTokens: BOUND });
        assert.equal(r.status, 200);
        assert.equal(r.finish, door === 'openai' ? 'length' : 'max_tokens');
        assert.ok((await endless.closed) < 100_000, 'the upstream was cut off');
        const g = await settled(w, r.genId, { status: 'completed', usageSource: 'estimated' });
        assert.deepEqual([g.inputTokens, g.outputTokens], [12, BOUND], 'input as reported, output at the bound');
      });

      it(`${door}: a client leaving mid-stream is billed for what was delivered, not the 1 token of message_start`, async () => {
        const w = await wallet();
        anth.next(fault.anthropicStream(200, 5).handler);
        const ac = new AbortController();
        const path = door === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';
        const res = await fetch(`${gw.url}${path}`, {
          method: 'POST', signal: ac.signal,
          headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'test/claude', stream: true, max_tokens: 1000, messages: [{ role: 'user', content: 'go' }] }),
        });
        const reader = res.body!.getReader();
        reader.closed.catch(() => undefined);
        let seen = '';
        while ((seen.match(/word/g) ?? []).length < 20) seen += new TextDecoder().decode((await reader.read()).value);
        ac.abort();
        const g = await settled(w, res.headers.get('x-chuizi-generation-id') ?? '', { status: 'cancelled', usageSource: 'estimated' });
        assert.equal(g.inputTokens, 12);
        assert.ok(g.outputTokens >= 20 && g.outputTokens < 200, `output ${g.outputTokens}`);
      });
    }
  });

  describe('settlement on every failure path', () => {
    // api.md §4: each upstream failure reaches the client with its honest message (never the upstream's body)
    const ERRORS: Array<[string, () => import('../testing/mock-upstream-server.js').MockHandler, number, RegExp]> = [
      ['upstream 400', () => fault.status(400, { error: { message: 'bad', type: 'invalid_request_error' } }), 400, /^Upstream rejected the request/],
      ['upstream 401', () => fault.status(401, { error: { message: 'bad key', type: 'authentication_error' } }), 502, /^The upstream provider refused the gateway's credentials \(HTTP 401\)/],
      ['upstream 500', () => fault.status(500, { error: { message: 'boom' } }), 502, /^The upstream provider failed with an internal error \(HTTP 500\)$/],
      ['upstream 429', () => fault.status(429, { error: { message: 'slow down' } }, { 'retry-after': '3' }), 429, /^Rate limit exceeded\. Retry after 3 seconds\.$/],
      ['upstream timeout', () => fault.hang, 504, /^Request timed out after \d+ seconds$/],
    ];
    for (const door of DOORS) {
      for (const stream of [false, true]) {
        const name = `${door} ${stream ? 'stream' : 'call'}`;
        for (const [what, handler, code, message] of ERRORS) {
          it(`${name}: ${what} → ${code} with its honest message, $0, nothing held, no charge row, slot free`, async () => {
            const w = await wallet();
            up.next(handler());
            const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream });
            assert.equal(r.status, code);
            assert.match(r.errorMessage ?? '', message);
            const g = await settled(w, r.genId, { status: 'failed', usageSource: null });
            assert.equal(g.cost, 0);
          });
        }

        it(`${name}: the client leaves before any output → cancelled, $0`, async () => {
          const w = await wallet();
          up.next(fault.after(400, stream ? fault.stream(['late'], { prompt_tokens: 5, completion_tokens: 1 }) : fault.completion('late', { prompt_tokens: 5, completion_tokens: 1 })));
          const ac = new AbortController();
          const pending = callDoor(gw.url, door, w.key, { model: 'test/m', stream, signal: ac.signal });
          await new Promise((r) => setTimeout(r, 100));
          const genId = await latestPendingGeneration(w.accountId);
          ac.abort();
          await assert.rejects(pending);
          const g = await settled(w, genId, { status: 'cancelled' });
          assert.equal(g.cost, 0);
        });
      }

      it(`${door} stream: upstream reset mid-stream → in-band error, billed for what was delivered`, async () => {
        const w = await wallet();
        up.next(fault.resetMidStream);
        const r = await callDoor(gw.url, door, w.key, { model: 'test/m', stream: true });
        assert.equal(r.status, 200);
        assert.equal(r.text, 'partial answer ');
        assert.ok(r.errorMessage, 'an in-band error');
        const g = await settled(w, r.genId, { status: 'failed', usageSource: 'estimated' });
        assert.ok(g.outputTokens >= 2 && g.cost > 0);
      });

      it(`${door} stream: the client leaves mid-stream → cancelled, billed for what was delivered`, async () => {
        const w = await wallet();
        up.next(fault.slowStream(100, 10));
        const ac = new AbortController();
        const path = door === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';
        const res = await fetch(`${gw.url}${path}`, {
          method: 'POST', signal: ac.signal,
          headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'test/m', stream: true, max_tokens: 1000, messages: [{ role: 'user', content: 'go' }] }),
        });
        const reader = res.body!.getReader();
        reader.closed.catch(() => undefined);
        let seen = '';
        while (!seen.includes('slow')) seen += new TextDecoder().decode((await reader.read()).value);
        ac.abort();
        const g = await settled(w, res.headers.get('x-chuizi-generation-id') ?? '', { status: 'cancelled', usageSource: 'estimated' });
        assert.ok(g.outputTokens >= 1 && g.outputTokens < 100 && g.cost > 0);
      });
    }
  });

  async function latestPendingGeneration(accountId: string): Promise<string> {
    for (const id of gw.running.gw.inflight) {
      const g = await gw.store.generations.get(id);
      if (g?.accountId === accountId) return id;
    }
    throw new Error('no call in flight');
  }
});
