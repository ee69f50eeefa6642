import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayError } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { readJsonFixture, readPydanticCassette } from './test-helpers.js';

const codex = readJsonFixture('codex-cli-responses-session.json') as Array<{ body: Record<string, any> }>;
const current = readJsonFixture('codex-cli-0.17x-responses-request.json') as { body: Record<string, any> };

const rejects = (body: unknown, param: RegExp, message: RegExp) =>
  assert.throws(() => parseRequest(body), (e: GatewayError) => e.reason === 'validation_error' && param.test(e.param ?? '') && message.test(e.message));

describe('openai-responses parseRequest', () => {
  it('reads a string input, instructions and the sampling fields', () => {
    const req = parseRequest({ model: 'gpt-4o', input: 'Hi', instructions: 'Be brief.', max_output_tokens: 50, temperature: 0.5, top_p: 0.9, user: 'u1', stream: true, reasoning: { effort: 'low' }, parallel_tool_calls: false });
    assert.deepEqual(req.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    assert.equal(req.stream, true);
    assert.equal(req.maxOutputTokens, 50);
    assert.equal(req.temperature, 0.5);
    assert.equal(req.topP, 0.9);
    assert.equal(req.user, 'u1');
    assert.deepEqual(req.reasoning, { effort: 'low' });
    assert.equal(req.parallelToolCalls, false);
    assert.deepEqual(req.extensions, { protocol: 'openai-responses', fields: { instructions: 'Be brief.', reasoning: { effort: 'low' } }, translated: ['instructions', 'reasoning'] });
  });

  it('replays the pydantic-ai requests: messages without type, function_call and its output', () => {
    const [first, second] = readPydanticCassette('pydantic-ai__test_openai_responses_model_simple_response_with_tool_call.yaml');
    const a = parseRequest(first.request);
    assert.deepEqual(a.tools, [{ name: 'get_capital', parameters: first.request.tools[0].parameters, strict: true }]);
    assert.deepEqual(a.toolChoice, { type: 'auto' });
    const b = parseRequest(second.request);
    assert.deepEqual(b.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_YfwRsW8sUxDKipwyhWTzOXCA', name: 'get_capital', arguments: '{"country":"PotatoLand"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_YfwRsW8sUxDKipwyhWTzOXCA', content: [{ type: 'text', text: 'Potato City' }] }] },
    ]);
    // an empty instructions string is no system message
    assert.equal(parseRequest(readPydanticCassette('pydantic-ai__test_openai_responses_stream.yaml')[0].request).messages[0].role, 'user');
  });

  it('reads the Codex 0.38 session: custom tool as a one-argument function, hosted tool left out, history joined by turn', () => {
    const first = parseRequest(codex[0].body);
    assert.equal(first.messages[0].role, 'system');
    assert.equal(first.messages.length, 4);
    assert.deepEqual(first.tools?.map((t) => t.name), ['shell', 'update_plan', 'apply_patch', 'view_image']);
    const patch = first.tools?.find((t) => t.name === 'apply_patch');
    assert.deepEqual(patch?.parameters?.required, ['input']);
    assert.match(patch?.description ?? '', /lark grammar:\nstart: begin_patch/);
    assert.equal(first.extensions?.fields.prompt_cache_key, codex[0].body.prompt_cache_key);
    assert.ok(!first.extensions?.translated?.includes('prompt_cache_key'), 'an unknown field is warned about by other protocols');
    assert.ok(first.extensions?.translated?.includes('include'));

    const later = parseRequest(codex[1].body);
    const roles = later.messages.map((m) => m.role);
    assert.deepEqual(roles, ['system', 'user', 'user', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'user']);
    const [reasoning, call] = later.messages[4].content;
    assert.equal(reasoning.type, 'reasoning');
    assert.equal(reasoning.type === 'reasoning' && reasoning.text, '**Searching for flag usages**\n\nPlaceholder reasoning summary.');
    assert.equal(reasoning.type === 'reasoning' && typeof reasoning.extensions?.fields.encrypted_content, 'string');
    assert.equal(call.type === 'tool-call' && call.name, 'shell');
    const custom = later.messages[6].content[1];
    assert.ok(custom.type === 'tool-call');
    assert.equal(custom.name, 'apply_patch');
    assert.ok((JSON.parse(custom.arguments) as { input: string }).input.startsWith('*** Begin Patch'));
    const output = later.messages[7].content[0];
    assert.ok(output.type === 'tool-result' && output.toolCallId === custom.id);
    assert.deepEqual(later.messages[8].content, [{ type: 'text', text: 'Renamed `legacyMode` to `compatMode` in `src/config.ts` and `src/server.ts`.' }]);
  });

  it('reads the Codex 0.17x shape: developer messages, item ids, namespaces flattened, no output bound', () => {
    const req = parseRequest(current.body);
    assert.deepEqual(req.messages.map((m) => m.role), ['system', 'system', 'user', 'user', 'user', 'assistant', 'tool', 'assistant', 'user']);
    assert.deepEqual(req.tools?.map((t) => t.name), ['shell_command', 'update_plan', 'apply_patch', 'mcp__docs__search', 'mcp__docs__fetch_page']);
    const call = req.messages[5].content[1];
    assert.ok(call.type === 'tool-call' && call.name === 'mcp__docs__search');
    assert.equal(req.maxOutputTokens, undefined);
    assert.equal(req.parallelToolCalls, true);
    assert.deepEqual(Object.keys(req.extensions?.fields ?? {}).sort(), ['client_metadata', 'include', 'prompt_cache_key', 'reasoning', 'store', 'text', 'tool_choice', 'tools'].sort());
  });

  it('reads images, files, refusals, tool outputs with parts and json_schema format', () => {
    const req = parseRequest({
      model: 'm',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'see' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }, { type: 'input_image', image_url: 'https://x.test/a.png' }, { type: 'input_file', file_data: 'data:application/pdf;base64,BBBB', filename: 'a.pdf' }, { type: 'input_file', file_id: 'file-1' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'ok' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } },
      tool_choice: { type: 'function', name: 'f' },
    });
    assert.deepEqual(req.messages[0].content, [
      { type: 'text', text: 'see' },
      { type: 'image', data: 'AAAA', mediaType: 'image/png', detail: 'low' },
      { type: 'image', url: 'https://x.test/a.png' },
      { type: 'file', data: 'BBBB', mediaType: 'application/pdf', filename: 'a.pdf' },
      { type: 'native', protocol: 'openai-responses', block: { type: 'input_file', file_id: 'file-1' } },
    ]);
    assert.deepEqual(req.messages[1], { role: 'assistant', content: [{ type: 'refusal', text: 'no' }] });
    assert.deepEqual(req.messages[2].content[0], { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'ok' }] });
    assert.deepEqual(req.messages[3].content[0], { type: 'native', protocol: 'openai-responses', block: { type: 'web_search_call', id: 'ws_1', status: 'completed' } });
    assert.deepEqual(req.responseFormat, { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true });
    assert.deepEqual(req.toolChoice, { type: 'tool', name: 'f' });
    assert.deepEqual(parseRequest({ model: 'm', input: 'x', tool_choice: { type: 'web_search' } }).toolChoice, { type: 'auto' });
    assert.deepEqual(parseRequest({ model: 'm', input: 'x', tool_choice: { type: 'allowed_tools', mode: 'required', tools: [] } }).toolChoice, { type: 'required' });
  });

  it('rejects bad input with a 400 naming the field', () => {
    rejects(null, /^$/, /JSON object/);
    rejects({ input: 'x' }, /model/, /model/);
    rejects({ model: 'm' }, /input/, /input/);
    rejects({ model: 'm', input: 7 }, /input/, /string or an array/);
    rejects({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, /^input\[0\]\.role$/, /one of user, assistant, system, developer/);
    rejects({ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, /^input\[0\]\.call_id$/, /call_id/);
    rejects({ model: 'm', input: [{ type: 'reasoning', summary: [{ type: 'x', text: 1 }] }] }, /^input\[0\]\.summary/, /summary/);
    rejects({ model: 'm', input: 'x', tools: [{ type: 'function' }] }, /^tools\[0\]\.name$/, /name/);
    rejects({ model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'n', tools: [{ type: 'web_search' }] }] }, /^tools\[0\]\.tools\[0\]\.type$/, /function or custom/);
    rejects({ model: 'm', input: 'x', max_output_tokens: 0 }, /max_output_tokens/, /positive integer/);
    rejects({ model: 'm', input: 'x', text: { format: { type: 'json_schema' } } }, /^text\.format\.name$/, /name/);
    rejects({ model: 'm', input: 'x', temperature: 3 }, /temperature/, /between 0 and 2/);
    rejects({ model: 'm', input: 'x', store: 'yes' }, /store/, /boolean/);
  });

  it('keeps a "__proto__" field inert', () => {
    const body = JSON.parse('{"model":"m","input":"x","__proto__":{"polluted":true}}');
    const req = parseRequest(body);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(req.extensions?.fields ?? {}), ['__proto__']);
  });
});
