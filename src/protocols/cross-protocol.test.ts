import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { scrubUpstreamMessage } from '../core/scrub-upstream-message.js';
import type { ChatResponse, StreamEvent } from '../core/index.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openaiChat } from './openai-chat/index.js';
import { pricedCounts, replayResponse, replayStream, streamUsage } from './test-replay-across-protocols.js';
import { RECORDED_TRAFFIC, protocolPairs } from './test-recorded-traffic.js';

/*
 * Billing neutrality across protocols, for every ordered pair of protocols: the usage a client
 * reads from its own protocol's wire must come to the same charge as the usage the gateway parsed
 * from the upstream's wire — for every recorded stream and response. Also: what the client reads
 * (text, reasoning, tool calls, finish) is what the upstream said, every fixture is replayed
 * across protocols somewhere, and upstream errors reach the other protocol's client intact.
 *
 * A count the client's wire cannot carry (Anthropic has no reasoning count) stays inside output:
 * the gateway's own charge comes from the upstream's usage, so it is unaffected; what the client
 * can recompute is exact while the reasoning rate equals the output rate (billing/model-price.ts).
 */

describe('billing neutrality: the usage parsed from the wire is the same after the other protocol renders it', () => {
  for (const [up, client] of protocolPairs()) {
    const counts = client.wireCounts.filter((key) => up.wireCounts.includes(key));
    for (const [name, messages] of up.streams()) {
      it(`${up.protocol.id} stream → ${client.protocol.id} client: ${name}`, async () => {
        const replay = await replayStream(up.protocol, client.protocol, messages);
        assert.deepEqual(pricedCounts(streamUsage(replay.client), counts), pricedCounts(streamUsage(replay.upstream), counts));
      });
    }
    for (const [name, body] of up.responses()) {
      it(`${up.protocol.id} response → ${client.protocol.id} client: ${name}`, () => {
        const replay = replayResponse(up.protocol, client.protocol, body);
        assert.deepEqual(pricedCounts(replay.client.usage, counts), pricedCounts(replay.upstream.usage, counts));
      });
    }
  }

  it('covers cache reads and cache writes, both ways', async () => {
    const upstreams = RECORDED_TRAFFIC.flatMap((t) => [
      ...t.responses().map(([, body]) => t.protocol.parseResponse(body).usage),
    ]);
    for (const t of RECORDED_TRAFFIC) {
      for (const [, messages] of t.streams()) upstreams.push(streamUsage((await replayStream(t.protocol, t.protocol, messages)).upstream));
    }
    assert.ok(upstreams.some((u) => (u.cacheWriteTokens ?? 0) > 0), 'a cache write');
    assert.ok(upstreams.some((u) => (u.cacheReadTokens ?? 0) > 0 && (u.cacheWriteTokens ?? 0) > 0), 'reads and writes at once');
    const openai = RECORDED_TRAFFIC.find((t) => t.protocol === openaiChat) ?? assert.fail('openai');
    assert.ok(openai.responses().some(([, body]) => (openaiChat.parseResponse(body).usage.cacheReadTokens ?? 0) > 0), 'an OpenAI cache read');
  });

  it("documents the one count Anthropic's wire cannot carry: an OpenAI upstream's reasoning tokens", async () => {
    const openai = RECORDED_TRAFFIC.find((t) => t.protocol === openaiChat) ?? assert.fail('openai');
    const [, messages] = openai.streams().find(([name]) => name.includes('detailed-usage')) ?? assert.fail('fixture');
    const { upstream, client } = await replayStream(openaiChat, anthropicMessages, messages);
    assert.equal(streamUsage(upstream).reasoningTokens, 100);
    assert.equal(streamUsage(client).reasoningTokens, undefined);
    assert.equal(streamUsage(client).outputTokens, 100, 'still counted, inside output');
  });
});

describe('upstream errors → the other protocol’s error envelope', () => {
  for (const [up, client] of protocolPairs()) {
    for (const [name, status, bodyText] of up.errors()) {
      it(`${up.protocol.id} ${status} → ${client.protocol.id} client: ${name}`, () => {
        const err = up.protocol.parseError(status, bodyText);
        const { status: clientStatus, body } = client.protocol.renderError(err);
        assert.equal(clientStatus, err.status);
        assert.deepEqual(body, client.envelope(err));
        if (status === 400) assert.ok(err.publicMessage.includes(scrubUpstreamMessage(upstreamMessage(bodyText))));
      });
    }
  }
});

describe('fixture coverage', () => {
  /** Client request fixtures, replayed by cross-protocol-request.test.ts. */
  const CLIENT_REQUESTS = /^(claude-code-.*|openai-(python|node)-chat-.*|gemini-genai-.*|codex-cli-.*)\.json$/;
  const base = (name: string) => name.replace(/ #\d+$/, '');

  for (const t of RECORDED_TRAFFIC) {
    it(`replays every recorded fixture of ${t.folder} across protocols`, () => {
      const files = readdirSync(new URL(`./${t.folder}/__fixtures__/`, import.meta.url)).filter((f) => f !== 'README.md');
      const covered = new Set([...t.streams(), ...t.responses(), ...t.errors()].map(([name]) => base(name)));
      const missed = files.filter((f) => !covered.has(f) && !CLIENT_REQUESTS.test(f));
      assert.deepEqual(missed, []);
    });
  }
});

/** The message of an upstream error body (`{"error":{"message"}}`, one object or the first of an array). */
function upstreamMessage(bodyText: string): string {
  const parsed = JSON.parse(bodyText) as { error: { message: string } } | Array<{ error: { message: string } }>;
  return (Array.isArray(parsed) ? parsed[0] : parsed).error.message;
}

/** What a client of any protocol reads of choice 0: its text (refusals included), reasoning, tool calls and finish. */
function contentOf(events: readonly StreamEvent[] | ChatResponse): { text: string; reasoning: string; tools: Array<[string, unknown]>; finish?: string } {
  const out = { text: '', reasoning: '', tools: [] as Array<[string, unknown]>, finish: undefined as string | undefined };
  const args = (s: string) => (s === '' ? {} : (JSON.parse(s) as unknown));
  if (!Array.isArray(events)) {
    const choice = (events as ChatResponse).choices.find((c) => c.index === 0);
    for (const p of choice?.content ?? []) {
      if (p.type === 'text' || p.type === 'refusal') out.text += p.text;
      else if (p.type === 'reasoning') out.reasoning += p.text;
      else if (p.type === 'tool-call') out.tools.push([p.name, args(p.arguments)]);
    }
    out.finish = choice?.finishReason.unified;
    return out;
  }
  const calls = new Map<number, { name: string; arguments: string }>();
  for (const e of events as readonly StreamEvent[]) {
    if (!('choice' in e) || e.choice !== 0) continue;
    if (e.type === 'text-delta' || e.type === 'refusal-delta') out.text += e.text;
    else if (e.type === 'reasoning-delta') out.reasoning += e.text;
    else if (e.type === 'tool-call-start') calls.set(e.toolIndex, { name: e.name, arguments: '' });
    else if (e.type === 'tool-call-delta') calls.get(e.toolIndex)!.arguments += e.argumentsDelta;
    else if (e.type === 'finish') out.finish = e.finishReason.unified;
  }
  out.tools = [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => [c.name, args(c.arguments)]);
  return out;
}

/** A finish reason every protocol can say (the others become each protocol's nearest). */
const PORTABLE_FINISH = new Set(['stop', 'length', 'tool-calls', 'content-filter']);

/** The client read what the upstream said: text, reasoning, tool calls, and a finish reason every protocol has. */
function assertSameContent(client: ReturnType<typeof contentOf>, upstream: ReturnType<typeof contentOf>): void {
  assert.equal(client.text, upstream.text);
  assert.equal(client.reasoning, upstream.reasoning);
  assert.deepEqual(client.tools, upstream.tools);
  if (upstream.finish && PORTABLE_FINISH.has(upstream.finish)) assert.equal(client.finish, upstream.finish);
}

describe('content survives every pair: text, reasoning, tool calls and finish of what the upstream said', () => {
  for (const [up, client] of protocolPairs()) {
    for (const [name, messages] of up.streams()) {
      it(`${up.protocol.id} stream → ${client.protocol.id} client: ${name}`, async () => {
        const replay = await replayStream(up.protocol, client.protocol, messages);
        assertSameContent(contentOf(replay.client), contentOf(replay.upstream));
      });
    }
    for (const [name, body] of up.responses()) {
      it(`${up.protocol.id} response → ${client.protocol.id} client: ${name}`, () => {
        const replay = replayResponse(up.protocol, client.protocol, body);
        assertSameContent(contentOf(replay.client), contentOf(replay.upstream));
      });
    }
  }
});
