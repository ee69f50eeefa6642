import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Part, ToolResultPart } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { readJsonFixture, readPydanticCassette, recordedRequests } from './test-helpers.js';

type Json = Record<string, unknown>;
const clientBody = (name: string) => (readJsonFixture(name) as { body: Json }).body;
const types = (parts: Part[]) => parts.map((p) => p.type);
const user = (content: unknown) => ({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content }] });

describe('parseRequest', () => {
  it('parses Claude Code\'s first turn: cached system blocks, 19 tools, thinking, metadata', () => {
    const body = clientBody('claude-code-2.0-main-first-turn.json');
    const req = parseRequest(body);
    assert.equal(req.model, 'claude-sonnet-4-5-20250929');
    assert.equal(req.maxOutputTokens, 32000);
    assert.equal(req.temperature, 1);
    assert.equal(req.stream, true);
    assert.deepEqual(req.reasoning, { budgetTokens: 31999 });
    assert.match(req.user ?? '', /^user_[0-9a-f]{64}_account__session_/);
    const [system, first] = req.messages;
    assert.equal(system.role, 'system');
    assert.deepEqual(system.content.map((p) => p.type === 'text' && p.cacheControl), [{ type: 'ephemeral' }, { type: 'ephemeral' }]);
    assert.equal(first.role, 'user');
    assert.deepEqual(types(first.content), ['text', 'text', 'text']);
    assert.deepEqual(first.content[2].type === 'text' && first.content[2].cacheControl, { type: 'ephemeral' });
    assert.equal(req.tools?.length, 19);
    assert.equal(req.tools?.[0].name, 'Task');
    assert.deepEqual(req.tools?.[1].parameters, (body.tools as Json[])[1].input_schema);
    assert.equal(req.extensions, undefined);
  });

  it('parses Claude Code\'s later turn: signed thinking, parallel tool calls, is_error, image results', () => {
    const req = parseRequest(clientBody('claude-code-2.0-main-later-turn.json'));
    const roles = req.messages.map((m) => m.role);
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    const assistant = req.messages[2];
    assert.deepEqual(types(assistant.content), ['reasoning', 'text', 'tool-call', 'tool-call']);
    const thinking = assistant.content[0];
    assert.ok(thinking.type === 'reasoning' && thinking.signature && thinking.signature.length > 100);
    const call = assistant.content[2];
    assert.ok(call.type === 'tool-call');
    assert.equal(call.id, 'toolu_01BTxeZ47FNaNM3FXDqLTNpX');
    assert.equal(call.name, 'Read');
    assert.equal(typeof JSON.parse(call.arguments), 'object');
    // Both results of the parallel calls stay in one user message, in order, as they came.
    const results = req.messages[3].content as ToolResultPart[];
    assert.deepEqual(results.map((r) => [r.type, r.toolCallId, r.isError]), [
      ['tool-result', 'toolu_01BTxeZ47FNaNM3FXDqLTNpX', undefined],
      ['tool-result', 'toolu_01lNsGZ5zlsuTdLOyjHpT7Tl', true],
    ]);
    const image = (req.messages[5].content[0] as ToolResultPart).content[0];
    assert.ok(image.type === 'image');
    assert.equal(image.mediaType, 'image/png');
    assert.match(image.data ?? '', /^iVBORw0KGgo/);
    // The last user turn mixes a tool result and cached text.
    assert.deepEqual(types(req.messages[9].content), ['tool-result', 'text']);
  });

  it('parses the Haiku side call: string content, assistant prefill, empty tools', () => {
    const req = parseRequest(clientBody('claude-code-2.0-haiku-topic.json'));
    assert.deepEqual(req.tools, []);
    assert.deepEqual(req.messages.slice(1), [
      { role: 'user', content: [{ type: 'text', text: 'Add a per-client rate limit to the /v1/orders endpoint and cover it with a test.' }] },
      { role: 'assistant', content: [{ type: 'text', text: '{' }] },
    ]);
  });

  it('parses every request recorded in the pydantic-ai and langchaingo fixtures', () => {
    const bodies = recordedRequests().map(([, body]) => body);
    assert.equal(bodies.length, 13);
    for (const body of bodies) assert.equal(parseRequest(body).model, body.model);
  });

  it('keeps a top-level cache_control and output_config as anthropic extensions', () => {
    const [cached] = readPydanticCassette('pydantic-ai__test_anthropic_cache_real_api.yaml');
    assert.deepEqual(parseRequest(cached.requestBody).extensions, { protocol: 'anthropic', fields: { cache_control: { ttl: '5m', type: 'ephemeral' } } });
    const [effort] = readPydanticCassette('pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml');
    const req = parseRequest(effort.requestBody);
    // Effort without thinking is a spending setting, not a reasoning request.
    assert.equal(req.reasoning, undefined);
    assert.deepEqual(req.extensions, { protocol: 'anthropic', fields: { output_config: { effort: 'xhigh' } } });
  });

  it('maps thinking and effort: enabled, adaptive (+effort), between_tools, disabled', () => {
    const base = user('x');
    assert.deepEqual(parseRequest({ ...base, thinking: { type: 'enabled', budget_tokens: 2048 } }).reasoning, { budgetTokens: 2048 });
    assert.deepEqual(parseRequest({ ...base, thinking: { type: 'adaptive' } }).reasoning, { adaptive: true });
    const adaptive = parseRequest({ ...base, thinking: { type: 'adaptive' }, output_config: { effort: 'high' } });
    // Adaptive thinking keeps its effort, and stays distinct from the effort alone (no reasoning).
    assert.deepEqual(adaptive.reasoning, { adaptive: true, effort: 'high' });
    assert.deepEqual(adaptive.extensions?.fields.output_config, { effort: 'high' });
    assert.equal(parseRequest({ ...base, output_config: { effort: 'high' } }).reasoning, undefined);
    assert.equal(parseRequest({ ...base, thinking: { type: 'disabled' } }).reasoning, undefined);
    // What the canonical reasoning cannot say (display, between_tools) is kept verbatim for Anthropic.
    const display = parseRequest({ ...base, thinking: { type: 'adaptive', display: 'omitted' } });
    assert.deepEqual(display.extensions?.fields.thinking, { type: 'adaptive', display: 'omitted' });
    const between = parseRequest({ ...base, thinking: { type: 'between_tools' } });
    assert.deepEqual([between.reasoning, between.extensions?.fields.thinking], [{ adaptive: true }, { type: 'between_tools' }]);
  });

  it('parses tool_result content given as a string, as blocks, and absent; images; documents', () => {
    const req = parseRequest(
      user([
        { type: 'tool_result', tool_use_id: 't1', content: 'Mexico', is_error: false },
        { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        { type: 'tool_result', tool_use_id: 't3', cache_control: { type: 'ephemeral' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'a.pdf' },
        { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' }, cache_control: { type: 'ephemeral' } },
      ]),
    );
    assert.deepEqual(req.messages[0].content, [
      { type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'Mexico' }], isError: false },
      { type: 'tool-result', toolCallId: 't2', content: [{ type: 'text', text: 'a', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
      { type: 'tool-result', toolCallId: 't3', content: [], cacheControl: { type: 'ephemeral' } },
      { type: 'image', url: 'https://example.com/a.jpg' },
      { type: 'file', data: 'JVBERi0x', mediaType: 'application/pdf', filename: 'a.pdf' },
      { type: 'file', url: 'https://example.com/b.pdf' },
      { type: 'file', data: Buffer.from('héllo').toString('base64'), mediaType: 'text/plain', cacheControl: { type: 'ephemeral' } },
    ]);
  });

  it('parses redacted thinking and thinking with an empty signature', () => {
    const req = parseRequest({
      ...user('q'),
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EqkEC…' }, { type: 'thinking', thinking: 'from another vendor', signature: '' }] },
      ],
    });
    assert.deepEqual(req.messages[1].content, [
      { type: 'reasoning', text: '', redactedData: 'EqkEC…' },
      { type: 'reasoning', text: 'from another vendor' },
    ]);
  });

  it('maps tool_choice and disable_parallel_tool_use; keeps server tools and unknown fields as extensions', () => {
    const tools = [
      { name: 'f', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
      { type: 'custom', name: 'g', description: 'd', input_schema: { type: 'object' }, strict: true },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
    ];
    const req = parseRequest({ ...user('x'), tools, tool_choice: { type: 'any', disable_parallel_tool_use: true }, context_management: { edits: [] }, service_tier: 'auto' });
    assert.deepEqual(req.tools, [
      { name: 'f', parameters: { type: 'object' }, cacheControl: { type: 'ephemeral' } },
      // strict is also Anthropic's own setting: kept verbatim for an Anthropic upstream.
      { name: 'g', description: 'd', parameters: { type: 'object' }, strict: true, extensions: { protocol: 'anthropic', fields: { strict: true } } },
    ]);
    const deferred = parseRequest({ ...user('x'), tools: [{ name: 'h', input_schema: { type: 'object' }, defer_loading: true, allowed_callers: ['direct'] }] });
    assert.deepEqual(deferred.tools?.[0].extensions, { protocol: 'anthropic', fields: { defer_loading: true, allowed_callers: ['direct'] } });
    assert.deepEqual(req.toolChoice, { type: 'required' });
    assert.equal(req.parallelToolCalls, false);
    assert.deepEqual(req.extensions, { protocol: 'anthropic', fields: { context_management: { edits: [] }, service_tier: 'auto', tools: [tools[2]] } });
    assert.deepEqual(parseRequest({ ...user('x'), tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: false } }).toolChoice, { type: 'tool', name: 'f' });
    assert.equal(parseRequest({ ...user('x'), tool_choice: { type: 'auto', disable_parallel_tool_use: false } }).parallelToolCalls, true);
    assert.deepEqual(parseRequest({ ...user('x'), tool_choice: { type: 'none' } }).toolChoice, { type: 'none' });
  });

  it('maps sampling, stop sequences and string system prompts', () => {
    const req = parseRequest({ ...user('x'), system: 'Be brief.', temperature: 0, top_p: 0.9, top_k: 40, stop_sequences: ['END'], metadata: {} });
    assert.deepEqual(req.messages[0], { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] });
    assert.equal(req.temperature, 0);
    assert.equal(req.topP, 0.9);
    assert.equal(req.topK, 40);
    assert.deepEqual(req.stop, ['END']);
    assert.equal(req.user, undefined);
    assert.equal(req.stream, false);
  });

  it('keeps a mid-conversation system message in place (Claude Code 2.1), with clear_at and output_config', () => {
    const req = parseRequest(clientBody('claude-code-2.1-main-mid-conversation-system.json'));
    assert.deepEqual(req.messages.map((m) => [m.role, m.inline ?? false]), [['system', false], ['user', false], ['system', true]]);
    const env = req.messages[2].content[0];
    assert.equal(env.type === 'text' && env.cacheControl?.ttl, '1h');
    const shapes = parseRequest({
      ...user('q'),
      messages: [
        { role: 'user', content: 'q' },
        { role: 'system', content: 'as a string', clear_at: 'next_user_message', output_config: { effort: 'low' } },
        { role: 'assistant', content: 'a' },
        { role: 'user', content: 'q2' },
        { role: 'system', output_config: { effort: 'high' } },
        { role: 'system', content: [{ type: 'text', text: 't' }, { type: 'tool_addition', tool: { type: 'tool_reference', name: 'f' } }] },
      ],
    });
    assert.deepEqual(shapes.messages[1], {
      role: 'system',
      content: [{ type: 'text', text: 'as a string' }],
      inline: true,
      clearAtNextUser: true,
      extensions: { protocol: 'anthropic', fields: { clear_at: 'next_user_message', output_config: { effort: 'low' } } },
    });
    assert.deepEqual(shapes.messages[4], { role: 'system', content: [], inline: true, extensions: { protocol: 'anthropic', fields: { output_config: { effort: 'high' } } } });
    assert.deepEqual(shapes.messages[5].content[1], { type: 'native', protocol: 'anthropic', block: { type: 'tool_addition', tool: { type: 'tool_reference', name: 'f' } } });
  });

  it('keeps server-tool blocks, citations, untranslatable sources and unmodelled block fields verbatim', () => {
    const citation = { type: 'web_search_result_location', url: 'https://e.test', title: 'E', encrypted_index: 'Eo', cited_text: 'x' };
    const req = parseRequest({
      ...user('q'),
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }, { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' }, citations: { enabled: true }, context: 'ctx' }] },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 's1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 's1', content: [] },
            { type: 'text', text: 'x', citations: [citation] },
            { type: 'tool_use', id: 't1', name: 'f', input: {}, caller: { type: 'direct' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'search_result', source: 's', title: 't', content: [] }, { type: 'text', text: 'r' }] }] },
      ],
    });
    const [u, a, r] = req.messages;
    assert.deepEqual(u.content[0], { type: 'native', protocol: 'anthropic', block: { type: 'image', source: { type: 'file', file_id: 'file_1' } } });
    assert.deepEqual(u.content[1], { type: 'file', data: 'JVBE', mediaType: 'application/pdf', extensions: { protocol: 'anthropic', fields: { citations: { enabled: true }, context: 'ctx' } } });
    assert.deepEqual(a.content.map((p) => p.type), ['native', 'native', 'text', 'tool-call']);
    assert.deepEqual(a.content[2], { type: 'text', text: 'x', citations: [citation] });
    assert.deepEqual(a.content[3], { type: 'tool-call', id: 't1', name: 'f', arguments: '{}', extensions: { protocol: 'anthropic', fields: { caller: { type: 'direct' } } } });
    const result = r.content[0];
    assert.ok(result.type === 'tool-result');
    assert.deepEqual(result.content, [{ type: 'native', protocol: 'anthropic', block: { type: 'search_result', source: 's', title: 't', content: [] } }, { type: 'text', text: 'r' }]);
  });
});
