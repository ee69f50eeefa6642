import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { scrubUpstreamMessage } from '../core/scrub-upstream-message.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import { openaiChat } from './openai-chat/index.js';
import { pricedCounts, replayResponse, replayStream, streamUsage } from './test-replay-across-protocols.js';
import { RECORDED_TRAFFIC, protocolPairs } from './test-recorded-traffic.js';

/*
 * Billing neutrality across protocols, for every ordered pair of protocols: the usage a client
 * reads from its own protocol's wire must come to the same charge as the usage the gateway parsed
 * from the upstream's wire — for every recorded stream and response. Also: every fixture is
 * replayed across protocols somewhere, and upstream errors reach the other protocol's client intact.
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
