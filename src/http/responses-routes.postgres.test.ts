import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { createPgTestDatabase, type PgTestDatabase } from '../testing/create-pg-test-database.js';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';

// Server mode keeps Responses API conversations in PostgreSQL: two gateway instances, each with
// its own pool on one fresh database (dropped afterwards), the `openai` SDK continuing through
// one instance a conversation started on the other.
describe('OpenAI Responses API on a PostgreSQL store, across gateway instances', () => {
  let db: PgTestDatabase;
  let upstream: MockUpstreamServer;
  const gws: TestGateway[] = [];
  const config = () => ({
    limits: { key_rpm: 100_000, model_rpm: 100_000 },
    providers: [{ id: 'openai-up', protocol: 'openai', base_url: `${upstream.url}/v1`, api_key: 'sk-openai-upstream' }],
    models: [{ id: 'openai/gpt-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] }],
  });

  before(async () => {
    db = await createPgTestDatabase();
    upstream = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    for (let i = 0; i < 2; i++) gws.push(await startTestGateway(config(), { store: await openPostgresStore(db.url, { poolSize: 2 }) }));
  });
  after(async () => {
    if (gws[0]) assert.deepEqual(await gws[0].store.ledger.check(Date.now(), { openHolds: true }), [], 'the ledger balances and no hold is left open');
    for (const gw of gws) await gw.close();
    await upstream?.close();
    await db?.drop();
  });

  it('continues a conversation through previous_response_id on another instance, for its own account only', async () => {
    const [one, two] = gws;
    assert.ok(one.store.responses && two.store.responses, 'the postgres store keeps responses');
    const onOne = new OpenAI({ baseURL: `${one.url}/v1`, apiKey: one.key, maxRetries: 0 });
    const onTwo = new OpenAI({ baseURL: `${two.url}/v1`, apiKey: one.key, maxRetries: 0 }); // the same key, the other instance

    const first = await onOne.responses.create({ model: 'openai/gpt-test', input: 'My name is Ada.' });
    const second = await onTwo.responses.create({ model: 'openai/gpt-test', input: 'What is my name?', previous_response_id: first.id });
    assert.equal(second.previous_response_id, first.id);
    assert.deepEqual(upstream.last!.body.messages, [
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'echo: My name is Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);

    // a streamed turn on the second instance, read back and continued on the first
    const stream = await onTwo.responses.create({ model: 'openai/gpt-test', input: 'And my age?', previous_response_id: second.id, stream: true });
    let third: any;
    for await (const e of stream) if (e.type === 'response.completed') third = e.response;
    const got = await onOne.responses.retrieve(third.id);
    assert.deepEqual([got.id, got.output], [third.id, third.output]);
    await onOne.responses.create({ model: 'openai/gpt-test', input: 'Thanks', previous_response_id: third.id });
    assert.equal(upstream.last!.body.messages.length, 7);

    // the second instance's own account (another account on the same database) sees none of it
    const other = new OpenAI({ baseURL: `${two.url}/v1`, apiKey: two.key, maxRetries: 0 });
    await assert.rejects(other.responses.retrieve(first.id), (e: any) => e.status === 404);
    await assert.rejects(other.responses.create({ model: 'openai/gpt-test', input: 'x', previous_response_id: first.id }), (e: any) => e.status === 404 && e.error?.type === 'not_found');
  });
});
