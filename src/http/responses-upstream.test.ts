import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { MockUpstreamServer, type ScriptedReply } from '../testing/mock-upstream-server.js';
import { FAKE_ENCRYPTED_REASONING, responsesUpstreamHandler } from '../testing/responses-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { chargedUnits, expectChargedOnce } from '../testing/expect-charged-once.js';
import { parseSseText } from '../protocols/shared/test-parse-sse-text.js';

// An upstream that speaks the Responses API itself (`protocol: openai-responses`), over real
// sockets: a Responses client's tools (custom, namespaced, hosted), encrypted reasoning and calls
// reach it as they were sent; other clients are translated; every call is charged once.
interface Recorded { path: string; headers: Record<string, string>; body: Record<string, any> }
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../protocols/openai-responses/__fixtures__/${name}`, import.meta.url), 'utf8'));
const SESSION = fixture('codex-cli-responses-session.json') as Recorded[];
const CURRENT = fixture('codex-cli-0.17x-responses-request.json') as Recorded;
// FAKE_RESPONSES_USAGE: 1500 in of which 300 cached, 400 out (100 of them reasoning, priced as output)
const COST = chargedUnits([[1200, 3], [300, 0.3], [400, 15]]);
const BALANCE = 1_000_000_000;

describe('an OpenAI Responses upstream (protocol: openai-responses)', () => {
  let up: MockUpstreamServer;
  let gw: TestGateway;
  let reply: ScriptedReply | undefined;

  before(async () => {
    up = await new MockUpstreamServer(responsesUpstreamHandler(() => reply)).start();
    gw = await startTestGateway({
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [{ id: 'resp-up', protocol: 'openai-responses', base_url: `${up.url}/v1`, api_key: 'sk-responses-upstream' }],
      models: [{ id: 'openai/gpt-5-codex', aliases: ['gpt-5.1-codex'], max_output_tokens: 8000, price: { input: 3, output: 15, cache_read: 0.3 }, routes: [{ provider: 'resp-up', model: 'gpt-5-codex-upstream' }] }],
    });
  });
  after(async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), [], 'the ledger balances and no hold is left open');
    await gw.close();
    await up.close();
  });

  async function codex(req: Recorded, key: string) {
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { ...req.headers, authorization: `Bearer ${key}` }, body: JSON.stringify({ ...req.body, model: 'openai/gpt-5-codex' }) });
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 300));
    const events = parseSseText(text).map((m) => JSON.parse(m.data) as Record<string, any>);
    assert.equal(events.at(-1)?.type, 'response.completed');
    return { completed: events.at(-1)?.response, genId: res.headers.get('x-chuizi-generation-id') ?? '', warnings: res.headers.get('x-chuizi-warnings') ?? '' };
  }

  it('serves the openai SDK: function tools to /v1/responses with store false, charged once', async () => {
    const a = await gw.newAccount(BALANCE);
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: a.key, maxRetries: 0 });
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const { data, response } = await client.responses.create({ model: 'openai/gpt-5-codex', input: 'weather?', tools }).withResponse();
    const call = data.output.find((o) => o.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.deepEqual([call.name, JSON.parse(call.arguments)], ['get_weather', { city: 'Paris' }]);
    const sent = up.last!;
    assert.equal(sent.path, '/v1/responses');
    assert.equal(sent.headers.authorization, 'Bearer sk-responses-upstream');
    assert.deepEqual([sent.body.model, sent.body.store, sent.body.tools], ['gpt-5-codex-upstream', false, tools]);
    assert.deepEqual(data.usage?.input_tokens_details, { cached_tokens: 300 });
    await expectChargedOnce(gw.store, a.accountId, response.headers.get('x-chuizi-generation-id') ?? '', COST, BALANCE);
  });

  it('gives Codex the upstream\'s custom tool call and encrypted reasoning, its hosted tools run upstream (no warning)', async () => {
    const a = await gw.newAccount(BALANCE);
    reply = { toolCall: { name: 'apply_patch', input: { input: '*** Begin Patch\n*** End Patch\n' } } };
    const { completed, genId, warnings } = await codex(SESSION[0], a.key);
    reply = undefined;
    assert.deepEqual(completed.output.map((o: any) => o.type), ['reasoning', 'custom_tool_call']);
    assert.equal(completed.output[0].encrypted_content, FAKE_ENCRYPTED_REASONING);
    assert.equal(completed.output[1].input, '*** Begin Patch\n*** End Patch\n');
    assert.doesNotMatch(warnings, /hosted tool/);
    const sent = up.last!.body;
    assert.deepEqual(sent.tools, SESSION[0].body.tools, 'custom, function and web_search tools verbatim');
    assert.deepEqual(sent.include, ['reasoning.encrypted_content']);
    assert.equal(sent.parallel_tool_calls, false);
    await expectChargedOnce(gw.store, a.accountId, genId, COST, BALANCE);
  });

  it('sends Codex\'s resent history as it was: encrypted reasoning, custom calls and their outputs', async () => {
    reply = { text: 'Done.' };
    const { completed } = await codex(SESSION[1], gw.key);
    reply = undefined;
    assert.equal(completed.output.find((o: any) => o.type === 'message').content[0].text, 'Done.');
    const input = up.last!.body.input as Array<Record<string, any>>;
    const original = SESSION[1].body.input as Array<Record<string, any>>;
    assert.deepEqual(input.filter((i) => i.type === 'reasoning').map((i) => i.encrypted_content), original.filter((i) => i.type === 'reasoning').map((i) => i.encrypted_content));
    assert.deepEqual(input.filter((i) => i.type?.startsWith('custom_tool_call')).map((i) => i.type), ['custom_tool_call', 'custom_tool_call_output']);
    assert.equal(input.find((i) => i.type === 'custom_tool_call')?.input, original.find((i) => i.type === 'custom_tool_call')?.input);
  });

  it('keeps Codex 0.17x namespaces both ways', async () => {
    reply = { toolCall: { name: 'fetch_page', input: { url: 'https://docs.example/router' } } };
    const { completed } = await codex(CURRENT, gw.key);
    reply = undefined;
    const call = completed.output.find((o: any) => o.type === 'function_call');
    assert.deepEqual([call.name, call.namespace], ['fetch_page', 'mcp__docs__']);
    const sent = up.last!.body;
    assert.deepEqual(sent.tools, CURRENT.body.tools);
    const history = (sent.input as Array<Record<string, any>>).find((i) => i.type === 'function_call');
    assert.deepEqual([history?.name, history?.namespace], ['search', 'mcp__docs__']);
    assert.equal(sent.max_output_tokens, undefined, 'none asked, none needed');
  });

  it('serves a Chat Completions client too, billed the same', async () => {
    const a = await gw.newAccount(BALANCE);
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: a.key, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'openai/gpt-5-codex', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }], max_tokens: 1000 }).withResponse();
    assert.equal(data.choices[0].message.content, 'echo: Hi there');
    assert.deepEqual([data.usage?.prompt_tokens, data.usage?.completion_tokens, data.usage?.completion_tokens_details?.reasoning_tokens], [1500, 400, 100]);
    const sent = up.last!.body;
    assert.deepEqual(sent.input[0], { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] });
    assert.equal(sent.max_output_tokens, 1000);
    await expectChargedOnce(gw.store, a.accountId, response.headers.get('x-chuizi-generation-id') ?? '', COST, BALANCE);
  });
});
