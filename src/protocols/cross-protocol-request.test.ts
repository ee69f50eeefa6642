import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/index.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { readJsonFixture as readAnthropicJson, recordedRequests } from './anthropic-messages/test-helpers.js';
import { openaiChat } from './openai-chat/index.js';
import { readCassette, readJsonFixture as readOpenAIJson } from './openai-chat/test-helpers.js';

/*
 * Client requests of one protocol rendered for an upstream of the other: the Claude Code requests
 * for an OpenAI upstream and the OpenAI SDK requests for an Anthropic upstream, field by field;
 * then every request body recorded in either folder's fixtures, against each format's rules.
 */

type Json = Record<string, unknown>;
type AnthropicBlock = { type: string; text?: string; thinking?: string; signature?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; source?: Json };
type AnthropicMessage = { role: string; content: string | AnthropicBlock[] };
type OpenAIMessage = { role: string; content: string | null | Array<{ type: string; text?: string }>; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string };

const toOpenAI = (body: Json) => openaiChat.renderRequest(anthropicMessages.parseRequest(body), { model: 'gpt-4.1' });
const toAnthropic = (body: Json) => anthropicMessages.renderRequest(openaiChat.parseRequest(body), { model: 'claude-sonnet-4-5', defaultMaxTokens: 8192 });
const blocksOf = (m: AnthropicMessage): AnthropicBlock[] => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content);
/** The texts of an OpenAI message's content, one per part. */
const textsOf = (content: OpenAIMessage['content']): string[] => (content == null ? [] : typeof content === 'string' ? [content] : content.map((p) => p.text ?? ''));

/** Every role "tool" message comes right after the assistant message whose tool_calls it answers, in order. */
function assertToolMessagesPlaced(messages: readonly OpenAIMessage[]): void {
  for (const [i, m] of messages.entries()) {
    if (!m.tool_calls) continue;
    const answers = messages.slice(i + 1, i + 1 + m.tool_calls.length);
    assert.deepEqual(answers.map((a) => [a.role, a.tool_call_id]), m.tool_calls.map((c) => ['tool', c.id]), `tool results right after messages[${i}]`);
  }
  const answered = new Set(messages.flatMap((m) => m.tool_calls?.map((c) => c.id) ?? []));
  for (const m of messages) if (m.role === 'tool') assert.ok(answered.has(m.tool_call_id ?? ''), `tool message answering unknown id ${m.tool_call_id}`);
}

/** Anthropic's rules: user first, roles alternating, every tool_use answered first thing in the next user turn. */
function assertAnthropicTurns(body: Json): void {
  const turns = body.messages as AnthropicMessage[];
  assert.ok(turns.length > 0, 'at least one turn');
  assert.equal(turns[0].role, 'user');
  for (let i = 1; i < turns.length; i++) assert.notEqual(turns[i].role, turns[i - 1].role, `turns ${i - 1} and ${i} alternate`);
  for (const [i, turn] of turns.entries()) {
    const ids = blocksOf(turn).filter((b) => b.type === 'tool_use').map((b) => b.id);
    if (ids.length === 0) continue;
    const next = turns[i + 1] ? blocksOf(turns[i + 1]) : [];
    assert.deepEqual(next.slice(0, ids.length).map((b) => [b.type, b.tool_use_id]), ids.map((id) => ['tool_result', id]), `results of turn ${i}`);
  }
  assert.ok(Number.isInteger(body.max_tokens) && (body.max_tokens as number) > 0, 'max_tokens present');
}

describe('Claude Code requests → OpenAI upstream body', () => {
  const CLAUDE_CODE: Array<[string, string[]]> = [
    // the Haiku call ends with an assistant prefill ("{"), which Chat Completions cannot continue
    ['claude-code-2.0-haiku-topic.json', ['assistant prefill is sent as a previous turn: the upstream will not continue it']],
    ['claude-code-2.0-main-first-turn.json', ["dropped unsupported field 'reasoning.budget_tokens'"]],
    // messages[5]: the user turn whose tool result is a screenshot (the system message is messages[0]).
    ['claude-code-2.0-main-later-turn.json', [
      'dropped unsupported is_error flag of a tool result (only its text is sent) in messages[3]',
      "dropped unsupported content part 'image' of a tool result in messages[5]",
      "dropped unsupported field 'reasoning.budget_tokens'",
    ]],
  ];

  for (const [name, expectedWarnings] of CLAUDE_CODE) {
    it(name, () => {
      const original = (readAnthropicJson(name) as { body: Json }).body;
      const { body, warnings } = toOpenAI(original);
      const messages = body.messages as OpenAIMessage[];
      assert.deepEqual(warnings, expectedWarnings);
      assert.equal(body.model, 'gpt-4.1');
      assert.equal(body.max_tokens, original.max_tokens);
      assert.equal(body.temperature, original.temperature);
      assert.equal(body.user, (original.metadata as Json).user_id);
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });

      // Every tool becomes a function tool with the same name, description and schema.
      const tools = original.tools as Array<{ name: string; description: string; input_schema: Json }>;
      if (tools.length === 0) assert.equal(body.tools, undefined);
      else assert.deepEqual(body.tools, tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.input_schema } })));

      // The system blocks become one system message, first, with the same texts.
      assert.deepEqual(messages.map((m) => m.role).filter((r) => r === 'system'), ['system']);
      assert.equal(messages[0].role, 'system');
      assert.deepEqual(textsOf(messages[0].content), (original.system as AnthropicBlock[]).map((b) => b.text));

      // Turn by turn: an assistant turn → one assistant message (thinking dropped, parallel tool_use as
      // parallel tool_calls); a user turn → its tool results as role tool messages, then its other text.
      let j = 1;
      for (const m of original.messages as AnthropicMessage[]) {
        const blocks = blocksOf(m);
        const texts = blocks.filter((b) => b.type === 'text').map((b) => b.text);
        if (m.role === 'assistant') {
          const out = messages[j++];
          assert.equal(out.role, 'assistant');
          assert.deepEqual(textsOf(out.content), texts);
          const uses = blocks.filter((b) => b.type === 'tool_use');
          assert.deepEqual(out.tool_calls?.map((c) => [c.id, c.type, c.function.name]), uses.length > 0 ? uses.map((b) => [b.id, 'function', b.name]) : undefined);
          assert.deepEqual(out.tool_calls?.map((c) => JSON.parse(c.function.arguments) as unknown), uses.length > 0 ? uses.map((b) => b.input) : undefined);
          continue;
        }
        for (const result of blocks.filter((b) => b.type === 'tool_result')) {
          const out = messages[j++];
          assert.deepEqual([out.role, out.tool_call_id], ['tool', result.tool_use_id]);
          const content = typeof result.content === 'string' ? [result.content] : (result.content as AnthropicBlock[]).filter((b) => b.type === 'text').map((b) => b.text);
          assert.deepEqual(textsOf(out.content).filter((t) => t !== ''), content);
        }
        if (texts.length > 0) {
          const out = messages[j++];
          assert.equal(out.role, 'user');
          assert.deepEqual(textsOf(out.content), texts);
        }
      }
      assert.equal(j, messages.length, 'nothing else was added');
      assertToolMessagesPlaced(messages);

      // Thinking blocks are dropped: neither their text nor their signature reaches an OpenAI upstream.
      const wire = JSON.stringify(body);
      for (const m of original.messages as AnthropicMessage[]) {
        for (const b of blocksOf(m).filter((x) => x.type === 'thinking')) {
          assert.ok(!wire.includes(JSON.stringify(b.thinking).slice(1, -1)), 'thinking text');
          assert.ok(!wire.includes(b.signature ?? '\u0000'), 'signature');
        }
      }
      // Nor any field OpenAI does not define (reasoning, cache_control): messages and parts carry only their own keys.
      for (const m of messages) {
        for (const key of Object.keys(m)) assert.ok(['role', 'content', 'tool_calls', 'tool_call_id'].includes(key), key);
        for (const part of Array.isArray(m.content) ? m.content : []) assert.deepEqual(Object.keys(part).sort(), ['text', 'type']);
      }
    });
  }

  it('translates Anthropic structured output (output_config.format) into response_format json_schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const { body, warnings } = toOpenAI({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }], output_config: { format: { type: 'json_schema', schema } } });
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'response', schema } });
    assert.deepEqual(warnings, []);
  });

  it('sends adaptive thinking\'s effort as reasoning_effort; an effort alone is dropped with a warning', () => {
    const base = { model: 'claude-opus-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] };
    const adaptive = toOpenAI({ ...base, thinking: { type: 'adaptive' }, output_config: { effort: 'high' } });
    assert.deepEqual([adaptive.body.reasoning_effort, adaptive.warnings], ['high', []]);
    const alone = toOpenAI({ ...base, output_config: { effort: 'high' } });
    assert.deepEqual([alone.body.reasoning_effort, alone.warnings], [undefined, ["dropped unsupported field 'output_config'"]]);
  });

  it('sends Claude Code 2.1\'s mid-conversation system entry as a system message at the same position', () => {
    const original = (readAnthropicJson('claude-code-2.1-main-mid-conversation-system.json') as { body: Json }).body;
    const { body, warnings } = toOpenAI(original);
    const messages = body.messages as OpenAIMessage[];
    assert.deepEqual(warnings, ["dropped unsupported field 'reasoning.budget_tokens'"]);
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'system']);
    assert.deepEqual(textsOf(messages[0].content), (original.system as AnthropicBlock[]).map((b) => b.text));
    const [prompt, env] = original.messages as Array<{ content: AnthropicBlock[] }>;
    assert.deepEqual(textsOf(messages[1].content), [prompt.content[0].text]);
    assert.deepEqual(textsOf(messages[2].content), [env.content[0].text]);
  });

  it('sends parallel tool calls as one assistant message and their results in order right after it (later turn)', () => {
    const { body } = toOpenAI((readAnthropicJson('claude-code-2.0-main-later-turn.json') as { body: Json }).body);
    const messages = body.messages as OpenAIMessage[];
    assert.deepEqual(messages.map((m) => (m.tool_calls ? `assistant×${m.tool_calls.length}` : m.role)), [
      'system', 'user', 'assistant×2', 'tool', 'tool', 'assistant×1', 'tool', 'assistant×2', 'tool', 'tool', 'assistant×1', 'tool', 'user',
    ]);
    // The tool result that held only a screenshot is still answered (with no text), so the call is not left open.
    assert.deepEqual(messages[6], { role: 'tool', tool_call_id: 'toolu_01hIutWqjP7FplMZqqV6eSyT', content: '' });
  });
});

describe('OpenAI SDK requests → Anthropic upstream body', () => {
  it('drops what only OpenAI knows (custom tools, file ids) with warnings, and answers legacy function calls as tools', () => {
    const { body, warnings } = toAnthropic({
      model: 'gpt-5',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'read it' }, { type: 'file', file: { file_id: 'file-abc' } }] },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }, { type: 'custom', custom: { name: 'grep' } }],
      tool_choice: { type: 'custom', custom: { name: 'grep' } },
    });
    assertAnthropicTurns(body);
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'read it' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_lookup', name: 'lookup', input: { q: 1 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_lookup', content: 'found' }] },
    ]);
    assert.deepEqual(warnings, [
      "dropped unsupported openai block 'file' in messages[0]",
      "dropped tool_choice 'tool': Anthropic has no tool named 'grep'",
      "dropped unsupported field 'tools'",
      "dropped unsupported field 'tool_choice'",
    ]);
  });

  const tools = readOpenAIJson('openai-python-chat-tools-stream.json') as Array<{ body: Json }>;
  const image = (readOpenAIJson('openai-node-chat-image-json-schema.json') as { body: Json }).body;

  for (const [i, { body: original }] of tools.entries()) {
    it(`openai-python-chat-tools-stream.json #${i}`, () => {
      const { body, warnings } = toAnthropic(original);
      assertAnthropicTurns(body);
      assert.deepEqual(warnings, ["dropped unsupported field 'strict' of tool 'get_order_status'"]);
      assert.equal(body.max_tokens, 8192, 'the default: the client sent none and Anthropic requires one');
      assert.equal(body.system, 'You are a support assistant for an online shop. Answer briefly.');
      assert.deepEqual(body.tools, (original.tools as Array<{ function: Json }>).map(({ function: f }) => ({ name: f.name, description: f.description, input_schema: f.parameters })));
      assert.deepEqual(body.tool_choice, { type: 'auto', disable_parallel_tool_use: false });
      assert.equal(body.temperature, original.temperature);
      assert.equal(body.stream, true);
      assert.equal(body.stream_options, undefined);

      // The assistant's parallel tool_calls → tool_use blocks; the two role tool messages → one user turn of tool_results.
      const source = original.messages as OpenAIMessage[];
      const turns = body.messages as AnthropicMessage[];
      assert.equal(turns.length, source.length === 2 ? 1 : 3);
      if (source.length === 2) return;
      const calls = source[2].tool_calls ?? [];
      assert.deepEqual(turns[1].content, calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) as unknown })));
      assert.deepEqual(turns[2].content, source.slice(3).map((m) => ({ type: 'tool_result', tool_use_id: m.tool_call_id, content: m.content })));
    });
  }

  it('openai-node-chat-image-json-schema.json: json_schema → a system instruction with the schema and a warning', () => {
    const { body, warnings } = toAnthropic(image);
    assertAnthropicTurns(body);
    assert.deepEqual(warnings, ["response_format 'json_schema' sent as a system instruction (Anthropic has no JSON mode)"]);
    assert.equal(body.max_tokens, 400);
    const format = (image.response_format as { json_schema: { name: string; schema: Json } }).json_schema;
    const [developer, instruction] = body.system as Array<{ type: string; text: string }>;
    assert.deepEqual(developer, { type: 'text', text: 'Describe images as structured data.' });
    assert.match(instruction.text, /^Respond with a single valid JSON object/);
    assert.ok(instruction.text.includes(`"${format.name}"`) && instruction.text.includes(JSON.stringify(format.schema)));
    assert.equal(body.response_format, undefined);
    const [, part] = ((image.messages as OpenAIMessage[])[1].content as Array<{ image_url?: { url: string } }>);
    const [, block] = (body.messages as AnthropicMessage[])[0].content as AnthropicBlock[];
    assert.deepEqual(block, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: part.image_url?.url.split(',')[1] } });
  });
});

describe('every recorded request body, rendered for the other protocol', () => {
  it('Anthropic request bodies (pydantic-ai, langchaingo) → valid OpenAI messages', () => {
    const bodies = recordedRequests().map(([, body]) => body);
    assert.equal(bodies.length, 13);
    for (const original of bodies) {
      const { body } = toOpenAI(original);
      const messages = body.messages as OpenAIMessage[];
      assertToolMessagesPlaced(messages);
      assert.equal(body.max_tokens, original.max_tokens);
      const calls = messages.flatMap((m) => m.tool_calls ?? []);
      const uses = (original.messages as AnthropicMessage[]).flatMap((m) => blocksOf(m).filter((b) => b.type === 'tool_use'));
      assert.deepEqual(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments) as unknown]), uses.map((b) => [b.id, b.name, b.input]));
    }
  });

  it('OpenAI request bodies (envoy-ai-gateway) → valid Anthropic bodies, or the same 400 an OpenAI upstream gave', () => {
    const names = ['envoy-ai-gateway__chat-detailed-usage.yaml', 'envoy-ai-gateway__chat-reasoning.yaml', 'envoy-ai-gateway__chat-streaming-detailed-usage.yaml', 'envoy-ai-gateway__chat-tools.yaml', 'envoy-ai-gateway__chat-unknown-model.yaml'];
    for (const name of names) {
      const original = JSON.parse(readCassette(name).requestBody) as Json;
      const { body, warnings } = toAnthropic(original);
      assertAnthropicTurns(body);
      assert.equal(body.max_tokens, original.max_completion_tokens ?? original.max_tokens ?? 8192, name);
      // A developer message alone (OpenAI accepts it) becomes the user turn, with a warning.
      const alone = (original.messages as OpenAIMessage[]).every((m) => m.role === 'developer' || m.role === 'system');
      assert.deepEqual(warnings, alone ? ['the request has only system messages: sent as the user turn (Anthropic requires one)'] : [], name);
      if (alone) assert.deepEqual(body.messages, [{ role: 'user', content: "Hello, I'm a developer!" }]);
    }
    const bad = readCassette('envoy-ai-gateway__chat-bad-request.yaml');
    assert.equal(bad.status, 400);
    assert.throws(() => toAnthropic(JSON.parse(bad.requestBody) as Json), (err: unknown) => err instanceof GatewayError && err.reason === 'validation_error' && err.status === 400);
  });
});

describe('tool ids across protocols', () => {
  it('keeps an id Anthropic would reject verbatim for an OpenAI upstream and rewrites it consistently for an Anthropic one', () => {
    // Some OpenAI-compatible vendors (Kimi) send ids like "functions.get_weather:0". An Anthropic client
    // gets the id as it came, and sends it back in its tool_use and tool_result blocks.
    const id = 'functions.get_weather:0';
    const claudeTurn: Json = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: '18C' }] },
      ],
    };
    const openai = toOpenAI(claudeTurn).body.messages as OpenAIMessage[];
    assert.equal(openai[1].tool_calls?.[0].id, id);
    assert.equal(openai[2].tool_call_id, id);

    const anthropic = anthropicMessages.renderRequest(anthropicMessages.parseRequest(claudeTurn), { model: 'claude-sonnet-4-5', defaultMaxTokens: 1024 }).body;
    const [, use, result] = (anthropic.messages as AnthropicMessage[]).map((m) => blocksOf(m)[0]);
    assert.match(use.id ?? '', /^[a-zA-Z0-9_-]+$/);
    assert.equal(result.tool_use_id, use.id);

    // The same ids from an OpenAI client, to an Anthropic upstream: both sides rewritten alike.
    const fromOpenAI = toAnthropic({
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: id, content: '18C' },
      ],
    }).body;
    assertAnthropicTurns(fromOpenAI);
    const [, use2, result2] = (fromOpenAI.messages as AnthropicMessage[]).map((m) => blocksOf(m)[0]);
    assert.equal(use2.id, use.id);
    assert.equal(result2.tool_use_id, use.id);
  });
});
