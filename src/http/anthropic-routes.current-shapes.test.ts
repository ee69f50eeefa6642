import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import type { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { FAKE_CITATION, FAKE_SEARCH_RESULT } from '../testing/anthropic-upstream-handler.js';
import type { TestGateway } from '../testing/start-test-gateway.js';
import { startTwoUpstreamGateway, type TwoUpstreamGateway } from '../testing/start-two-upstream-gateway.js';
import { countInputTokens } from '../billing/count-input-tokens.js';
import { parseRequest } from '../protocols/anthropic-messages/parse-request.js';

// End to end over real sockets with the official Anthropic SDK: the request and stream shapes current
// clients send and read (issue 8) — Claude Code 2.1's mid-conversation system message on
// `?beta=true`, the prompt count in message_start, stop_sequence, server tools and citations.
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
const webSearch = { type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 };

/** The SSE frames of an Anthropic stream body as {event, data}. */
function framesOf(text: string): Array<{ event: string; data: any }> {
  return text.split('\n\n').filter(Boolean).map((frame) => ({ event: /^event: (.+)$/m.exec(frame)?.[1] ?? '', data: JSON.parse(/^data: (.+)$/m.exec(frame)?.[1] ?? 'null') }));
}

describe('current client shapes on /anthropic (@anthropic-ai/sdk)', () => {
  let anthropicUp: MockUpstreamServer;
  let openaiUp: MockUpstreamServer;
  let both: TwoUpstreamGateway;
  let gw: TestGateway;
  let claude: Anthropic;
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${gw.url}/anthropic${path}`, { method: 'POST', headers: { ...headers, 'x-api-key': gw.key, 'accept-encoding': 'identity' }, body: JSON.stringify(body) });
  const balance = async (accountId = gw.accountId) => (await gw.store.accounts.get(accountId))!.balance;
  const generation = async (id: string | null) => (await (await fetch(`${gw.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${gw.key}` } })).json()).data;

  before(async () => {
    ({ gw, anthropicUp, openaiUp } = both = await startTwoUpstreamGateway([
      { id: 'anthropic/claude-test', aliases: ['claude-sonnet-4-5-20250929'], max_output_tokens: 32000, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      { id: 'openai/gpt-test', max_output_tokens: 32000, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
    ]));
    claude = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: gw.key, maxRetries: 0 });
  });
  after(() => both.close());

  it('Claude Code 2.1 default mode → Anthropic upstream: the system entry stays in place, the beta header is forwarded', async () => {
    const cc = fixture('claude-code-2.1-main-mid-conversation-system.json');
    const res = await post(cc.path, cc.headers, cc.body);
    assert.equal(res.status, 200, await res.clone().text());
    const frames = framesOf(await res.text());
    assert.deepEqual(frames.at(-1)?.event, 'message_stop');
    const sent = anthropicUp.last!;
    assert.equal(sent.path, '/v1/messages');
    assert.match(String(sent.headers['anthropic-beta']), /mid-conversation-system-2026-04-07/);
    assert.deepEqual(sent.body.messages, cc.body.messages, 'both turns verbatim, the system entry at messages[1]');
    assert.deepEqual(sent.body.system, cc.body.system);
    assert.deepEqual(sent.body.thinking, cc.body.thinking);
    assert.equal(res.headers.get('x-chuizi-warnings'), null);
  });

  it('Claude Code 2.1 default mode → OpenAI upstream: a system message at the same position; message_start has the prompt count', async () => {
    const cc = fixture('claude-code-2.1-main-mid-conversation-system.json');
    const before = await balance();
    const res = await post(cc.path, cc.headers, { ...cc.body, model: 'openai/gpt-test' });
    assert.equal(res.status, 200, await res.clone().text());
    const frames = framesOf(await res.text());
    const sent = openaiUp.last!.body;
    assert.deepEqual(sent.messages.map((m: any) => m.role), ['system', 'user', 'system']);
    assert.equal(sent.messages[1].content, cc.body.messages[0].content[0].text);
    assert.equal(sent.messages[2].content, cc.body.messages[1].content[0].text);
    // message_start: the gateway's own count (the OpenAI upstream reports usage only at the end) …
    const start = frames.find((f) => f.event === 'message_start')!.data.message.usage;
    assert.equal(start.input_tokens, await countInputTokens(parseRequest({ ...cc.body, model: 'openai/gpt-test' })));
    assert.ok(start.input_tokens > 1000, 'the real size of a Claude Code prompt');
    // … the final message_delta and the charge: the upstream's exact usage (2000 in, 500 out).
    const delta = frames.find((f) => f.event === 'message_delta')!.data;
    assert.deepEqual([delta.usage.input_tokens, delta.usage.output_tokens], [2000, 500]);
    const gen = await generation(res.headers.get('x-chuizi-generation-id'));
    assert.equal(gen.usage_source, 'upstream');
    assert.equal(gen.cost, '0.01417500'); // (2000 × $3 + 500 × $15) / 1M × 1.05
    assert.equal(before - (await balance()), 1_417_500);
  });

  it('the SDK beta client (?beta=true) sends system messages mid-conversation, string or blocks, to either upstream', async () => {
    for (const model of ['anthropic/claude-test', 'openai/gpt-test']) {
      const res = await claude.beta.messages.create({
        model, max_tokens: 100, betas: ['mid-conversation-system-2026-04-07'],
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Where am I?' },
          { role: 'system', content: [{ type: 'text', text: 'cwd: /tmp', cache_control: { type: 'ephemeral' } }] },
        ],
      });
      assert.equal(res.type, 'message');
      if (model === 'openai/gpt-test') {
        assert.deepEqual(openaiUp.last!.body.messages.map((m: any) => m.role), ['user', 'assistant', 'user', 'system']);
        assert.equal(openaiUp.last!.body.messages[3].content, 'cwd: /tmp');
      } else {
        assert.deepEqual(anthropicUp.last!.body.messages[3], { role: 'system', content: [{ type: 'text', text: 'cwd: /tmp', cache_control: { type: 'ephemeral' } }] });
        assert.match(anthropicUp.last!.path, /^\/v1\/messages/);
      }
    }
    // clear_at: once a later user message exists the entry is hidden from the model; an OpenAI upstream never sees it.
    await claude.beta.messages.create({
      model: 'openai/gpt-test', max_tokens: 100,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'system', content: 'only for a', clear_at: 'next_user_message' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'b' },
        { role: 'system', content: 'still shown' },
      ],
    });
    assert.deepEqual(openaiUp.last!.body.messages.map((m: any) => m.content), ['a', 'ok', 'b', 'still shown']);
  });

  it('stop_sequence carries the matched sequence, stream and non-stream; null from an OpenAI upstream', async () => {
    const params = { model: 'anthropic/claude-test', max_tokens: 100, stop_sequences: ['NEVER', ' three'], messages: [{ role: 'user' as const, content: 'one two three four' }] };
    const res = await claude.messages.create(params);
    assert.deepEqual([res.stop_reason, res.stop_sequence, (res.content[0] as any).text], ['stop_sequence', ' three', 'echo: one two']);
    const final = await claude.messages.stream(params).finalMessage();
    assert.deepEqual([final.stop_reason, final.stop_sequence], ['stop_sequence', ' three']);
    const viaOpenai = await claude.messages.create({ ...params, model: 'openai/gpt-test' });
    assert.deepEqual([viaOpenai.stop_reason, viaOpenai.stop_sequence], ['end_turn', null]);
  });

  it('server-tool blocks and citations round-trip Anthropic → Anthropic, stream and non-stream; toward OpenAI they are dropped with warnings', async () => {
    const ask = { model: 'anthropic/claude-test', max_tokens: 500, tools: [webSearch], messages: [{ role: 'user' as const, content: 'weather in Paris' }] };
    const res = await claude.messages.create(ask);
    assert.deepEqual(res.content.map((b) => b.type), ['server_tool_use', 'web_search_tool_result', 'text']);
    assert.deepEqual((res.content[0] as any).input, { query: 'weather in Paris' });
    assert.deepEqual((res.content[1] as any).content, [FAKE_SEARCH_RESULT]);
    assert.deepEqual((res.content[2] as any).citations, [FAKE_CITATION]);
    assert.deepEqual(anthropicUp.last!.body.tools, [webSearch], 'the server tool reached the upstream verbatim');

    const streamed = await claude.messages.stream(ask).finalMessage();
    assert.deepEqual(streamed.content, res.content, 'the stream builds the same message');

    // The history goes back upstream verbatim (server blocks and citations included).
    await claude.messages.create({ ...ask, messages: [...ask.messages, { role: 'assistant', content: res.content as any }, { role: 'user', content: 'thanks' }] });
    assert.deepEqual(anthropicUp.last!.body.messages[1].content, res.content);

    // Toward an OpenAI upstream the blocks are dropped with a warning, never a 400.
    const { response } = await claude.messages
      .create({ ...ask, tools: [], model: 'openai/gpt-test', messages: [...ask.messages, { role: 'assistant', content: res.content as any }, { role: 'user', content: 'thanks' }] })
      .withResponse();
    const warnings = response.headers.get('x-chuizi-warnings') ?? '';
    assert.match(warnings, /server_tool_use/);
    assert.match(warnings, /web_search_tool_result/);
    assert.match(warnings, /citations/);
    assert.deepEqual(openaiUp.last!.body.messages[1], { role: 'assistant', content: 'Paris is sunny.' });
  });

  it('message_start carries the upstream input usage from an Anthropic upstream (not the gateway count)', async () => {
    const res = await post('/v1/messages', { 'content-type': 'application/json' }, { model: 'anthropic/claude-test', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const usage = framesOf(await res.text()).find((f) => f.event === 'message_start')!.data.message.usage;
    assert.deepEqual([usage.input_tokens, usage.cache_read_input_tokens, usage.cache_creation_input_tokens], [1000, 500, 200]);
  });

  it('accepts what current SDKs send that the gateway cannot translate: Files API images, adaptive thinking with display', async () => {
    const res = await claude.messages.create({
      model: 'anthropic/claude-test', max_tokens: 2048,
      thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'low' },
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_011' } } as any, { type: 'text', text: 'what is it?' }] }],
    } as any);
    assert.equal(res.type, 'message');
    const sent = anthropicUp.last!.body;
    assert.deepEqual(sent.thinking, { type: 'adaptive', display: 'omitted' });
    assert.deepEqual(sent.output_config, { effort: 'low' });
    assert.deepEqual(sent.messages[0].content[0], { type: 'image', source: { type: 'file', file_id: 'file_011' } });
    const { response } = await claude.messages
      .create({ model: 'openai/gpt-test', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_011' } } as any, { type: 'text', text: 'x' }] }] })
      .withResponse();
    assert.match(response.headers.get('x-chuizi-warnings') ?? '', /anthropic block 'image'/);
  });

  it('keeps the ledger sound', async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});
