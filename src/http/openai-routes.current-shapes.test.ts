import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MockUpstreamServer, json } from '../testing/mock-upstream-server.js';
import type { TestGateway } from '../testing/start-test-gateway.js';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from '../testing/start-two-upstream-gateway.js';

// End to end over real sockets with the official openai SDK: request shapes the current SDK
// types allow beyond the canonical model (issue 8) are accepted on /v1 — verbatim to an OpenAI
// upstream, dropped with x-chuizi-warnings toward an Anthropic one, never a 400 — and unknown
// query parameters are ignored on every route.
describe('current client shapes on /v1 (openai SDK)', () => {
  let anthropicUp: MockUpstreamServer;
  let openaiUp: MockUpstreamServer;
  let both: TwoUpstreamGateway;
  let gw: TestGateway;
  let openai: OpenAI;

  before(async () => {
    ({ gw, anthropicUp, openaiUp } = both = await startTwoUpstreamGateway([
      { id: 'anthropic/claude-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      { id: 'openai/gpt-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
    ]));
    openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
  });
  after(() => both.close());

  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'user', content: [{ type: 'text', text: 'read it' }, { type: 'file', file: { file_id: 'file-abc' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'grep', input: 'TODO src/' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'none' },
    { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
    { role: 'function', name: 'lookup', content: 'found' },
  ];
  const tools: OpenAI.ChatCompletionTool[] = [
    { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
    { type: 'custom', custom: { name: 'grep', description: 'free text search' } },
  ];
  const toolChoice: OpenAI.ChatCompletionToolChoiceOption = { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'lookup' } }] } };

  it('OpenAI upstream: custom tools, allowed_tools, legacy function calls and file ids travel verbatim', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'openai/gpt-test', messages, tools, tool_choice: toolChoice, verbosity: 'low' }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(response.headers.get('x-chuizi-warnings'), null);
    const sent = openaiUp.last!.body;
    assert.deepEqual(sent.messages, messages);
    assert.deepEqual(sent.tools, tools);
    assert.deepEqual(sent.tool_choice, toolChoice);
    assert.equal(sent.verbosity, 'low');
  });

  it('Anthropic upstream: the same request is answered, what Anthropic cannot take is listed in x-chuizi-warnings', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'anthropic/claude-test', messages, tools, tool_choice: toolChoice }).withResponse();
    assert.equal(data.object, 'chat.completion');
    const warnings = response.headers.get('x-chuizi-warnings') ?? '';
    assert.match(warnings, /openai block 'file'/);
    assert.match(warnings, /'tools'/);
    const sent = anthropicUp.last!.body;
    assert.deepEqual(sent.tools.map((t: any) => t.name), ['lookup']);
    assert.deepEqual(sent.messages.at(-1), { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_lookup', content: 'found' }] });
  });

  it('an OpenAI client gets the text of an answer with Anthropic server-tool blocks, and a warning naming them', async () => {
    anthropicUp.next((_, res) =>
      json(res, 200, {
        id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-upstream', stop_reason: 'end_turn', stop_sequence: null,
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'Sunny.', citations: [{ type: 'web_search_result_location', url: 'https://e.test', title: 'E', encrypted_index: 'Eo', cited_text: 'Sunny.' }] },
        ],
        usage: { input_tokens: 10, output_tokens: 5 },
      }),
    );
    const { data, response } = await openai.chat.completions.create({ model: 'anthropic/claude-test', messages: [{ role: 'user', content: 'weather?' }] }).withResponse();
    assert.equal(data.choices[0].message.content, 'Sunny.');
    assert.equal(response.headers.get('x-chuizi-warnings'), "dropped unsupported anthropic block 'server_tool_use' in the response; dropped unsupported anthropic block 'web_search_tool_result' in the response");
  });

  it('ignores unknown query parameters on every route', async () => {
    const auth = { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' };
    const chat = await fetch(`${gw.url}/v1/chat/completions?beta=true&foo=1`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'openai/gpt-test', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(chat.status, 200);
    assert.equal((await fetch(`${gw.url}/v1/models?beta=true`, { headers: auth })).status, 200);
    assert.equal((await fetch(`${gw.url}/anthropic/v1/models?beta=true`, { headers: { 'x-api-key': gw.key } })).status, 200);
    const count = await fetch(`${gw.url}/anthropic/v1/messages/count_tokens?beta=true`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anthropic/claude-test', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(count.status, 200);
    assert.equal((await fetch(`${gw.url}/health?x=1`)).status, 200);
  });

  it('keeps the ledger sound', async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});
