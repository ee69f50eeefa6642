import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { readJsonFixture, recordedRequests } from './test-helpers.js';

type Json = Record<string, unknown>;
const target = (model: string) => ({ model, defaultMaxTokens: 4096 });
const roundTrip = (body: Json) => renderRequest(parseRequest(body), target(body.model as string));

/**
 * The same request in the wire's canonical spelling: a content array holding one plain text block
 * is the string form, and `stream: false` is the default. Neither changes what Anthropic does.
 */
function normalize(body: Json): Json {
  const collapse = (content: unknown) =>
    Array.isArray(content) && content.length === 1 && content[0].type === 'text' && content[0].cache_control === undefined ? content[0].text : content;
  const out: Json = { ...body, messages: (body.messages as Json[]).map((m) => ({ ...m, content: collapse(m.content) })) };
  if (out.stream === false) delete out.stream;
  return out;
}

const CLAUDE_CODE = ['claude-code-2.0-haiku-topic.json', 'claude-code-2.0-main-first-turn.json', 'claude-code-2.0-main-later-turn.json', 'claude-code-2.1-main-mid-conversation-system.json'];
describe('renderRequest: wire → core → wire', () => {
  for (const name of CLAUDE_CODE) {
    it(`gives back Claude Code's body exactly (${name})`, () => {
      const original = (readJsonFixture(name) as { body: Json }).body;
      const { body, warnings } = roundTrip(original);
      assert.deepEqual(warnings, []);
      assert.deepEqual(body, original);
    });
  }

  it('keeps what the later turn needs: cached system blocks, 19 tools, signed thinking, parallel results, is_error, image result', () => {
    const original = (readJsonFixture('claude-code-2.0-main-later-turn.json') as { body: Json }).body;
    const { body } = roundTrip(original);
    const messages = body.messages as Array<{ role: string; content: Json[] }>;
    assert.deepEqual((body.system as Json[]).map((b) => b.cache_control), [{ type: 'ephemeral' }, { type: 'ephemeral' }]);
    assert.equal((body.tools as Json[]).length, 19);
    assert.deepEqual(body.thinking, { budget_tokens: 31999, type: 'enabled' });
    assert.equal(messages[1].content[0].type, 'thinking');
    assert.equal(messages[1].content[0].signature, (original.messages as Array<{ content: Json[] }>)[1].content[0].signature);
    assert.deepEqual(messages[2].content.map((b) => [b.type, b.is_error]), [['tool_result', undefined], ['tool_result', true]]);
    assert.equal(((messages[4].content[0].content as Json[])[0].source as Json).type, 'base64');
    assert.deepEqual(messages[8].content.map((b) => b.type), ['tool_result', 'text']);
  });

  for (const [name, requestBody] of recordedRequests()) {
    it(`gives back the request of ${name}`, () => {
      const { body, warnings } = roundTrip(requestBody);
      assert.deepEqual(warnings, []);
      assert.deepEqual(body, normalize(requestBody));
    });
  }

  it('gives back redacted thinking, documents, server tools, tool_choice and unknown fields', () => {
    const original: Json = {
      model: 'claude-opus-4-6',
      max_tokens: 8000,
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'a.pdf', cache_control: { type: 'ephemeral' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain ✓ text' } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'Summarise.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EqkECkYIBxgCKkA8' }, { type: 'thinking', thinking: 'ok', signature: 'sig' }, { type: 'text', text: 'Done.' }] },
        { role: 'user', content: 'Again' },
      ],
      tools: [
        { name: 'f', description: 'd', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 2 },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
      metadata: { user_id: 'u-1' },
      stop_sequences: ['###'],
      top_p: 0.99,
      stream: true,
    };
    const { body, warnings } = roundTrip(original);
    assert.deepEqual(warnings, []);
    assert.deepEqual(body, original);
  });
});

describe('renderRequest: rules of the Anthropic body', () => {
  const req = (extra: Partial<ChatRequest>): ChatRequest => ({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], stream: false, ...extra });

  it('uses the default max_tokens when the client gave none, and maps user and stream', () => {
    const { body } = renderRequest(req({ user: 'u', stream: true }), target('claude-haiku-4-5'));
    assert.deepEqual(body, { model: 'claude-haiku-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'x' }], metadata: { user_id: 'u' }, stream: true });
  });

  it('clamps a thinking budget below max_tokens, raises it to 1024, or drops thinking when there is no room', () => {
    assert.deepEqual(renderRequest(req({ maxOutputTokens: 2000, reasoning: { budgetTokens: 5000 } }), target('m')).body.thinking, { type: 'enabled', budget_tokens: 1999 });
    const raised = renderRequest(req({ maxOutputTokens: 4000, reasoning: { budgetTokens: 10 } }), target('m'));
    assert.deepEqual(raised.body.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.deepEqual(raised.warnings, ['thinking budget 10 raised to the minimum 1024']);
    const none = renderRequest(req({ maxOutputTokens: 1000, reasoning: { effort: 'low' } }), target('m'));
    assert.equal(none.body.thinking, undefined);
    assert.match(none.warnings[0], /dropped thinking: max_tokens 1000/);
    assert.equal(renderRequest(req({ reasoning: { budgetTokens: 0 } }), target('m')).body.thinking, undefined);
  });

  it('maps efforts to budgets (data table) and warns on unknown ones', () => {
    const budget = (effort: string) => (renderRequest(req({ maxOutputTokens: 64000, reasoning: { effort } }), target('m')).body.thinking as Json | undefined)?.budget_tokens;
    assert.deepEqual(['low', 'medium', 'high', 'none'].map(budget), [1024, 4096, 16384, undefined]);
    assert.deepEqual(renderRequest(req({ reasoning: { effort: 'turbo' } }), target('m')).warnings, [`dropped unsupported reasoning effort 'turbo'`]);
  });

  it('drops sampling settings Anthropic refuses with thinking, and clamps temperature to 1', () => {
    const withThinking = renderRequest(req({ maxOutputTokens: 8000, reasoning: { budgetTokens: 2000 }, temperature: 0.2, topP: 0.5, topK: 5 }), target('m'));
    assert.equal(withThinking.body.temperature, undefined);
    assert.equal(withThinking.body.top_p, undefined);
    assert.equal(withThinking.body.top_k, undefined);
    assert.equal(withThinking.warnings.length, 3);
    const hot = renderRequest(req({ temperature: 1.7, topK: 5 }), target('m'));
    assert.equal(hot.body.temperature, 1);
    assert.equal(hot.body.top_k, 5);
    assert.deepEqual(hot.warnings, [`temperature 1.7 clamped to 1 (Anthropic's maximum)`]);
  });

  it('drops unsigned reasoning with a warning, sanitises foreign tool ids, and sends bad arguments as {}', () => {
    const { body, warnings } = renderRequest(
      req({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'deepseek thoughts' },
              { type: 'tool-call', id: 'functions.get:0', name: 'get', arguments: '{"a":' },
              { type: 'tool-call', id: 'call_2', name: 'get', arguments: '' },
            ],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'functions.get:0', content: [{ type: 'text', text: 'r1' }] }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_2', content: [] }] },
        ],
      }),
      target('m'),
    );
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'functions_get_0', name: 'get', input: {} },
          { type: 'tool_use', id: 'call_2', name: 'get', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'functions_get_0', content: 'r1' },
          { type: 'tool_result', tool_use_id: 'call_2' },
        ],
      },
    ]);
    assert.deepEqual(warnings, [
      'dropped unsupported reasoning without an Anthropic signature in messages[1]',
      `arguments of tool call 'get' in messages[1] are not a JSON object; sent as {}`,
    ]);
  });

  it('drops thinking when the last tool-calling assistant turn has no signed thinking block', () => {
    const { body, warnings } = renderRequest(
      req({
        maxOutputTokens: 8000,
        reasoning: { effort: 'medium' },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'r' }] }] },
        ],
      }),
      target('m'),
    );
    assert.equal(body.thinking, undefined);
    assert.match(warnings[0], /^dropped thinking: the last assistant turn calls tools/);
  });

  it('never throws on odd canonical input', () => {
    const odd: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'image', url: 'https://x/y.png' }] },
        { role: 'assistant', content: [{ type: 'image', data: 'zzz' }, { type: 'tool-result', toolCallId: 'x', content: [] }] },
        { role: 'user', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '[1]' }, { type: 'file', data: 'AAAA', mediaType: 'audio/wav' }, { type: 'image' }] },
        { role: 'tool', content: [{ type: 'reasoning', text: '', redactedData: 'r' }, { type: 'text', text: '' }] },
      ],
      tools: [{ name: 'f' }],
      toolChoice: { type: 'tool', name: 'f' },
      stop: ['\n', ' '],
      reasoning: { budgetTokens: -1 },
    };
    const { body, warnings } = renderRequest(odd, target('m'));
    assert.ok(Array.isArray(body.messages));
    assert.deepEqual(body.tools, [{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
    assert.equal(body.stop_sequences, undefined);
    assert.ok(warnings.length >= 8, warnings.join('\n'));
  });

  it('gives back an Anthropic client\'s strict tools and the tool fields the canonical model does not know', () => {
    const tools = [
      { name: 'g', description: 'd', input_schema: { type: 'object' }, strict: true },
      { name: 'h', input_schema: { type: 'object' }, defer_loading: true, input_examples: [{ input: {} }], cache_control: { type: 'ephemeral' } },
    ];
    const original = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }], tools };
    const { body, warnings } = roundTrip(original);
    assert.deepEqual(warnings, []);
    assert.deepEqual(body.tools, tools);
  });

  it('sends an Anthropic client\'s structured output natively, not as a system instruction', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const original = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'x' }], output_config: { format: { type: 'json_schema', schema } } };
    const { body, warnings } = roundTrip(original);
    assert.deepEqual(warnings, []);
    assert.deepEqual(body, original);
  });
});
