import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SseMessage } from '../core/index.js';
import {
  assertWellFormed,
  recordedStreams as anthropicStreams,
  summarizeEvents as summarizeAnthropic,
} from './anthropic-messages/test-helpers.js';
import { recordedStreams as openaiStreams, summarizeEvents as summarizeOpenAI } from './openai-chat/test-helpers.js';
import { parseSseText } from './shared/test-parse-sse-text.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openaiChat } from './openai-chat/index.js';
import { GENERATION_ID, X_CHUIZI, replayStream } from './test-replay-across-protocols.js';

/*
 * Every recorded upstream stream of one protocol, sent to a client of the other protocol and read
 * back with that protocol's own parser: what the client reads must be what the upstream said.
 */

type Json = Record<string, unknown>;

/** The stop_reason an Anthropic client sees for each OpenAI finish_reason, and back. */
const STOP_REASON: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' };
const FINISH_REASON: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };

/** The content block types an Anthropic client should see for choice 0 of an OpenAI stream, in order. */
function expectedBlocks(messages: readonly SseMessage[]): string[] {
  const blocks: string[] = [];
  const add = (type: string) => {
    if (blocks.at(-1) !== type || type === 'tool_use') blocks.push(type);
  };
  for (const m of messages) {
    if (m.data === '[DONE]') continue;
    const chunk = JSON.parse(m.data) as { choices?: Array<{ index: number; delta?: Json }> };
    for (const c of chunk.choices ?? []) {
      if (c.index !== 0 || !c.delta) continue;
      if (c.delta.reasoning_content || c.delta.reasoning) add('thinking');
      if (c.delta.content || c.delta.refusal) add('text');
      for (const call of (c.delta.tool_calls as Json[] | undefined) ?? []) if ((call.function as Json | undefined)?.name) add('tool_use');
    }
  }
  return blocks;
}

describe('OpenAI upstream stream → Anthropic client stream → Anthropic parse', () => {
  const streams = openaiStreams();

  it('replays every recorded OpenAI stream', () => {
    assert.equal(streams.length, 9);
  });

  for (const [name, messages] of streams) {
    it(name, async () => {
      const { upstream, frames, client } = await replayStream(openaiChat, anthropicMessages, messages);
      const events = assertWellFormed(frames);
      const a = summarizeOpenAI(upstream);
      const b = summarizeAnthropic(client);
      assert.equal(b.starts, 1);
      assert.deepEqual(b.errors, []);
      assert.equal(b.upstreamId, GENERATION_ID);

      // Choice 0's text, its refusal streamed as text; nothing of other choices.
      assert.equal(b.text, (a.text[0] ?? '') + (a.refusal[0] ?? ''));
      const choice0Deltas = upstream.filter((e) => (e.type === 'text-delta' || e.type === 'refusal-delta') && e.choice === 0).length;
      const textDeltas = events.filter((e) => e.type === 'content_block_delta' && (e.delta as Json).type === 'text_delta').length;
      assert.equal(textDeltas, choice0Deltas);
      assert.equal(b.reasoning, a.reasoning[0] ?? '');

      // Blocks in the upstream's order, with sequential indexes (assertWellFormed checked the indexes).
      const blocks = events.filter((e) => e.type === 'content_block_start').map((e) => (e.content_block as Json).type);
      assert.deepEqual(blocks, expectedBlocks(messages));

      // Tool calls: same ids (all already valid Anthropic ids), names, and arguments as JSON.
      const tools = Object.entries(a.tools)
        .filter(([key]) => key.startsWith('0:'))
        .sort(([x], [y]) => Number(x.slice(2)) - Number(y.slice(2)))
        .map(([, t]) => t);
      assert.deepEqual(b.tools.map(({ id, name }) => ({ id, name })), tools.map(({ id, name }) => ({ id, name })));
      for (const [i, t] of b.tools.entries()) {
        assert.match(t.id, /^[a-zA-Z0-9_-]+$/);
        assert.deepEqual(JSON.parse(t.arguments), JSON.parse(tools[i].arguments));
      }
      const toolUses = events.filter((e) => e.type === 'content_block_start' && (e.content_block as Json).type === 'tool_use');
      assert.deepEqual(toolUses.map((e) => (e.content_block as Json).input), tools.map(() => ({})));

      // Finish reason: the same unified reason, as Anthropic's own stop_reason on the wire.
      assert.equal(b.finish?.unified, a.finish[0]?.unified);
      const messageDelta = events.at(-2) as { delta: Json; usage: Json };
      assert.equal(messageDelta.delta.stop_reason, STOP_REASON[a.finish[0]?.raw ?? '']);

      // Usage: the same counts; on the wire input_tokens excludes the cached part.
      for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'] as const) {
        assert.equal(b.usage[key] ?? 0, a.usage[key] ?? 0, key);
      }
      assert.deepEqual(messageDelta.usage, {
        output_tokens: a.usage.outputTokens ?? 0,
        input_tokens: (a.usage.inputTokens ?? 0) - (a.usage.cacheReadTokens ?? 0),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: a.usage.cacheReadTokens ?? 0,
      });
      assert.doesNotMatch(frames.join(''), /x_chuizi|\[DONE\]|chat\.completion/);
    });
  }

  it('keeps only choice 0 of an n=3 stream (openai-python n3-choices)', async () => {
    const [, messages] = streams.find(([name]) => name.includes('n3-choices')) ?? assert.fail('n3 fixture');
    const { upstream, frames, client } = await replayStream(openaiChat, anthropicMessages, messages);
    const a = summarizeOpenAI(upstream);
    assert.deepEqual(Object.keys(a.text), ['0', '1', '2']);
    assert.equal(new Set(Object.values(a.text)).size, 3, 'three different answers upstream');
    assert.equal(summarizeAnthropic(client).text, a.text[0]);
    const blocks = assertWellFormed(frames).filter((e) => e.type === 'content_block_start');
    assert.equal(blocks.length, 1);
  });
});

describe('Anthropic upstream stream → OpenAI client stream → OpenAI parse', () => {
  const streams = anthropicStreams();

  it('replays every recorded Anthropic stream', () => {
    assert.equal(streams.length, 10);
  });

  for (const [name, text] of streams) {
    it(name, async () => {
      const upstreamMessages = parseSseText(text);
      const { upstream, frames, client } = await replayStream(anthropicMessages, openaiChat, upstreamMessages);
      const a = summarizeAnthropic(upstream);
      const b = summarizeOpenAI(client);
      assert.equal(b.starts, 1);
      assert.deepEqual(b.errors, []);

      const rendered = parseSseText(frames.join(''));
      const chunks = rendered.slice(0, -1).map((m) => JSON.parse(m.data) as { id: string; choices: Array<{ index: number; delta: Json }> });
      for (const c of chunks) assert.equal(c.id, GENERATION_ID);
      assert.deepEqual([...new Set(chunks.flatMap((c) => c.choices.map((ch) => ch.index)))], chunks.length > 1 ? [0] : []);

      // Text, and reasoning as the `reasoning_content` deltas OpenAI-compatible clients read.
      assert.equal(b.text[0] ?? '', a.text);
      assert.equal(b.reasoning[0] ?? '', a.reasoning);
      const reasoningContent = chunks.flatMap((c) => c.choices.map((ch) => (ch.delta.reasoning_content as string | undefined) ?? '')).join('');
      assert.equal(reasoningContent, a.reasoning);
      // Signatures and redacted thinking have no OpenAI field: no delta carries anything else.
      const fields = new Set(chunks.flatMap((c) => c.choices.flatMap((ch) => Object.keys(ch.delta))));
      for (const field of fields) assert.ok(['role', 'content', 'reasoning_content', 'tool_calls'].includes(field), field);

      // Tool calls: ids, names, and arguments that parse as the same JSON (a no-input tool gives {}).
      assert.deepEqual(Object.keys(b.tools), a.tools.map((_, i) => `0:${i}`));
      for (const [i, t] of a.tools.entries()) {
        const call = b.tools[`0:${i}`];
        assert.equal(call.id, t.id);
        assert.equal(call.name, t.name);
        assert.deepEqual(JSON.parse(call.arguments), JSON.parse(t.arguments));
      }

      // Finish reason: the same unified reason, as OpenAI's own finish_reason on the wire.
      assert.equal(b.finish[0]?.unified, a.finish?.unified);
      const finishes = chunks.flatMap((c) => c.choices.flatMap((ch) => ((ch as Json).finish_reason != null ? [(ch as Json).finish_reason] : [])));
      assert.deepEqual(finishes, [FINISH_REASON[a.finish?.raw ?? '']]);

      // The last frames: the usage + x_chuizi chunk, then [DONE]. prompt_tokens counts the cache
      // reads and writes the upstream reported apart; cached_tokens is the reads.
      assert.equal(rendered.at(-1)?.data, '[DONE]');
      const last = JSON.parse(rendered.at(-2)?.data ?? 'null') as { choices: unknown[]; usage: Json; x_chuizi: unknown };
      assert.deepEqual(last.choices, []);
      assert.deepEqual(last.x_chuizi, X_CHUIZI);
      const wire = upstreamUsage(upstreamMessages);
      const cacheRead = wire.cache_read_input_tokens ?? 0;
      const cacheWrite = wire.cache_creation_input_tokens ?? 0;
      const prompt = (wire.input_tokens ?? 0) + cacheRead + cacheWrite;
      assert.deepEqual(last.usage, {
        prompt_tokens: prompt,
        completion_tokens: wire.output_tokens,
        total_tokens: prompt + (wire.output_tokens ?? 0),
        prompt_tokens_details: cacheWrite > 0 ? { cached_tokens: cacheRead, cache_write_tokens: cacheWrite } : { cached_tokens: cacheRead },
        completion_tokens_details: { reasoning_tokens: 0 },
      });
      for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'] as const) {
        assert.equal(b.usage[key] ?? 0, a.usage[key] ?? 0, key);
      }
    });
  }

  it('gives a tool call without input the arguments "{}", which an OpenAI client can parse (vercel-ai tool-no-args)', async () => {
    const [, text] = streams.find(([name]) => name.includes('tool-no-args')) ?? assert.fail('tool-no-args fixture');
    const { frames } = await replayStream(anthropicMessages, openaiChat, parseSseText(text));
    const args = parseSseText(frames.join(''))
      .slice(0, -1)
      .flatMap((m) => (JSON.parse(m.data) as { choices: Array<{ delta: { tool_calls?: Array<{ function: { arguments: string } }> } }> }).choices)
      .flatMap((c) => c.delta.tool_calls ?? [])
      .map((call) => call.function.arguments)
      .join('');
    assert.equal(args, '{}');
  });
});

/** The Anthropic usage numbers of a recorded stream: message_start's, updated by message_delta's. */
function upstreamUsage(messages: readonly SseMessage[]): Record<string, number | undefined> {
  let usage: Record<string, number | undefined> = {};
  for (const m of messages) {
    const e = JSON.parse(m.data) as { type: string; message?: { usage?: Json }; usage?: Json };
    const next = e.type === 'message_start' ? e.message?.usage : e.type === 'message_delta' ? e.usage : undefined;
    if (next) usage = { ...usage, ...(Object.fromEntries(Object.entries(next).filter(([, v]) => typeof v === 'number')) as Record<string, number>) };
  }
  return usage;
}
