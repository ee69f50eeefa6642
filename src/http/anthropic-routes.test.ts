import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { MockUpstreamServer, json } from '../testing/mock-upstream-server.js';
import { FAKE_SIGNATURE } from '../testing/anthropic-upstream-handler.js';
import type { TestGateway } from '../testing/start-test-gateway.js';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from '../testing/start-two-upstream-gateway.js';

// End to end over real sockets with the official SDKs: Anthropic client ↔ Anthropic and
// OpenAI upstreams, and OpenAI client ↔ Anthropic upstream.
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
const tools = [{ name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];

/** Reads a raw Anthropic SSE body into its events and checks the sequence is well formed. */
function checkEventSequence(text: string): Array<{ event: string; data: any }> {
  const events = text.split('\n\n').filter(Boolean).map((frame) => {
    const event = /^event: (.+)$/m.exec(frame)?.[1] ?? '';
    const data = JSON.parse(/^data: (.+)$/m.exec(frame)?.[1] ?? 'null');
    assert.equal(data.type, event, 'event name matches data.type');
    return { event, data };
  });
  const names = events.map((e) => e.event).filter((n) => n !== 'ping');
  assert.equal(names[0], 'message_start');
  assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
  const open = new Set<number>();
  let next = 0;
  for (const e of events) {
    if (e.event === 'content_block_start') {
      assert.equal(e.data.index, next++, 'indexes are sequential');
      open.add(e.data.index);
    } else if (e.event === 'content_block_delta') assert.ok(open.has(e.data.index), 'delta inside an open block');
    else if (e.event === 'content_block_stop') assert.ok(open.delete(e.data.index), 'stop of an open block');
  }
  assert.equal(open.size, 0, 'every block closed');
  return events;
}

describe('Anthropic Messages end to end (@anthropic-ai/sdk and openai SDK)', () => {
  let anthropicUp: MockUpstreamServer;
  let openaiUp: MockUpstreamServer;
  let both: TwoUpstreamGateway;
  let gw: TestGateway;
  let claude: Anthropic;
  let openai: OpenAI;

  before(async () => {
    ({ gw, anthropicUp, openaiUp } = both = await startTwoUpstreamGateway([
      { id: 'anthropic/claude-test', aliases: ['claude-test'], max_output_tokens: 4096, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      { id: 'openai/gpt-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
      { id: 'anthropic/claude-sonnet-4-5', aliases: ['claude-sonnet-4-5-20250929'], max_output_tokens: 64000, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'served-by-openai' }] },
    ]));
    claude = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: gw.key, maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
  });
  after(() => both.close());

  it('Anthropic client → Anthropic upstream: text, usage with cache tokens, headers forwarded', async () => {
    const { data, response } = await claude.messages
      .create({ model: 'anthropic/claude-test', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] }, { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' } })
      .withResponse();
    assert.equal(data.content[0].type, 'text');
    assert.equal((data.content[0] as any).text, 'echo: Hello');
    assert.equal(data.model, 'anthropic/claude-test');
    assert.equal(data.stop_reason, 'end_turn');
    assert.deepEqual(
      { i: data.usage.input_tokens, o: data.usage.output_tokens, r: data.usage.cache_read_input_tokens, w: data.usage.cache_creation_input_tokens },
      { i: 1000, o: 300, r: 500, w: 200 },
    );
    assert.equal(data.id, response.headers.get('x-chuizi-generation-id'));
    const sent = anthropicUp.last!;
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-upstream');
    assert.ok(sent.headers['anthropic-version']);
    assert.equal(sent.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
    assert.equal(sent.body.model, 'claude-upstream');
  });

  it('streams in Anthropic’s exact event sequence, with thinking signatures and tool use', async () => {
    const stream = claude.messages.stream({
      model: 'claude-test', max_tokens: 2048, tools, thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'weather in Paris?' }],
    });
    const final = await stream.finalMessage();
    const kinds = final.content.map((b) => b.type);
    assert.deepEqual(kinds, ['thinking', 'text', 'tool_use']);
    assert.equal((final.content[0] as any).signature, FAKE_SIGNATURE);
    const use = final.content[2] as any;
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'Paris' });
    assert.equal(final.stop_reason, 'tool_use');

    // the raw stream is well formed
    const raw = await fetch(`${gw.url}/anthropic/v1/messages`, {
      method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-test', max_tokens: 2048, stream: true, tools, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'weather?' }] }),
    });
    checkEventSequence(await raw.text());

    // the thinking block with its signature and the tool result go back upstream intact
    await claude.messages.create({
      model: 'claude-test', max_tokens: 2048, tools, thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: final.content as any },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] },
      ],
    });
    const history = anthropicUp.last!.body.messages;
    assert.deepEqual(history[1].content[0], { type: 'thinking', thinking: 'Let me think.', signature: FAKE_SIGNATURE });
    assert.equal(history[1].content[2].type, 'tool_use');
    assert.equal(history[2].content[0].type, 'tool_result');
    assert.equal(history[2].content[0].tool_use_id, use.id);
  });

  it('Anthropic client → OpenAI upstream: translated both ways, streamed tool calls included', async () => {
    const res = await claude.messages.create({ model: 'openai/gpt-test', max_tokens: 1000, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi there' }] });
    assert.equal((res.content[0] as any).text, 'echo: Hi there');
    assert.equal(res.usage.input_tokens, 2000);
    assert.equal(res.usage.output_tokens, 500);
    const sent = openaiUp.last!.body;
    assert.equal(sent.model, 'gpt-upstream');
    assert.deepEqual(sent.messages[0], { role: 'system', content: 'Be brief.' });
    assert.equal(sent.max_tokens, 1000);

    const stream = claude.messages.stream({ model: 'openai/gpt-test', max_tokens: 200, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const final = await stream.finalMessage();
    const use = final.content.find((b) => b.type === 'tool_use') as any;
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'Paris' });
    assert.equal(final.stop_reason, 'tool_use');
    assert.equal(openaiUp.last!.body.tools[0].function.name, 'get_weather');
  });

  it('OpenAI client → Anthropic upstream: text, tool calls streamed, cached tokens, long system prompt cached', async () => {
    const system = 'You are a careful assistant. '.repeat(120); // > 3000 characters
    const res = await openai.chat.completions.create({ model: 'anthropic/claude-test', messages: [{ role: 'system', content: system }, { role: 'user', content: 'Hello' }] });
    assert.equal(res.choices[0].message.content, 'echo: Hello');
    assert.equal(res.usage?.prompt_tokens, 1700);
    assert.equal(res.usage?.prompt_tokens_details?.cached_tokens, 500);
    assert.equal(res.usage?.completion_tokens, 300);
    const sent = anthropicUp.last!.body;
    assert.equal(sent.system[sent.system.length - 1].cache_control.type, 'ephemeral');
    assert.equal(sent.max_tokens, 4096, 'the model’s output limit when the client set none');

    const short = await openai.chat.completions.create({ model: 'anthropic/claude-test', messages: [{ role: 'system', content: 'Short.' }, { role: 'user', content: 'x' }] });
    assert.ok(short);
    assert.equal(JSON.stringify(anthropicUp.last!.body).includes('cache_control'), false, 'short system prompts are left alone');

    const stream = await openai.chat.completions.create({ model: 'anthropic/claude-test', stream: true, tools: [{ type: 'function', function: { name: 'get_weather', parameters: tools[0].input_schema } }], messages: [{ role: 'user', content: 'weather?' }] });
    let args = '';
    let name = '';
    let finish = '';
    let last: any;
    for await (const chunk of stream) {
      const tc = chunk.choices[0]?.delta?.tool_calls?.[0];
      if (tc?.function?.name) name = tc.function.name;
      args += tc?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      last = chunk;
    }
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { city: 'Paris' });
    assert.equal(finish, 'tool_calls');
    assert.equal(last.usage.prompt_tokens, 1700);
    assert.equal(last.x_chuizi.cost, '0.00882000');
  });

  it('charges identical usage identically through /v1 and /anthropic, streamed or not', async () => {
    // 1000 plain in × $3 + 500 cache read × $0.30 + 200 cache write × $3.75 + 300 out × $15 = $0.0084 → × 1.05
    const costs: string[] = [];
    const genCost = async (id: string | null) => (await (await fetch(`${gw.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${gw.key}` } })).json()).data.cost;
    for (const stream of [false, true]) {
      const viaAnthropic = await fetch(`${gw.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-test', max_tokens: 1000, stream, messages: [{ role: 'user', content: 'x' }] }) });
      await viaAnthropic.text();
      costs.push(await genCost(viaAnthropic.headers.get('x-chuizi-generation-id')));
      const viaOpenai = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-test', max_tokens: 1000, stream, messages: [{ role: 'user', content: 'x' }] }) });
      await viaOpenai.text();
      costs.push(await genCost(viaOpenai.headers.get('x-chuizi-generation-id')));
    }
    assert.deepEqual(costs, ['0.00882000', '0.00882000', '0.00882000', '0.00882000']);
  });

  it('renders errors in the Anthropic envelope: 401, 402, 404, 429, and 529 from upstream', async () => {
    const expectError = async (p: Promise<unknown>, status: number, type: string) => {
      await assert.rejects(p, (e: any) => {
        assert.equal(e.status, status);
        assert.equal(e.error.type, 'error');
        assert.equal(e.error.error.type, type);
        assert.ok(e.error.error.message);
        return true;
      });
    };
    const bad = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: 'ck-' + 'y'.repeat(32), maxRetries: 0 });
    await expectError(bad.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), 401, 'authentication_error');
    const poor = await gw.newAccount(1000);
    const poorClient = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: poor.key, maxRetries: 0 });
    await expectError(poorClient.messages.create({ model: 'claude-test', max_tokens: 1000, messages: [{ role: 'user', content: 'x' }] }), 402, 'insufficient_quota');
    await expectError(claude.messages.create({ model: 'nope/none', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), 404, 'not_found');
    const limited = await gw.newAccount(100_000_000, { rpmLimit: 1 });
    const limitedClient = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: limited.key, maxRetries: 0 });
    await limitedClient.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    await expectError(limitedClient.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), 429, 'rate_limit_error');
    anthropicUp.next((_, res) => json(res, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    await expectError(claude.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), 503, 'service_unavailable');
    const junk = await fetch(`${gw.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: '{"model":' });
    assert.equal(junk.status, 400);
    assert.equal((await junk.json()).error.type, 'invalid_request_error');
    const route = await fetch(`${gw.url}/anthropic/v1/nothing`, { headers: { 'x-api-key': gw.key } });
    assert.equal(route.status, 404);
    assert.equal((await route.json()).type, 'error');
  });

  it('counts tokens for free and lists models in Anthropic shape', async () => {
    const before = (await gw.store.accounts.get(gw.accountId))!.balance;
    const count = await claude.messages.countTokens({ model: 'claude-test', messages: [{ role: 'user', content: 'Hello, how are you today?' }], tools });
    assert.ok(count.input_tokens > 5 && count.input_tokens < 200);
    const cc = fixture('claude-code-count-tokens.json');
    const res = await fetch(`${gw.url}/anthropic${cc.path}`, { method: 'POST', headers: { ...cc.headers, 'x-api-key': gw.key }, body: JSON.stringify(cc.body) });
    assert.equal(res.status, 200);
    assert.ok((await res.json()).input_tokens > 0);
    assert.equal((await gw.store.accounts.get(gw.accountId))!.balance, before, 'not billed');
    const models = await claude.models.list();
    assert.ok(models.data.some((m) => m.id === 'anthropic/claude-test'));
  });

  it('replays a realistic Claude Code turn through an OpenAI-compatible upstream', async () => {
    const cc = fixture('claude-code-2.0-main-later-turn.json');
    const res = await fetch(`${gw.url}/anthropic${cc.path}`, { method: 'POST', headers: { ...cc.headers, 'x-api-key': gw.key, 'accept-encoding': 'identity' }, body: JSON.stringify(cc.body) });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = checkEventSequence(await res.text());
    // the fake upstream answers this turn (tools offered, last message a user text) with a tool call
    const use = events.find((e) => e.event === 'content_block_start' && e.data.content_block.type === 'tool_use');
    assert.equal(use?.data.content_block.name, cc.body.tools[0].name);
    const args = events.filter((e) => e.data.delta?.type === 'input_json_delta').map((e) => e.data.delta.partial_json).join('');
    assert.deepEqual(JSON.parse(args), { city: 'Paris' });
    assert.equal(events.find((e) => e.event === 'message_delta')!.data.delta.stop_reason, 'tool_use');
    const sent = openaiUp.last!.body;
    assert.equal(sent.model, 'served-by-openai');
    assert.equal(sent.tools.length, 19);
    assert.equal(sent.stream, true);
    assert.equal(sent.messages[0].role, 'system');
    const toolMsgs = sent.messages.filter((m: any) => m.role === 'tool');
    assert.ok(toolMsgs.length >= 2, 'tool_result blocks became tool messages');
    const withCalls = sent.messages.filter((m: any) => m.role === 'assistant' && m.tool_calls?.length >= 2);
    assert.ok(withCalls.length >= 1, 'parallel tool_use became parallel tool_calls');
    for (const m of toolMsgs) assert.ok(sent.messages.some((a: any) => a.tool_calls?.some((c: any) => c.id === m.tool_call_id)), 'every tool result answers a call');
    assert.match(res.headers.get('x-chuizi-warnings') ?? '', /./, 'what could not be translated is listed');
  });

  it('keeps the ledger sound', async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});
