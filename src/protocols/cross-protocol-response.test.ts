import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordedResponses as anthropicResponses } from './anthropic-messages/test-helpers.js';
import { recordedResponses as openaiResponses } from './openai-chat/test-helpers.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openaiChat } from './openai-chat/index.js';
import { GENERATION_ID, RESPONSE_META, X_CHUIZI, replayResponse } from './test-replay-across-protocols.js';

/*
 * Every recorded non-streaming upstream answer of one protocol, rendered for a client of the other
 * protocol and checked field by field against the upstream's own JSON.
 */

type Json = Record<string, unknown>;
type Block = { type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown };
type ToolCall = { id: string; type: string; function: { name: string; arguments: string } };
type OpenAIMessage = { role: string; content: string | null; refusal: string | null; tool_calls?: ToolCall[]; reasoning_content?: string };

const FINISH_REASON: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };
const STOP_REASON: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' };

describe('Anthropic upstream message → OpenAI client chat.completion', () => {
  const responses = anthropicResponses();

  it('replays every recorded Anthropic message', () => {
    assert.equal(responses.length, 11);
  });

  for (const [name, original] of responses) {
    it(name, () => {
      const { body } = replayResponse(anthropicMessages, openaiChat, original);
      assert.equal(body.id, GENERATION_ID);
      assert.equal(body.object, 'chat.completion');
      assert.equal(body.model, RESPONSE_META.model);
      assert.deepEqual(body.x_chuizi, X_CHUIZI);
      const choices = body.choices as Array<{ index: number; message: OpenAIMessage; finish_reason: string; logprobs: unknown }>;
      assert.equal(choices.length, 1);
      const [{ index, message, finish_reason, logprobs }] = choices;
      assert.equal(index, 0);
      assert.equal(logprobs, null);

      const blocks = original.content as Block[];
      const text = blocks.filter((b) => b.type === 'text').map((b) => b.text).join('');
      const thinking = blocks.filter((b) => b.type === 'thinking').map((b) => b.thinking).join('');
      const toolUses = blocks.filter((b) => b.type === 'tool_use');
      assert.equal(message.role, 'assistant');
      assert.equal(message.content, text !== '' ? text : toolUses.length > 0 ? null : '');
      assert.equal(message.refusal, null);
      assert.equal(message.reasoning_content, thinking !== '' ? thinking : undefined);
      if (toolUses.length === 0) assert.equal(message.tool_calls, undefined);
      else {
        assert.deepEqual(
          message.tool_calls?.map((c) => [c.id, c.type, c.function.name]),
          toolUses.map((b) => [b.id, 'function', b.name]),
        );
        // arguments is the JSON text of the tool_use input.
        assert.deepEqual(message.tool_calls?.map((c) => JSON.parse(c.function.arguments) as unknown), toolUses.map((b) => b.input));
      }
      assert.equal(finish_reason, FINISH_REASON[original.stop_reason as string]);

      // prompt_tokens counts everything read in, cache reads and writes included; cached_tokens the reads.
      const u = original.usage as Record<string, number>;
      const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
      assert.deepEqual(body.usage, {
        prompt_tokens: prompt,
        completion_tokens: u.output_tokens,
        total_tokens: prompt + u.output_tokens,
        prompt_tokens_details:
          u.cache_creation_input_tokens > 0
            ? { cached_tokens: u.cache_read_input_tokens, cache_write_tokens: u.cache_creation_input_tokens }
            : { cached_tokens: u.cache_read_input_tokens },
        completion_tokens_details: { reasoning_tokens: 0 },
      });
    });
  }
});

describe('OpenAI upstream chat.completion → Anthropic client message', () => {
  const responses = openaiResponses();

  it('replays every recorded OpenAI completion', () => {
    assert.equal(responses.length, 6);
  });

  for (const [name, original] of responses) {
    it(name, () => {
      const { body } = replayResponse(openaiChat, anthropicMessages, original);
      const [choice] = (original as { choices: Array<{ message: Json; finish_reason: string }> }).choices;
      const m = choice.message as { content?: string | null; refusal?: string | null; reasoning_content?: string; tool_calls?: ToolCall[] };
      assert.equal(body.id, GENERATION_ID);
      assert.equal(body.type, 'message');
      assert.equal(body.role, 'assistant');
      assert.equal(body.model, RESPONSE_META.model);

      // Blocks: reasoning (unsigned: signature ""), text, refusal as text, then each tool call with its
      // arguments parsed into `input`.
      const expected: Json[] = [];
      if (m.reasoning_content) expected.push({ type: 'thinking', thinking: m.reasoning_content, signature: '' });
      if (m.content) expected.push({ type: 'text', text: m.content });
      if (m.refusal) expected.push({ type: 'text', text: m.refusal });
      for (const call of m.tool_calls ?? []) {
        expected.push({ type: 'tool_use', id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) as unknown });
      }
      assert.deepEqual(body.content, expected);
      assert.equal(body.stop_reason, STOP_REASON[choice.finish_reason]);
      assert.equal(body.stop_sequence, null);

      // input_tokens excludes the cached part, which is cache_read_input_tokens.
      const u = (original as { usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } } }).usage;
      const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
      assert.deepEqual(body.usage, {
        input_tokens: u.prompt_tokens - cached,
        output_tokens: u.completion_tokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: cached,
      });
    });
  }

  it('exercises tool calls, cached input and an empty answer among the fixtures', () => {
    const bodies = responses.map(([, original]) => replayResponse(openaiChat, anthropicMessages, original).body);
    assert.ok(bodies.some((b) => (b.content as Block[]).some((block) => block.type === 'tool_use')));
    assert.ok(bodies.some((b) => (b.usage as Json).cache_read_input_tokens === 9984));
    assert.ok(bodies.some((b) => (b.content as Block[]).length === 0 && b.stop_reason === 'max_tokens'));
  });
});
