import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatResponse } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';
import { readJsonFixture } from './test-helpers.js';
import { decodeReasoning } from './map-reasoning.js';

const META = { id: 'resp_xyz', model: 'anthropic/claude-test', created: 1_700_000_000, xChuizi: { generation_id: 'gen-xyz', latency_ms: 1, cost: '0.00000001' } };
const answer = (content: ChatResponse['choices'][0]['content'], unified: 'stop' | 'length' | 'tool-calls' = 'stop'): ChatResponse => ({ choices: [{ index: 0, content, finishReason: { unified } }], usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: 2 } });

describe('openai-responses renderResponse', () => {
  it('renders a response object the SDK reads, echoing the request settings', () => {
    const request = parseRequest({ model: 'claude-test', input: 'x', instructions: 'Be brief.', tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }], tool_choice: 'required', text: { format: { type: 'json_object' } }, reasoning: { effort: 'high' }, max_output_tokens: 99, temperature: 0.2, metadata: { a: 'b' }, store: false, previous_response_id: 'resp_prev' });
    const body = renderResponse(answer([{ type: 'text', text: 'Hi' }, { type: 'text', text: ' there' }]), { ...META, request });
    assert.deepEqual(body, {
      id: 'resp_xyz', object: 'response', created_at: 1_700_000_000, status: 'completed', error: null, incomplete_details: null,
      instructions: 'Be brief.', max_output_tokens: 99, model: 'anthropic/claude-test',
      output: [{ type: 'message', id: 'msg_xyz_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi there', annotations: [], logprobs: [] }] }],
      parallel_tool_calls: true, previous_response_id: 'resp_prev', reasoning: { effort: 'high' }, store: false, temperature: 0.2,
      text: { format: { type: 'json_object' } }, tool_choice: 'required', tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }], top_p: 1, truncation: 'disabled',
      usage: { input_tokens: 7, input_tokens_details: { cached_tokens: 2 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 10 },
      user: null, metadata: { a: 'b' }, x_chuizi: META.xChuizi,
    });
  });

  it('renders reasoning, refusal and tool calls as their items; other protocols\' blocks are left out', () => {
    const body = renderResponse(answer([
      { type: 'reasoning', text: 'Let me think.', signature: 'anthropic-sig' },
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      { type: 'refusal', text: 'no' },
      { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use' } },
      { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ], 'tool-calls'), META);
    const output = body.output as Array<Record<string, any>>;
    assert.deepEqual(output.map((o) => [o.type, o.id]), [['reasoning', 'rs_xyz_0'], ['reasoning', 'rs_xyz_1'], ['message', 'msg_xyz_2'], ['function_call', 'fc_xyz_3']]);
    assert.deepEqual(output[0].summary, [{ type: 'summary_text', text: 'Let me think.' }]);
    // signed and redacted thinking ride in encrypted_content, and come back whole on the next turn
    assert.deepEqual(decodeReasoning(output[0].encrypted_content), { text: 'Let me think.', signature: 'anthropic-sig' });
    assert.deepEqual([output[1].summary, decodeReasoning(output[1].encrypted_content)], [[], { text: '', redactedData: 'opaque' }]);
    const next = parseRequest({ model: 'm', input: [output[0], output[1], { role: 'user', content: 'go on' }] });
    assert.deepEqual(next.messages[0].content, [{ type: 'reasoning', text: 'Let me think.', signature: 'anthropic-sig' }, { type: 'reasoning', text: '', redactedData: 'opaque' }]);
    assert.deepEqual(output[2].content, [{ type: 'refusal', refusal: 'no' }]);
    assert.deepEqual(output[3], { type: 'function_call', id: 'fc_xyz_3', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
  });

  it('gives back a Responses upstream\'s reasoning with its encrypted_content (vercel-ai body)', () => {
    const upstream = readJsonFixture('vercel-ai__openai-reasoning-encrypted-content.1.json');
    const body = renderResponse(parseResponse(upstream), META) as { output: Array<Record<string, unknown>> };
    assert.equal(body.output[0].encrypted_content, upstream.output[0].encrypted_content);
    assert.deepEqual(body.output[0].summary, upstream.output[0].summary);
    assert.deepEqual((body.output[1].content as unknown[])[0], upstream.output[1].content[0]);
  });

  it('reports a cut answer as incomplete, and a custom tool call as custom_tool_call with its freeform input', () => {
    const request = parseRequest({ model: 'm', input: 'x', tools: [{ type: 'custom', name: 'apply_patch' }] });
    const cut = renderResponse(answer([{ type: 'text', text: 'cu' }], 'length'), META);
    assert.deepEqual([cut.status, cut.incomplete_details], ['incomplete', { reason: 'max_output_tokens' }]);
    const custom = renderResponse(answer([{ type: 'tool-call', id: 'c', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' }], 'tool-calls'), { ...META, request });
    assert.deepEqual(custom.output, [{ type: 'custom_tool_call', id: 'ctc_xyz_0', call_id: 'c', name: 'apply_patch', input: '*** Begin Patch', status: 'completed' }]);
    // a model that answered the freeform tool with bare text still gets it through
    const bare = renderResponse(answer([{ type: 'tool-call', id: 'c', name: 'apply_patch', arguments: '*** raw' }], 'tool-calls'), { ...META, request });
    assert.equal((bare.output as Array<Record<string, unknown>>)[0].input, '*** raw');
  });
});
