import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from '../testing/start-two-upstream-gateway.js';
import { chargedUnits, expectChargedOnce } from '../testing/expect-charged-once.js';
import { json } from '../testing/mock-upstream-server.js';
import { startTestGateway } from '../testing/start-test-gateway.js';
import { waitSettled } from '../testing/wait-settled.js';

// End to end over real sockets: the official `openai` SDK's responses API → gateway → mock
// OpenAI Chat and Anthropic upstreams. Every call checks the wallet was charged once, by an
// amount computed here from the mocks' usage and the configured prices.
const OPENAI_COST = chargedUnits([[2000, 3], [500, 15]]); // FAKE_USAGE: 2000 in, 500 out
const ANTHROPIC_COST = chargedUnits([[1000, 3], [300, 15], [500, 0.3], [200, 3.75]]); // 1000 in, 300 out, 500 cache read, 200 cache write

const MODELS = [
  { id: 'openai/gpt-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
  { id: 'anthropic/claude-test', max_output_tokens: 4096, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
];
const TOOLS = [{ type: 'function' as const, name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }];

describe('OpenAI Responses API end to end (openai SDK)', () => {
  let t: TwoUpstreamGateway;

  before(async () => {
    t = await startTwoUpstreamGateway(MODELS);
  });
  after(async () => {
    assert.deepEqual(await t.gw.store.ledger.check(Date.now(), { openHolds: true }), [], 'the ledger balances and no hold is left open');
    await t.close();
  });

  /** A fresh funded account, its SDK client and its balance. */
  const account = async () => {
    const a = await t.gw.newAccount(1_000_000_000);
    return { ...a, client: new OpenAI({ baseURL: `${t.gw.url}/v1`, apiKey: a.key, maxRetries: 0 }), balance: 1_000_000_000 };
  };

  for (const [model, upstream, cost] of [['openai/gpt-test', 'OpenAI', OPENAI_COST], ['anthropic/claude-test', 'Anthropic', ANTHROPIC_COST]] as const) {
    it(`answers a non-streaming call on the ${upstream} upstream, charged once`, async () => {
      const a = await account();
      const { data, response } = await a.client.responses.create({ model, input: 'Hello there', instructions: 'Be brief.' }).withResponse();
      const genId = response.headers.get('x-chuizi-generation-id') ?? '';
      assert.equal(data.output_text, 'echo: Hello there');
      assert.equal(data.id, `resp_${genId.slice(4)}`);
      assert.equal(data.object, 'response');
      assert.equal(data.status, 'completed');
      assert.equal(data.model, model);
      assert.equal(data.instructions, 'Be brief.');
      assert.ok(data.usage && data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
      assert.equal(data.usage.total_tokens, data.usage.input_tokens + data.usage.output_tokens);
      const g = await expectChargedOnce(t.gw.store, a.accountId, genId, cost, a.balance);
      assert.equal(g.protocol, 'openai-responses');
      assert.equal((data as any).x_chuizi.generation_id, genId);
      // instructions reach the upstream as its system prompt
      if (upstream === 'OpenAI') assert.deepEqual(t.openaiUp.last!.body.messages[0], { role: 'system', content: 'Be brief.' });
      else assert.match(JSON.stringify(t.anthropicUp.last!.body.system), /Be brief\./);
    });

    it(`streams the typed events on the ${upstream} upstream, ending with usage, charged once`, async () => {
      const a = await account();
      const { data: stream, response } = await a.client.responses.create({ model, input: 'one two three', stream: true }).withResponse();
      const types: string[] = [];
      let text = '';
      let completed: any;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') completed = event.response;
      }
      assert.equal(text, 'echo: one two three');
      assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
      assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
      assert.equal(completed.output[0].content[0].text, 'echo: one two three');
      assert.ok(completed.usage.input_tokens > 0);
      const genId = response.headers.get('x-chuizi-generation-id') ?? '';
      assert.equal(completed.x_chuizi.generation_id, genId);
      await expectChargedOnce(t.gw.store, a.accountId, genId, cost, a.balance);
    });

    it(`calls function tools and reads their results on the ${upstream} upstream (stream and not)`, async () => {
      const a = await account();
      const first = await a.client.responses.create({ model, input: 'weather in Paris?', tools: TOOLS, parallel_tool_calls: false });
      const call = first.output.find((o) => o.type === 'function_call');
      assert.ok(call && call.type === 'function_call');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });

      // the SDK's stream helper accumulates the argument deltas into the final response
      const runner = a.client.responses.stream({ model, input: 'weather in Paris?', tools: TOOLS });
      let args = '';
      runner.on('response.function_call_arguments.delta', (e) => (args += e.delta));
      const final = await runner.finalResponse();
      const streamed = final.output.find((o) => o.type === 'function_call');
      assert.ok(streamed && streamed.type === 'function_call');
      assert.equal(args, '{"city":"Paris"}');
      assert.equal(streamed.arguments, '{"city":"Paris"}');

      const answer = await a.client.responses.create({
        model, tools: TOOLS,
        input: [
          { role: 'user', content: 'weather in Paris?' },
          { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
        ],
      });
      assert.equal(answer.output_text, 'echo: weather in Paris?');
      if (upstream === 'OpenAI') {
        const sent = t.openaiUp.last!.body.messages;
        assert.equal(sent[1].tool_calls[0].id, call.call_id);
        assert.deepEqual(sent[2], { role: 'tool', tool_call_id: call.call_id, content: 'sunny' });
        assert.equal(t.openaiUp.last!.body.tools[0].function.strict, true);
      } else {
        const sent = t.anthropicUp.last!.body.messages;
        assert.equal(sent[1].content[0].type, 'tool_use');
        assert.equal(sent[2].content[0].type, 'tool_result');
        assert.equal(sent[2].content[0].tool_use_id, call.call_id);
      }
    });

    it(`passes text.format json_schema, reasoning.effort and max_output_tokens to the ${upstream} upstream`, async () => {
      const a = await account();
      const format = { type: 'json_schema' as const, name: 'city', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } };
      const res = await a.client.responses.create({ model, input: 'a city', text: { format }, max_output_tokens: 300, reasoning: { effort: 'low' } });
      assert.deepEqual(res.text?.format, format);
      assert.equal(res.max_output_tokens, 300);
      if (upstream === 'OpenAI') {
        const body = t.openaiUp.last!.body;
        assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'city', schema: format.schema, strict: true } });
        assert.equal(body.max_tokens, 300);
        assert.equal(body.reasoning_effort, 'low');
      } else {
        const body = t.anthropicUp.last!.body;
        assert.equal(body.max_tokens, 300);
        assert.match(JSON.stringify(body.system), /JSON/);
      }
    });
  }

  it('continues a conversation through previous_response_id, for its own account only', async () => {
    const a = await account();
    const first = await a.client.responses.create({ model: 'openai/gpt-test', input: 'My name is Ada.', instructions: 'first instructions' });
    const second = await a.client.responses.create({ model: 'openai/gpt-test', input: 'What is my name?', previous_response_id: first.id });
    assert.equal(second.previous_response_id, first.id);
    const sent = t.openaiUp.last!.body.messages;
    // instructions are not carried over (as OpenAI does); the conversation is
    assert.deepEqual(sent, [
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'echo: My name is Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    // a streamed turn is kept before its last event: the next call finds it at once
    const stream = await a.client.responses.create({ model: 'anthropic/claude-test', input: 'And my age?', previous_response_id: second.id, stream: true });
    let third: any;
    for await (const e of stream) if (e.type === 'response.completed') third = e.response;
    const fourth = await a.client.responses.create({ model: 'anthropic/claude-test', input: 'Thanks', previous_response_id: third.id });
    assert.equal(fourth.status, 'completed');
    assert.equal(t.anthropicUp.last!.body.messages.length, 7);

    // read back
    const got = await a.client.responses.retrieve(third.id);
    assert.deepEqual(got.output, third.output);
    assert.equal(got.id, third.id);

    // another account: 404 for both, no difference between unknown and foreign
    const b = await account();
    for (const id of [first.id, 'resp_unknown0000000000000000000']) {
      await assert.rejects(b.client.responses.create({ model: 'openai/gpt-test', input: 'x', previous_response_id: id }), (e: any) => e.status === 404 && e.error?.type === 'not_found');
      await assert.rejects(b.client.responses.retrieve(id), (e: any) => e.status === 404);
    }
    // store: false keeps nothing
    const unstored = await a.client.responses.create({ model: 'openai/gpt-test', input: 'x', store: false });
    await assert.rejects(a.client.responses.retrieve(unstored.id), (e: any) => e.status === 404);
  });

  it('answers errors in the OpenAI envelope: bad input 400, unknown model 404, bad key 401', async () => {
    const a = await account();
    await assert.rejects(a.client.responses.create({ model: 'openai/gpt-test', input: 42 as any }), (e: any) => e.status === 400 && e.error.type === 'invalid_request_error' && /input/.test(e.error.message));
    await assert.rejects(a.client.responses.create({ model: 'nope/none', input: 'x' }), (e: any) => e.status === 404 && e.error.type === 'not_found');
    const bad = new OpenAI({ baseURL: `${t.gw.url}/v1`, apiKey: 'ck-wrongwrongwrongwrongwrongwrongwr', maxRetries: 0 });
    await assert.rejects(bad.responses.create({ model: 'openai/gpt-test', input: 'x' }), (e: any) => e.status === 401 && e.error.type === 'authentication_error');
    await assert.rejects(a.client.responses.create({ model: 'openai/gpt-test', input: [{ type: 'function_call_output', output: 'x' } as any] }), (e: any) => e.status === 400 && /call_id/.test(e.error.message));
    const malformed = await fetch(`${t.gw.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' }, body: '{"model":' });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.type, 'invalid_request_error');
  });

  it('answers an upstream failure with a 502 in the envelope before a stream starts, and in-band after, never charging for nothing', async () => {
    const a = await account();
    t.openaiUp.next((_req, res) => json(res, 500, { error: { message: 'internal upstream detail sk-secret' } }));
    const { response } = await a.client.responses.create({ model: 'openai/gpt-test', input: 'x', stream: true }).withResponse().catch((e: any) => ({ response: e }));
    assert.equal(response.status, 502);
    assert.equal(response.error.type, 'upstream_error');
    assert.doesNotMatch(JSON.stringify(response.error), /sk-secret|internal upstream/);
    const genId = response.headers.get('x-chuizi-generation-id') ?? '';
    const failed = await waitSettled(t.gw.store, genId);
    assert.deepEqual([failed?.status, failed?.cost], ['failed', 0]);
    assert.equal((await t.gw.store.accounts.get(a.accountId))?.balance, a.balance);

    // after the first output: an error event, then response.failed; the SDK raises the error
    t.openaiUp.next((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'partial ' }, finish_reason: null }] })}\n\n`);
      res.end('data: {"error":{"message":"boom"}}\n\n');
    });
    const stream = await a.client.responses.create({ model: 'openai/gpt-test', input: 'x', stream: true });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const e of stream) seen.push(e.type);
    }, (e: any) => e.error?.type === 'upstream_error');
    assert.deepEqual(seen.slice(-2), ['response.content_part.added', 'response.output_text.delta']);
  });

  it('purges expired responses on the reaper round', async () => {
    const gw = await startTestGateway({ models: MODELS.slice(0, 1), providers: [{ id: 'openai-up', protocol: 'openai', base_url: `${t.openaiUp.url}/v1`, api_key: 'k' }] }, { reapIntervalMs: 20 });
    try {
      const responses = gw.store.responses ?? assert.fail('the sqlite store keeps responses');
      const past = new Date(Date.now() - 1000).toISOString();
      await responses.put({ id: 'resp_expired', accountId: gw.accountId, keyId: gw.keyId, conversation: '[]', response: '{}', createdAt: past, expiresAt: past });
      const live = new Date(Date.now() + 60_000).toISOString();
      await responses.put({ id: 'resp_live', accountId: gw.accountId, keyId: gw.keyId, conversation: '[]', response: '{}', createdAt: past, expiresAt: live });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await responses.purgeExpired(Date.now(), 100), 0, 'the reaper already deleted the expired one');
      assert.ok(await responses.get('resp_live', gw.accountId, Date.now()), 'a live one stays');
    } finally {
      await gw.close();
    }
  });

  it('refuses previous_response_id with a 400 when the store keeps no responses', async () => {
    const gw = await startTestGateway({ models: MODELS.slice(0, 1), providers: [{ id: 'openai-up', protocol: 'openai', base_url: `${t.openaiUp.url}/v1`, api_key: 'k' }] }, { wrapStore: (s) => Object.assign(Object.create(Object.getPrototypeOf(s)), s, { responses: undefined, close: () => s.close(), ping: () => s.ping() }) });
    try {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
      const res = await client.responses.create({ model: 'openai/gpt-test', input: 'x' });
      assert.equal(res.output_text, 'echo: x', 'answered, just not kept');
      await assert.rejects(client.responses.create({ model: 'openai/gpt-test', input: 'y', previous_response_id: res.id }), (e: any) => e.status === 400 && /previous_response_id/.test(e.error.message));
    } finally {
      await gw.close();
    }
  });
});
