import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { readJsonFixture, readPydanticCassette } from './test-helpers.js';

const target = { model: 'gpt-upstream' };

describe('openai-responses renderRequest', () => {
  it('renders the canonical request as a Responses body that keeps nothing upstream', () => {
    const [, second] = readPydanticCassette('pydantic-ai__test_openai_responses_model_simple_response_with_tool_call.yaml');
    const { body, warnings } = renderRequest(parseRequest(second.request), target);
    assert.deepEqual(warnings, []);
    assert.deepEqual(body, {
      model: 'gpt-upstream',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the capital of PotatoLand?' }] },
        { type: 'function_call', call_id: 'call_YfwRsW8sUxDKipwyhWTzOXCA', name: 'get_capital', arguments: '{"country":"PotatoLand"}' },
        { type: 'function_call_output', call_id: 'call_YfwRsW8sUxDKipwyhWTzOXCA', output: 'Potato City' },
      ],
      store: false,
      tools: second.request.tools, // a Responses client's own tools, verbatim
      tool_choice: 'auto',
    });
    // another client's tools are rendered from the canonical ones
    const { body: fromChat } = renderRequest({ ...parseRequest(second.request), extensions: undefined }, target);
    assert.deepEqual(fromChat.tools, [{ type: 'function', name: 'get_capital', parameters: second.request.tools[0].parameters, strict: true }]);
  });

  it('keeps a Responses client\'s reasoning items, tools, calls and fields as it sent them; Codex history survives', () => {
    const codex = readJsonFixture('codex-cli-responses-session.json')[1].body;
    const { body, warnings } = renderRequest(parseRequest(codex), target);
    const input = body.input as Array<Record<string, any>>;
    const reasoning = input.filter((i) => i.type === 'reasoning');
    assert.deepEqual(reasoning.map((r) => r.encrypted_content), codex.input.filter((i: any) => i.type === 'reasoning').map((i: any) => i.encrypted_content));
    assert.equal(body.prompt_cache_key, codex.prompt_cache_key, 'same protocol: unknown fields travel verbatim');
    assert.equal(body.store, false);
    assert.deepEqual([body.include, body.reasoning, body.tools], [codex.include, codex.reasoning, codex.tools], 'verbatim for a Responses upstream');
    assert.equal(body.previous_response_id, undefined);
    assert.deepEqual(warnings, []);
    assert.equal(input[0].role, 'system');
    // calls as the client made them: the freeform one with its input, its output as a custom output
    const custom = input.find((i) => i.type === 'custom_tool_call');
    assert.deepEqual(custom, { type: 'custom_tool_call', call_id: 'call_M7Plsxo9gjvzDL255FTlRm3G', name: 'apply_patch', input: codex.input.find((i: any) => i.type === 'custom_tool_call').input });
    assert.equal(input.find((i) => i.call_id === custom?.call_id && i.type.endsWith('_output'))?.type, 'custom_tool_call_output');
  });

  it('warns about what it cannot carry, and about another protocol\'s fields', () => {
    const req: ChatRequest = {
      model: 'm', stream: true, stop: ['x'], seed: 3, n: 1,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image', data: 'AAAA', mediaType: 'image/png' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'anthropic thinking', signature: 's' }, { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use' } }, { type: 'text', text: 'ok' }] },
      ],
      extensions: { protocol: 'anthropic', fields: { metadata: { user_id: 'u' }, thinking: {} }, translated: ['thinking'] },
    };
    const { body, warnings } = renderRequest(req, target);
    assert.deepEqual(body.input, [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
    ]);
    assert.equal(body.stream, true);
    assert.deepEqual(warnings, [
      "dropped unsupported anthropic block 'server_tool_use' in messages[1]",
      "dropped unsupported field 'stop'",
      "dropped unsupported field 'seed'",
      "dropped unsupported field 'metadata'",
    ]);
  });
});
