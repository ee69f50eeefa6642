import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MockUpstreamServer, json, sse } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';

// End to end over real sockets: the official `openai` SDK → gateway → a fake OpenAI upstream.
describe('OpenAI Chat Completions end to end (openai SDK)', () => {
  let upstream: MockUpstreamServer;
  let backup: MockUpstreamServer;
  let gw: TestGateway;
  let client: OpenAI;

  before(async () => {
    upstream = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    backup = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    gw = await startTestGateway({
      upstream: { timeout_seconds: 0.5 },
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1`, api_key: 'sk-upstream-secret' },
        { id: 'backup', protocol: 'openai', base_url: `${backup.url}/v1`, api_key: 'sk-backup-secret' },
      ],
      models: [
        { id: 'openai/gpt-4.1', aliases: ['gpt-4.1'], max_output_tokens: 1000, price: { input: 3, output: 15 }, routes: [{ provider: 'up', model: 'gpt-4.1-upstream' }] },
        { id: 'test/failover', max_output_tokens: 1000, price: { input: 3, output: 15 }, routes: [{ provider: 'up', model: 'first' }, { provider: 'backup', model: 'second' }] },
      ],
    });
    client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
  });
  // Breaker state (routing/) is not carried from one test's faults to the next.
  beforeEach(() => gw?.resetHealth());
  after(async () => {
    await gw.close();
    await upstream.close();
    await backup.close();
  });

  it('answers a non-streaming call and charges upstream usage × 1.05, rounded up', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'Hello there' }] }).withResponse();
    assert.equal(data.choices[0].message.content, 'echo: Hello there');
    assert.equal(data.model, 'openai/gpt-4.1');
    const genId = response.headers.get('x-chuizi-generation-id');
    assert.match(genId ?? '', /^gen-[A-Za-z0-9]{24}$/);
    assert.equal(data.id, genId);
    assert.ok(response.headers.get('x-request-id'));
    // 2000 in × $3/M + 500 out × $15/M = $0.0135 upstream → × 1.05 = $0.014175
    const x = (data as any).x_chuizi;
    assert.equal(x.cost, '0.01417500');
    assert.equal(x.generation_id, genId);
    assert.equal(data.usage?.prompt_tokens, 2000);
    assert.equal(data.usage?.completion_tokens, 500);
    const sent = upstream.last!;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.body.model, 'gpt-4.1-upstream');
    assert.equal(sent.headers.authorization, 'Bearer sk-upstream-secret');
  });

  it('accepts a bare alias and the key in x-api-key', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'alias' }] }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.model, 'gpt-4.1');
  });

  it('streams, always asks the upstream for usage, and ends with usage and x_chuizi', async () => {
    const { data: stream, response } = await client.chat.completions.create({ model: 'openai/gpt-4.1', stream: true, messages: [{ role: 'user', content: 'one two three' }] }).withResponse();
    const genId = response.headers.get('x-chuizi-generation-id');
    let text = '';
    let last: any;
    for await (const chunk of stream) {
      assert.equal(chunk.id, genId);
      text += chunk.choices[0]?.delta?.content ?? '';
      last = chunk;
    }
    assert.equal(text, 'echo: one two three');
    assert.equal(last.usage.prompt_tokens, 2000);
    assert.equal(last.x_chuizi.cost, '0.01417500');
    assert.deepEqual(upstream.last!.body.stream_options, { include_usage: true });
  });

  it('passes tools through and returns tool calls, streamed and not', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const res = await client.chat.completions.create({ model: 'openai/gpt-4.1', tools, tool_choice: 'auto', messages: [{ role: 'user', content: 'weather?' }] });
    assert.equal(res.choices[0].finish_reason, 'tool_calls');
    const call = res.choices[0].message.tool_calls![0] as any;
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    assert.deepEqual(upstream.last!.body.tools, tools);

    const stream = await client.chat.completions.create({ model: 'openai/gpt-4.1', tools, stream: true, messages: [{ role: 'user', content: 'weather?' }] });
    let args = '';
    let name = '';
    let finish = '';
    for await (const chunk of stream) {
      const tc = chunk.choices[0]?.delta?.tool_calls?.[0];
      if (tc?.function?.name) name = tc.function.name;
      args += tc?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, 'get_weather');
    assert.equal(args, '{"city":"Paris"}');
    assert.equal(finish, 'tool_calls');

    // the tool result turn goes back upstream intact
    await client.chat.completions.create({
      model: 'openai/gpt-4.1', tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_abc123', content: 'sunny' },
      ],
    });
    const sentMsgs = upstream.last!.body.messages;
    assert.equal(sentMsgs[1].tool_calls[0].id, 'call_abc123');
    assert.equal(sentMsgs[2].role, 'tool');
    assert.equal(sentMsgs[2].tool_call_id, 'call_abc123');
  });

  it('passes images and JSON mode through', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await client.chat.completions.create({
      model: 'openai/gpt-4.1',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } } },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'low' } }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
    });
    const sent = upstream.last!.body;
    assert.equal(sent.response_format.type, 'json_schema');
    assert.equal(sent.response_format.json_schema.name, 'answer');
    const parts = sent.messages[0].content;
    assert.equal(parts[1].image_url.url, `data:image/png;base64,${png}`);
    assert.equal(parts[1].image_url.detail, 'low');
    assert.equal(parts[2].image_url.url, 'https://example.com/cat.png');
    await client.chat.completions.create({ model: 'openai/gpt-4.1', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'json please' }] });
    assert.deepEqual(upstream.last!.body.response_format, { type: 'json_object' });
  });

  it('renders errors in the OpenAI envelope: 401, 404, 402', async () => {
    const bad = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'ck-' + 'x'.repeat(32), maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] }), (e: any) => {
      assert.equal(e.status, 401);
      assert.equal(e.error.type, 'authentication_error');
      assert.equal(e.error.code, '401');
      assert.equal(e.error.message, 'Invalid API key');
      assert.match(e.headers.get('x-chuizi-generation-id'), /^gen-/);
      return true;
    });
    await assert.rejects(client.chat.completions.create({ model: 'nope/nothing', messages: [{ role: 'user', content: 'x' }] }), (e: any) => {
      assert.equal(e.status, 404);
      assert.equal(e.error.type, 'not_found');
      assert.equal(e.error.code, '404');
      return true;
    });
    const poor = await gw.newAccount(100_000); // $0.001
    const poorClient = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: poor.key, maxRetries: 0 });
    const before = upstream.requests.length;
    await assert.rejects(poorClient.chat.completions.create({ model: 'openai/gpt-4.1', max_tokens: 1000, messages: [{ role: 'user', content: 'x' }] }), (e: any) => {
      assert.equal(e.status, 402);
      assert.equal(e.error.type, 'insufficient_quota');
      assert.equal(e.error.code, '402');
      assert.match(e.error.message, /^Insufficient balance\. Current: \$0\.00, Required: \$0\.02$/);
      return true;
    });
    assert.equal(upstream.requests.length, before, 'a refused call never reaches the upstream');
  });

  it('lowers the output limit instead of refusing when the client set none', async () => {
    const small = await gw.newAccount(1_000_000); // $0.01: cannot cover 1000 output tokens at $15.75/M + input
    const c = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: small.key, maxRetries: 0 });
    const { data, response } = await c.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(data.choices[0].message.content, 'echo: hi');
    assert.match(response.headers.get('x-chuizi-warnings') ?? '', /max output tokens lowered to \d+/);
    const limit = upstream.last!.body.max_tokens;
    assert.ok(limit >= 1 && limit < 1000);
  });

  it('maps upstream errors: 400 → 400, 401 → 502, 429 → 429 with Retry-After, 500 → 502, timeout → 504', async () => {
    const cases: Array<[number, object, number, string]> = [
      [400, { error: { message: "Invalid parameter 'temperature'", type: 'invalid_request_error' } }, 400, 'invalid_request_error'],
      [401, { error: { message: 'Incorrect API key provided: sk-upstr****cret' } }, 502, 'upstream_error'],
      [429, { error: { message: 'slow down' } }, 429, 'rate_limit_error'],
      [500, { error: { message: 'boom at 10.0.0.7' } }, 502, 'upstream_error'],
      [503, { error: { message: 'overloaded' } }, 503, 'service_unavailable'],
    ];
    for (const [upStatus, upBody, status, type] of cases) {
      gw.resetHealth(); // each case is one call's mapping, not a run of failures (routing.test.ts covers breakers)
      upstream.next((_, res) => json(res, upStatus, upBody, upStatus === 429 ? { 'retry-after': '7' } : {}));
      const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] }) });
      assert.equal(res.status, status, `upstream ${upStatus}`);
      const body = await res.json();
      assert.equal(body.error.type, type);
      assert.equal(body.error.code, String(status));
      const text = JSON.stringify(body);
      assert.doesNotMatch(text, /sk-upstr|10\.0\.0\.7|127\.0\.0\.1/, 'upstream secrets and hosts never reach the client');
      if (status === 429) assert.equal(res.headers.get('retry-after'), '7');
    }
    gw.resetHealth();
    upstream.next(() => undefined); // never answers
    const t0 = Date.now();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(res.status, 504);
    const body = await res.json();
    assert.equal(body.error.type, 'timeout');
    assert.match(body.error.message, /^Request timed out after \d+ seconds$/);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('fails over to the next route on 5xx, without a second hold', async () => {
    upstream.next((_, res) => json(res, 500, { error: { message: 'down' } }));
    const { data, response } = await client.chat.completions.create({ model: 'test/failover', messages: [{ role: 'user', content: 'failover' }] }).withResponse();
    assert.equal(data.choices[0].message.content, 'echo: failover');
    assert.equal(backup.last!.body.model, 'second');
    const gen = await (await fetch(`${gw.url}/v1/generation?id=${response.headers.get('x-chuizi-generation-id')}`, { headers: { authorization: `Bearer ${gw.key}` } })).json();
    assert.equal(gen.data.provider, 'backup');
    assert.equal(gen.data.cost, '0.01417500');
  });

  it('reports key info and generations of the caller only', async () => {
    const acct = await gw.newAccount(100_000_000); // $1
    const c = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: acct.key, maxRetries: 0 });
    const { response } = await c.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    const genId = response.headers.get('x-chuizi-generation-id')!;
    const info = await (await fetch(`${gw.url}/v1/key/info`, { headers: { authorization: `Bearer ${acct.key}` } })).json();
    assert.equal(info.data.balance, '0.98582500');
    assert.equal(info.data.held, '0.00000000');
    assert.equal(info.data.spent_today, '0.01417500');
    assert.equal(info.data.usage_today.requests, 1);
    assert.equal(info.data.usage_today.input_tokens, 2000);
    assert.equal(info.data.rpm_limit, 100_000);
    assert.equal(info.data.currency, 'USD');
    const gen = await (await fetch(`${gw.url}/v1/generation?id=${genId}`, { headers: { authorization: `Bearer ${acct.key}` } })).json();
    assert.deepEqual(
      { status: gen.data.status, input: gen.data.input_tokens, output: gen.data.output_tokens, cost: gen.data.cost, upstream: gen.data.upstream_cost, source: gen.data.usage_source, model: gen.data.model, protocol: gen.data.protocol, streamed: gen.data.streamed },
      { status: 'completed', input: 2000, output: 500, cost: '0.01417500', upstream: '0.01350000', source: 'upstream', model: 'openai/gpt-4.1', protocol: 'openai', streamed: false },
    );
    const foreign = await fetch(`${gw.url}/v1/generation?id=${genId}`, { headers: { authorization: `Bearer ${gw.key}` } });
    assert.equal(foreign.status, 404);
    assert.equal((await foreign.json()).error.type, 'not_found');
  });

  it('lists the models with prices including markup', async () => {
    const list = await client.models.list();
    const m = list.data.find((x) => x.id === 'openai/gpt-4.1') as any;
    assert.ok(m);
    assert.deepEqual(m.pricing, { input: '3.15', output: '15.75', cache_read: '3.15', cache_write: '3.15', unit: 'token' });
  });

  it('bills what was delivered when the client disconnects mid-stream', async () => {
    const acct = await gw.newAccount(100_000_000);
    const frames = Array.from({ length: 50 }, (_, i) => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `word${i} ` }, finish_reason: null }] })}\n\n`);
    upstream.next((_, res) => sse(res, frames, 20));
    const controller = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', signal: controller.signal, headers: { authorization: `Bearer ${acct.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4.1', stream: true, messages: [{ role: 'user', content: 'long story' }] }) });
    const genId = res.headers.get('x-chuizi-generation-id')!;
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    let gen: any;
    for (let i = 0; i < 100; i++) {
      gen = await (await fetch(`${gw.url}/v1/generation?id=${genId}`, { headers: { authorization: `Bearer ${acct.key}` } })).json();
      if (gen.data.status !== 'pending') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(gen.data.status, 'cancelled');
    assert.equal(gen.data.usage_source, 'estimated');
    assert.ok(gen.data.output_tokens > 0, 'delivered tokens are billed');
    assert.ok(gen.data.input_tokens > 0);
    assert.notEqual(gen.data.cost, '0.00000000');
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
    const info = await (await fetch(`${gw.url}/v1/key/info`, { headers: { authorization: `Bearer ${acct.key}` } })).json();
    assert.equal(info.data.held, '0.00000000');
  });

  it('keeps the ledger sound after everything above', async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});
