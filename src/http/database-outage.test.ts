import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { CutProxy } from '../testing/cut-proxy.js';
import { createPgTestDatabase, type PgTestDatabase } from '../testing/create-pg-test-database.js';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';
import { waitSettled } from '../testing/wait-settled.js';

// PostgreSQL briefly unreachable (the test cuts a TCP proxy in front of it): calls get a clear
// 503 in their protocol's envelope, nothing crashes, a settlement that could not be written is
// written once when the database is back, and the gateway recovers without a restart.
describe('PostgreSQL briefly unreachable', () => {
  let db: PgTestDatabase;
  let proxy: CutProxy;
  let upstream: MockUpstreamServer;
  let gw: TestGateway;
  let openGate: () => void = () => undefined;
  let gated = false;
  const usage = { prompt_tokens: 10, completion_tokens: 20 };
  const handler = openaiUpstreamHandler(usage);
  const post = (path: string, key: string, body: unknown) =>
    fetch(`${gw.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const chat = { model: 'test/model', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

  before(async () => {
    db = await createPgTestDatabase();
    proxy = await new CutProxy(5432).start();
    upstream = await new MockUpstreamServer(async (req, res) => {
      if (!gated) return handler(req, res);
      // The first token goes out (the gateway commits the stream), the rest waits for the gate.
      const frame = (delta: object, extra: object = {}) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(frame({ role: 'assistant', content: 'echo:' }));
      await new Promise<void>((r) => (openGate = r));
      res.write(frame({ content: ' hi' }));
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { ...usage, total_tokens: 30 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    }).start();
    const store = await openPostgresStore(db.url.replace(':5432/', `:${proxy.port}/`), { poolSize: 4, connectTimeoutMs: 1000 });
    gw = await startTestGateway(
      {
        limits: { key_rpm: 100_000, model_rpm: 100_000 },
        providers: [{ id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1`, api_key: 'sk-x' }],
        models: [{ id: 'test/model', max_output_tokens: 1000, price: { input: 1, output: 2 }, routes: [{ provider: 'up', model: 'm' }] }],
      },
      { store, reapIntervalMs: 100, balanceUnits: 100_000_000 },
    );
  });
  after(async () => {
    openGate();
    await proxy?.restore();
    await gw?.close();
    await upstream?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('answers 503 service_unavailable in each envelope while cut, writes a cut-off settlement once, and recovers', async () => {
    const ok = await post('/v1/chat/completions', gw.key, chat);
    assert.equal(ok.status, 200);
    const firstCost = (await ok.json()).x_chuizi.cost;

    // A stream is admitted (its hold is written), then the database goes away before it settles.
    gated = true;
    const client = new OpenAI({ apiKey: gw.key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ ...chat, stream: true, stream_options: { include_usage: true } }).withResponse();
    const genId = stream.response.headers.get('x-chuizi-generation-id') ?? '';
    assert.ok(genId);
    await new Promise((r) => setTimeout(r, 50)); // the hold is written before the first token is sent
    await proxy.cut();
    gated = false;
    openGate();
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'echo: hi', 'the stream reaches the client whole');

    const refused = await post('/v1/chat/completions', gw.key, chat);
    assert.equal(refused.status, 503);
    const body = await refused.json();
    assert.equal(body.error.type, 'service_unavailable');
    assert.equal(body.error.reason, 'store_unavailable');
    assert.match(body.error.message, /database/);
    assert.equal(refused.headers.get('retry-after'), '1');
    const anthropic = await post('/anthropic/v1/messages', gw.key, { ...chat, max_tokens: 50 });
    assert.equal(anthropic.status, 503);
    const aBody = await anthropic.json();
    assert.equal(aBody.type, 'error');
    assert.match(aBody.error.message, /database/);
    assert.equal((await fetch(`${gw.url}/health/ready`)).status, 503);
    const admin = await fetch(`${gw.url}/admin/v1/accounts/${gw.accountId}`, { headers: { authorization: `Bearer ${gw.adminToken}` } });
    assert.equal(admin.status, 503);
    assert.ok(gw.running.gw.unsettled.has(genId), 'the settlement is kept for retry, its hold not released');

    await proxy.restore();
    const settled = await waitSettled(gw.store, genId, 10_000);
    assert.equal(settled?.status, 'completed');
    assert.equal(gw.running.gw.unsettled.size, 0);
    const again = await post('/v1/chat/completions', gw.key, chat);
    assert.equal(again.status, 200, 'recovered without a restart');
    assert.equal((await again.json()).x_chuizi.cost, firstCost);

    // Three calls charged exactly once each; the ledger is sound.
    const txns = await gw.store.ledger.transactions(gw.accountId, { limit: 100 });
    const charges = txns.data.filter((t) => t.type === 'charge');
    assert.equal(charges.length, 3);
    assert.deepEqual(new Set(charges.map((t) => t.amount)).size, 1);
    const account = await gw.store.accounts.get(gw.accountId);
    assert.equal(account?.balance, 100_000_000 + charges.reduce((s, t) => s + t.amount, 0));
    assert.equal(account?.held, 0);
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
  });
});
