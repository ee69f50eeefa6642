import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { readJsonFixture } from './test-helpers.js';

type ClientFixture = { body: Record<string, unknown> };
type Json = Record<string, unknown>;

/** The client's message without `refusal: null` (the SDK's model_dump() sends it; absent is the same). */
const withoutNullRefusal = (m: Json): Json => Object.fromEntries(Object.entries(m).filter(([k, v]) => !(k === 'refusal' && v === null)));

describe('renderRequest', () => {
  it('round-trips the openai-python tools requests (wire → core → wire)', () => {
    for (const { body: original } of readJsonFixture('openai-python-chat-tools-stream.json') as ClientFixture[]) {
      const { body, warnings } = renderRequest(parseRequest(original), { model: 'gpt-4.1-mini-2025-04-14' });
      assert.deepEqual(warnings, []);
      assert.equal(body.model, 'gpt-4.1-mini-2025-04-14');
      assert.deepEqual(body.messages, (original.messages as Json[]).map(withoutNullRefusal));
      for (const key of ['tools', 'tool_choice', 'parallel_tool_calls', 'temperature', 'stream', 'stream_options']) {
        assert.deepEqual(body[key], original[key], key);
      }
    }
  });

  it('round-trips the openai-node image + json_schema request', () => {
    const { body: original } = readJsonFixture('openai-node-chat-image-json-schema.json') as ClientFixture;
    const { body, warnings } = renderRequest(parseRequest(original), { model: 'gpt-4o-mini', maxTokensField: 'max_completion_tokens' });
    assert.deepEqual(warnings, []);
    const [developer, userMessage] = original.messages as Json[];
    // developer becomes system: the canonical model has one system role.
    assert.deepEqual(body.messages, [{ ...developer, role: 'system' }, userMessage]);
    assert.deepEqual(body.response_format, original.response_format);
    assert.equal(body.max_completion_tokens, 400);
    assert.equal(body.max_tokens, undefined);
    assert.equal(body.stream, undefined);
  });

  it('sends max_tokens by default', () => {
    const { body } = renderRequest(parseRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 9 }), { model: 'u' });
    assert.equal(body.max_tokens, 9);
  });

  it('always asks for stream usage upstream on streamed calls', () => {
    const req = parseRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: false } });
    const { body } = renderRequest(req, { model: 'u' });
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('spreads openai extensions into the body without overriding rendered fields', () => {
    const req: ChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      stream: false,
      temperature: 1,
      extensions: { protocol: 'openai', fields: { logprobs: true, top_logprobs: 2, temperature: 2 } },
    };
    const { body, warnings } = renderRequest(req, { model: 'u' });
    assert.deepEqual(warnings, []);
    assert.equal(body.logprobs, true);
    assert.equal(body.top_logprobs, 2);
    assert.equal(body.temperature, 1);
  });

  it('drops extensions of another protocol with one warning each', () => {
    const req: ChatRequest = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      stream: false,
      topK: 5,
      extensions: { protocol: 'anthropic', fields: { metadata: { user_id: 'u' }, container: 'c' } },
    };
    const { body, warnings } = renderRequest(req, { model: 'u' });
    assert.equal(body.metadata, undefined);
    assert.deepEqual(warnings, ["dropped unsupported field 'top_k'", "dropped unsupported field 'metadata'", "dropped unsupported field 'container'"]);
  });

  it('renders history from another protocol: reasoning dropped silently, tool results split out, inexpressible parts warned', () => {
    const req: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys', cacheControl: { type: 'ephemeral' } }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image', data: 'AAAA', mediaType: 'image/jpeg' },
            { type: 'file', url: 'https://example.com/a.pdf', mediaType: 'application/pdf' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm', signature: 'sig' },
            { type: 'text', text: 'calling' },
            { type: 'tool-call', id: 't1', name: 'f', arguments: '{"a":1}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'ok' }, { type: 'image', url: 'https://example.com/i.png' }], isError: true },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    };
    const { body, warnings } = renderRequest(req, { model: 'u' });
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'sys' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
        ],
      },
      { role: 'assistant', content: 'calling', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'ok' },
      { role: 'user', content: 'thanks' },
    ]);
    assert.deepEqual(warnings, [
      "dropped unsupported content part 'file' given by URL in messages[1]",
      'dropped unsupported is_error flag of a tool result (only its text is sent) in messages[3]',
      "dropped unsupported content part 'image' of a tool result in messages[3]",
    ]);
  });

  it('renders tool choice, response formats, reasoning effort and files', () => {
    const req: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', data: 'UklGRg==', mediaType: 'audio/wav' },
            { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf', filename: 'a.pdf' },
          ],
        },
        { role: 'assistant', content: [{ type: 'refusal', text: 'no' }] },
      ],
      toolChoice: { type: 'tool', name: 'f' },
      responseFormat: { type: 'json_object' },
      reasoning: { effort: 'high', budgetTokens: 1000 },
      stop: ['x'],
    };
    const { body, warnings } = renderRequest(req, { model: 'u' });
    assert.deepEqual(warnings, ['assistant prefill is sent as a previous turn: the upstream will not continue it']);
    assert.deepEqual((body.messages as Json[])[0].content, [
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
    ]);
    assert.deepEqual((body.messages as Json[])[1], { role: 'assistant', content: null, refusal: 'no' });
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'f' } });
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.equal(body.reasoning_effort, 'high');
    assert.deepEqual(body.stop, ['x']);
  });

  it('warns about a thinking budget it cannot express', () => {
    const req: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], reasoning: { budgetTokens: 2048 } };
    assert.deepEqual(renderRequest(req, { model: 'u' }).warnings, ["dropped unsupported field 'reasoning.budget_tokens'"]);
  });
});

describe('renderRequest warnings for what Chat Completions cannot carry', () => {
  it('names an is_error tool result and an assistant prefill', () => {
    const { warnings } = renderRequest(
      {
        model: 'm', stream: false,
        messages: [
          { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', isError: true, content: [{ type: 'text', text: 'boom' }] }] },
          { role: 'assistant', content: [{ type: 'text', text: '{' }] },
        ],
      },
      { model: 'up' },
    );
    assert.ok(warnings.some((w) => w.includes('is_error')), warnings.join('; '));
    assert.ok(warnings.some((w) => w.includes('prefill')), warnings.join('; '));
  });

  it('keeps system messages at their position, honours clear_at, and warns about what only Anthropic knows', () => {
    const req: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'top' }] },
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        { role: 'system', content: [{ type: 'text', text: 'only for a' }], inline: true, clearAtNextUser: true, extensions: { protocol: 'anthropic', fields: { clear_at: 'next_user_message' } } },
        {
          role: 'assistant',
          content: [
            { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} } },
            { type: 'text', text: 'ok', citations: [{ type: 'char_location' }] },
            { type: 'tool-call', id: 'c', name: 'f', arguments: '{}', extensions: { protocol: 'anthropic', fields: { caller: { type: 'direct' } } } },
          ],
        },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'native', protocol: 'anthropic', block: { type: 'search_result' } }] }] },
        { role: 'system', content: [{ type: 'text', text: 'still shown' }], inline: true, clearAtNextUser: true },
        { role: 'system', content: [], inline: true, extensions: { protocol: 'anthropic', fields: { output_config: { effort: 'low' } } } },
      ],
    };
    const { body, warnings } = renderRequest(req, { model: 'gpt' });
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'top' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'ok', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: '' },
      { role: 'system', content: 'still shown' },
    ]);
    assert.deepEqual(warnings, [
      'dropped unsupported citations of a text block in messages[3]',
      "dropped unsupported field 'caller' of a content block in messages[3]",
      "dropped unsupported anthropic block 'server_tool_use' in messages[3]",
      "dropped unsupported anthropic block 'search_result' of a tool result in messages[4]",
      "dropped unsupported field 'output_config' in messages[6]",
    ]);
  });

  it('round-trips what the current openai SDK can send beyond the canonical model: custom tools, allowed_tools, legacy functions, file ids', () => {
    const original: Json = {
      model: 'gpt-5',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'read it' }, { type: 'file', file: { file_id: 'file-abc' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'grep', input: 'TODO src/' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'none' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
      tools: [
        { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } },
        { type: 'custom', custom: { name: 'grep', description: 'free text', format: { type: 'text' } } },
      ],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'custom', custom: { name: 'grep' } }] } },
    };
    const req = parseRequest(original);
    assert.deepEqual(req.toolChoice, { type: 'required' });
    const { body, warnings } = renderRequest(req, { model: 'gpt-5' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(body.messages, original.messages);
    assert.deepEqual(body.tools, original.tools);
    assert.deepEqual(body.tool_choice, original.tool_choice);
  });
});
