import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MockUpstreamServer, type ScriptedReply } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { anthropicUpstreamHandler, FAKE_SIGNATURE } from '../testing/anthropic-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { chargedUnits, expectChargedOnce } from '../testing/expect-charged-once.js';
import { parseSseText } from '../protocols/shared/test-parse-sse-text.js';

// Codex CLI's request shapes (the 0.38-era session fixture and the 0.17x shape) replayed through
// the gateway over real sockets, against mock OpenAI Chat and Anthropic upstreams. Codex reads
// the stream's items itself: every event is checked for the sequence it relies on.
interface Recorded { description: string; path: string; headers: Record<string, string>; body: Record<string, any> }
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../protocols/openai-responses/__fixtures__/${name}`, import.meta.url), 'utf8'));
const SESSION = fixture('codex-cli-responses-session.json') as Recorded[];
const CURRENT = fixture('codex-cli-0.17x-responses-request.json') as Recorded;
const PATCH = '*** Begin Patch\n*** Update File: CHANGELOG.md\n@@\n+- Renamed legacyMode to compatMode.\n*** End Patch\n';

const OPENAI_COST = chargedUnits([[2000, 3], [500, 15]]);
const ANTHROPIC_COST = chargedUnits([[1000, 3], [300, 15], [500, 0.3], [200, 3.75]]);

describe('Codex CLI request shapes on /v1/responses', () => {
  let openaiUp: MockUpstreamServer;
  let anthropicUp: MockUpstreamServer;
  let gw: TestGateway;
  let reply: ScriptedReply | undefined;

  before(async () => {
    openaiUp = await new MockUpstreamServer(openaiUpstreamHandler(undefined, () => reply)).start();
    anthropicUp = await new MockUpstreamServer(anthropicUpstreamHandler(undefined, () => reply)).start();
    gw = await startTestGateway({
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'anthropic-up', protocol: 'anthropic', base_url: anthropicUp.url, api_key: 'sk-ant-upstream' },
        { id: 'openai-up', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-openai-upstream' },
      ],
      models: [
        { id: 'openai/gpt-5-codex', aliases: ['gpt-5-codex', 'gpt-5.1-codex'], max_output_tokens: 8000, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
        { id: 'anthropic/claude-codex', max_output_tokens: 8000, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      ],
    });
  });
  after(async () => {
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), [], 'the ledger balances and no hold is left open');
    await gw.close();
    await openaiUp.close();
    await anthropicUp.close();
  });

  /** Sends a recorded request as Codex does (its headers, the gateway key) and reads the whole stream. */
  async function replay(req: Recorded, model: string, key: string) {
    const headers = { ...req.headers, authorization: `Bearer ${key}` };
    const res = await fetch(`${gw.url}${req.path}`, { method: 'POST', headers, body: JSON.stringify({ ...req.body, model }) });
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 500));
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = parseSseText(text).map((m) => ({ name: m.event, data: JSON.parse(m.data) as Record<string, any> }));
    checkSequence(events);
    const completed = events[events.length - 1].data.response;
    return { res, events, completed, genId: res.headers.get('x-chuizi-generation-id') ?? '', warnings: res.headers.get('x-chuizi-warnings') ?? '' };
  }

  /** What a Responses stream reader relies on: named events, ordered sequence numbers, every item added then done, completed last. */
  function checkSequence(events: Array<{ name?: string; data: Record<string, any> }>) {
    assert.equal(events[0].data.type, 'response.created');
    assert.equal(events[events.length - 1].data.type, 'response.completed');
    const open = new Map<number, string>();
    events.forEach((e, i) => {
      assert.equal(e.name, e.data.type, 'the SSE event name is the type');
      assert.equal(e.data.sequence_number, i);
      if (e.data.type === 'response.output_item.added') open.set(e.data.output_index, e.data.item.type);
      if (e.data.type === 'response.output_item.done') {
        assert.equal(open.get(e.data.output_index), e.data.item.type);
        open.delete(e.data.output_index);
      }
    });
    assert.equal(open.size, 0, 'every item added is done');
  }

  for (const [model, upstream, cost] of [['openai/gpt-5-codex', 'OpenAI Chat', OPENAI_COST], ['anthropic/claude-codex', 'Anthropic', ANTHROPIC_COST]] as const) {
    it(`0.38 session, first turn, on the ${upstream} upstream: custom tool carried as a function, its call back as custom_tool_call`, async () => {
      const a = await gw.newAccount(1_000_000_000);
      reply = { toolCall: { name: 'apply_patch', input: { input: PATCH } } };
      const { events, completed, genId, warnings } = await replay(SESSION[0], model, a.key);
      assert.match(warnings, /dropped hosted tool 'web_search'/);
      const call = completed.output.find((o: any) => o.type === 'custom_tool_call');
      assert.deepEqual({ name: call.name, input: call.input }, { name: 'apply_patch', input: PATCH });
      assert.ok(call.call_id);
      const deltas = events.filter((e) => e.data.type === 'response.custom_tool_call_input.delta').map((e) => e.data.delta).join('');
      assert.equal(deltas, PATCH);
      assert.equal(events.find((e) => e.data.type === 'response.output_item.done' && e.data.item.type === 'custom_tool_call')?.data.item.input, PATCH);
      assert.ok(completed.usage.input_tokens > 0);
      // upstream: function tools only, apply_patch with one string argument, its grammar in the description
      const sent = upstream === 'OpenAI Chat' ? openaiUp.last!.body : anthropicUp.last!.body;
      const tools = sent.tools.map((t: any) => t.function ?? t);
      assert.deepEqual(tools.map((t: any) => t.name), ['shell', 'update_plan', 'apply_patch', 'view_image']);
      const patchTool = tools.find((t: any) => t.name === 'apply_patch');
      const schema = patchTool.parameters ?? patchTool.input_schema;
      assert.deepEqual(schema.required, ['input']);
      assert.match(patchTool.description, /begin_patch/);
      await expectChargedOnce(gw.store, a.accountId, genId, cost, 1_000_000_000);
      reply = undefined;
    });

    it(`0.38 session, later turn (whole history, reasoning, custom_tool_call_output) on the ${upstream} upstream`, async () => {
      const a = await gw.newAccount(1_000_000_000);
      reply = { text: 'Added a changelog line.' };
      const { completed, genId, warnings } = await replay(SESSION[1], model, a.key);
      reply = undefined;
      const message = completed.output.find((o: any) => o.type === 'message');
      assert.equal(message.content[0].text, 'Added a changelog line.');
      if (upstream === 'Anthropic') assert.deepEqual(completed.output.map((o: any) => o.type), ['reasoning', 'message'], 'thinking (reasoning.effort) comes back as a reasoning item');
      assert.match(warnings, /encrypted_content|reasoning without an Anthropic signature/);
      if (upstream === 'OpenAI Chat') {
        const msgs = openaiUp.last!.body.messages;
        const patchCall = msgs.flatMap((m: any) => m.tool_calls ?? []).find((c: any) => c.function.name === 'apply_patch');
        assert.equal(JSON.parse(patchCall.function.arguments).input.startsWith('*** Begin Patch'), true);
        assert.ok(msgs.some((m: any) => m.role === 'tool' && m.tool_call_id === patchCall.id));
        assert.equal(msgs[0].role, 'system');
      } else {
        const msgs = anthropicUp.last!.body.messages;
        const uses = msgs.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).filter((b: any) => b.type === 'tool_use');
        assert.deepEqual(uses.map((u: any) => u.name), ['shell', 'apply_patch']);
        assert.ok(uses[1].input.input.startsWith('*** Begin Patch'));
        assert.equal(anthropicUp.last!.body.max_tokens, 8000, 'no max_output_tokens: the model bound is sent');
      }
      await expectChargedOnce(gw.store, a.accountId, genId, cost, 1_000_000_000);
    });

    it(`0.17x shape (developer prompt, item ids, namespace tools, client_metadata) on the ${upstream} upstream`, async () => {
      const a = await gw.newAccount(1_000_000_000);
      reply = { toolCall: { name: 'mcp__docs__fetch_page', input: { url: 'https://docs.example/router' } } };
      const { completed, genId, warnings } = await replay(CURRENT, model, a.key);
      const call = completed.output.find((o: any) => o.type === 'function_call');
      assert.deepEqual({ name: call.name, namespace: call.namespace, args: JSON.parse(call.arguments) }, { name: 'fetch_page', namespace: 'mcp__docs__', args: { url: 'https://docs.example/router' } });
      assert.match(warnings, /dropped hosted tool 'web_search'/);
      assert.match(warnings, /client_metadata/);
      const sent = upstream === 'OpenAI Chat' ? openaiUp.last!.body : anthropicUp.last!.body;
      const names = sent.tools.map((t: any) => t.function?.name ?? t.name);
      assert.deepEqual(names, ['shell_command', 'update_plan', 'apply_patch', 'mcp__docs__search', 'mcp__docs__fetch_page']);
      if (upstream === 'OpenAI Chat') {
        assert.equal(sent.parallel_tool_calls, true);
        assert.deepEqual(sent.messages.slice(0, 2).map((m: any) => m.role), ['system', 'system']);
        assert.equal(sent.max_tokens, undefined, 'an OpenAI upstream needs no output bound');
        const history = sent.messages.flatMap((m: any) => m.tool_calls ?? []);
        assert.equal(history[0].function.name, 'mcp__docs__search');
      } else {
        assert.match(JSON.stringify(sent.system), /permissions instructions/);
        assert.equal(sent.max_tokens, 8000);
        assert.equal(sent.tool_choice?.disable_parallel_tool_use, false);
      }
      await expectChargedOnce(gw.store, a.accountId, genId, cost, 1_000_000_000);
      reply = undefined;
    });
  }

  it("keeps Anthropic's signed thinking across turns through the reasoning item's encrypted_content", async () => {
    reply = { toolCall: { name: 'shell', input: { command: ['ls'] } } };
    const first = await replay(SESSION[0], 'anthropic/claude-codex', gw.key);
    const reasoning = first.completed.output.find((o: any) => o.type === 'reasoning');
    assert.equal(reasoning.summary[0].text, 'Let me think.');
    assert.match(reasoning.encrypted_content, /^chuizi\.thinking\.v1\./);
    const call = first.completed.output.find((o: any) => o.type === 'function_call');
    // Codex resends the whole history with the tool's output (store: false)
    reply = { text: 'Listed.' };
    const input = [...SESSION[0].body.input, reasoning, call, { type: 'function_call_output', call_id: call.call_id, output: 'README.md' }];
    const second = await replay({ ...SESSION[0], body: { ...SESSION[0].body, input } }, 'anthropic/claude-codex', gw.key);
    reply = undefined;
    const sent = anthropicUp.last!.body;
    const assistant = sent.messages.find((m: any) => m.role === 'assistant');
    assert.deepEqual(assistant.content[0], { type: 'thinking', thinking: 'Let me think.', signature: FAKE_SIGNATURE });
    assert.equal(assistant.content[1].type, 'tool_use');
    assert.equal(sent.thinking?.type, 'enabled', 'thinking stays on after a tool result');
    assert.doesNotMatch(second.warnings, /thinking/);
  });

  it('keeps x-chuizi-warnings bounded for a long resent history', async () => {
    const turn = SESSION[1].body.input.slice(3, 6); // reasoning, function_call, function_call_output
    const input = [...SESSION[1].body.input.slice(0, 3), ...Array.from({ length: 300 }, (_, i) => turn.map((item: any) => (item.call_id ? { ...item, call_id: `${item.call_id}_${i}` } : item))).flat(), { role: 'user', content: 'next' }];
    reply = { text: 'ok' };
    const { warnings } = await replay({ ...SESSION[1], body: { ...SESSION[1].body, input } }, 'openai/gpt-5-codex', gw.key);
    reply = undefined;
    assert.ok(warnings.length < 2100, `${warnings.length} characters`);
    assert.match(warnings, /\.\.\. and \d+ more$/);
  });

  it('a non-streamed 0.17x body answers JSON with the namespaced call', async () => {
    reply = { toolCall: { name: 'mcp__docs__search', input: { query: 'flags' } } };
    const res = await fetch(`${gw.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...CURRENT.body, stream: false }) });
    const body = await res.json();
    assert.equal(res.status, 200);
    const call = body.output.find((o: any) => o.type === 'function_call');
    assert.deepEqual([call.name, call.namespace], ['search', 'mcp__docs__']);
    reply = undefined;
  });
});
