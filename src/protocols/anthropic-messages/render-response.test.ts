import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatResponse } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';
import { recordedResponses } from './test-helpers.js';

type Json = Record<string, unknown>;
const meta = { id: 'gen-abcdefghijklmnopqrstuvwx', model: 'anthropic/claude-sonnet-4-5' };

describe('response round trip: upstream message → core → client message', () => {
  for (const [name, original] of recordedResponses()) {
    it(name, () => {
      const out = renderResponse(parseResponse(original), meta);
      assert.equal(out.id, meta.id);
      assert.equal(out.type, 'message');
      assert.equal(out.role, 'assistant');
      assert.equal(out.model, meta.model);
      assert.deepEqual(out.content, original.content);
      assert.equal(out.stop_reason, original.stop_reason);
      assert.equal(out.stop_sequence, null);
      const usage = original.usage as Json;
      // The upstream's three input numbers come back unchanged: nothing was counted twice.
      assert.deepEqual(out.usage, {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
      });
    });
  }
});

describe('renderResponse from other vendors', () => {
  it('renders OpenAI-style content: unsigned reasoning, refusal as text, tool calls, usage with cached tokens', () => {
    const res: ChatResponse = {
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'hmm' },
            { type: 'text', text: 'Calling.' },
            { type: 'refusal', text: 'Not that.' },
            { type: 'tool-call', id: 'call_1', name: 'f', arguments: '{"a":1}' },
            { type: 'tool-call', id: 'call_2', name: 'g', arguments: '{"cut' },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        },
        { index: 1, content: [{ type: 'text', text: 'ignored' }], finishReason: { unified: 'stop' } },
      ],
      usage: { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 800, reasoningTokens: 20 },
    };
    assert.deepEqual(renderResponse(res, meta), {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: [
        { type: 'thinking', thinking: 'hmm', signature: '' },
        { type: 'text', text: 'Calling.' },
        { type: 'text', text: 'Not that.' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
        { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 200, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 800 },
    });
  });

  it('maps stop reasons, says tool_use when a vendor said stop beside tool calls, and never renders negative input', () => {
    const one = (content: ChatResponse['choices'][number]['content'], unified: 'stop' | 'length' | 'content-filter' | 'error' | 'other', raw?: string) =>
      renderResponse({ choices: [{ index: 0, content, finishReason: { unified, raw } }], usage: { inputTokens: 5, cacheReadTokens: 9 } }, meta);
    assert.equal(one([], 'length', 'length').stop_reason, 'max_tokens');
    assert.equal(one([], 'content-filter', 'content_filter').stop_reason, 'refusal');
    assert.equal(one([], 'stop', 'stop_sequence').stop_reason, 'stop_sequence');
    assert.equal(one([], 'other').stop_reason, 'end_turn');
    assert.equal(one([{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }], 'stop', 'stop').stop_reason, 'tool_use');
    assert.deepEqual((one([], 'stop').usage as Json).input_tokens, 0);
    const redacted = renderResponse({ choices: [{ index: 0, content: [{ type: 'reasoning', text: '', redactedData: 'xyz' }], finishReason: { unified: 'stop' } }], usage: {} }, meta);
    assert.deepEqual(redacted.content, [{ type: 'redacted_thinking', data: 'xyz' }]);
    assert.deepEqual(renderResponse({ choices: [], usage: {} }, meta).content, []);
  });
});

describe('renderResponse: stop_sequence, server-tool blocks, citations', () => {
  it('renders the matched stop sequence only with stop_reason stop_sequence', () => {
    const res = (finishReason: ChatResponse['choices'][0]['finishReason']): ChatResponse => ({ choices: [{ index: 0, content: [{ type: 'text', text: '1' }], finishReason }], usage: {} });
    assert.equal(renderResponse(res({ unified: 'stop', raw: 'stop_sequence', stopSequence: ', 2' }), meta).stop_sequence, ', 2');
    assert.equal(renderResponse(res({ unified: 'stop', raw: 'stop' }), meta).stop_sequence, null);
  });

  it('renders Anthropic native blocks and citations verbatim, and leaves other protocols\' native blocks out', () => {
    const citation = { type: 'char_location', cited_text: 'x', document_index: 0, start_char_index: 0, end_char_index: 1 };
    const out = renderResponse(
      {
        choices: [
          {
            index: 0,
            content: [
              { type: 'native', protocol: 'anthropic', block: { type: 'web_search_tool_result', tool_use_id: 's', content: [] } },
              { type: 'native', protocol: 'gemini', block: { type: 'executableCode' } },
              { type: 'text', text: 'x', citations: [citation] },
            ],
            finishReason: { unified: 'stop', raw: 'end_turn' },
          },
        ],
        usage: {},
      },
      meta,
    );
    assert.deepEqual(out.content, [{ type: 'web_search_tool_result', tool_use_id: 's', content: [] }, { type: 'text', text: 'x', citations: [citation] }]);
  });
});
