import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { anthropicMessages } from './anthropic-messages/index.js';
import {
  recordedErrors as anthropicErrors,
  recordedResponses as anthropicResponses,
  recordedStreams as anthropicStreams,
} from './anthropic-messages/test-helpers.js';
import { openaiChat } from './openai-chat/index.js';
import { scrubUpstreamMessage } from '../core/scrub-upstream-message.js';
import { recordedErrors as openaiErrors, recordedResponses as openaiResponses, recordedStreams as openaiStreams } from './openai-chat/test-helpers.js';
import { parseSseText } from './shared/test-parse-sse-text.js';
import {
  PRICED_COUNTS,
  pricedCounts,
  replayAnthropicResponseToOpenAI,
  replayAnthropicStreamToOpenAI,
  replayOpenAIResponseToAnthropic,
  replayOpenAIStreamToAnthropic,
  streamUsage,
} from './test-replay-across-protocols.js';

/*
 * Billing neutrality across protocols: the usage a client reads from its own protocol's wire must
 * come to the same charge as the usage the gateway parsed from the upstream's wire — for every
 * recorded stream and response of either protocol. Also: every fixture is replayed across
 * protocols somewhere, and upstream errors reach the other protocol's client intact.
 */

/**
 * Anthropic's usage has no reasoning count: an OpenAI upstream's reasoning tokens stay inside
 * output_tokens for an Anthropic client. The gateway's own charge comes from the upstream's usage,
 * so it is unaffected; what the client can recompute is exact while the reasoning rate equals the
 * output rate (the default in billing/model-price.ts).
 */
const TO_ANTHROPIC = PRICED_COUNTS.filter((key) => key !== 'reasoningTokens');

describe('billing neutrality: the usage parsed from the wire is the same after the other protocol renders it', () => {
  for (const [name, messages] of openaiStreams()) {
    it(`OpenAI stream → Anthropic client: ${name}`, async () => {
      const { upstream, client } = await replayOpenAIStreamToAnthropic(messages);
      assert.deepEqual(pricedCounts(streamUsage(client), TO_ANTHROPIC), pricedCounts(streamUsage(upstream), TO_ANTHROPIC));
    });
  }
  for (const [name, text] of anthropicStreams()) {
    it(`Anthropic stream → OpenAI client: ${name}`, async () => {
      const { upstream, client } = await replayAnthropicStreamToOpenAI(parseSseText(text));
      assert.deepEqual(pricedCounts(streamUsage(client)), pricedCounts(streamUsage(upstream)));
    });
  }
  for (const [name, body] of openaiResponses()) {
    it(`OpenAI response → Anthropic client: ${name}`, () => {
      const { upstream, client } = replayOpenAIResponseToAnthropic(body);
      assert.deepEqual(pricedCounts(client.usage, TO_ANTHROPIC), pricedCounts(upstream.usage, TO_ANTHROPIC));
    });
  }
  for (const [name, body] of anthropicResponses()) {
    it(`Anthropic response → OpenAI client: ${name}`, () => {
      const { upstream, client } = replayAnthropicResponseToOpenAI(body);
      assert.deepEqual(pricedCounts(client.usage), pricedCounts(upstream.usage));
    });
  }

  it('covers cache reads and cache writes, both ways', async () => {
    const upstreams = [
      ...(await Promise.all(anthropicStreams().map(async ([, text]) => streamUsage((await replayAnthropicStreamToOpenAI(parseSseText(text))).upstream)))),
      ...anthropicResponses().map(([, body]) => anthropicMessages.parseResponse(body).usage),
      ...openaiResponses().map(([, body]) => openaiChat.parseResponse(body).usage),
    ];
    assert.ok(upstreams.some((u) => (u.cacheWriteTokens ?? 0) > 0), 'a cache write');
    assert.ok(upstreams.some((u) => (u.cacheReadTokens ?? 0) > 0 && (u.cacheWriteTokens ?? 0) > 0), 'reads and writes at once');
    assert.ok(openaiResponses().some(([, body]) => (openaiChat.parseResponse(body).usage.cacheReadTokens ?? 0) > 0), 'an OpenAI cache read');
  });

  it("documents the one count Anthropic's wire cannot carry: an OpenAI upstream's reasoning tokens", async () => {
    const [, messages] = openaiStreams().find(([name]) => name.includes('detailed-usage')) ?? assert.fail('fixture');
    const { upstream, client } = await replayOpenAIStreamToAnthropic(messages);
    assert.equal(streamUsage(upstream).reasoningTokens, 100);
    assert.equal(streamUsage(client).reasoningTokens, undefined);
    assert.equal(streamUsage(client).outputTokens, 100, 'still counted, inside output');
  });
});

describe('upstream errors → the other protocol’s error envelope', () => {
  for (const [name, status, bodyText] of openaiErrors()) {
    it(`OpenAI ${status} → Anthropic client: ${name}`, () => {
      const err = openaiChat.parseError(status, bodyText);
      const { status: clientStatus, body } = anthropicMessages.renderError(err);
      assert.equal(clientStatus, err.status);
      assert.deepEqual(body, { type: 'error', error: { type: err.type, message: err.publicMessage } });
      if (status === 400) assert.ok(err.publicMessage.includes(scrubUpstreamMessage((JSON.parse(bodyText) as { error: { message: string } }).error.message)));
    });
  }
  for (const [name, status, bodyText] of anthropicErrors()) {
    it(`Anthropic ${status} → OpenAI client: ${name}`, () => {
      const err = anthropicMessages.parseError(status, bodyText);
      const { status: clientStatus, body } = openaiChat.renderError(err);
      assert.equal(clientStatus, err.status);
      assert.deepEqual(body, { error: { message: err.publicMessage, type: err.type, code: String(err.status), reason: err.reason, param: null } });
      if (status === 400) assert.ok(err.publicMessage.includes(scrubUpstreamMessage((JSON.parse(bodyText) as { error: { message: string } }).error.message)));
    });
  }
});

describe('fixture coverage', () => {
  /** Client request fixtures, replayed by cross-protocol-request.test.ts. */
  const CLIENT_REQUESTS = /^(claude-code-.*|openai-(python|node)-chat-.*)\.json$/;
  const base = (name: string) => name.replace(/ #\d+$/, '');

  for (const [folder, replayed] of [
    ['anthropic-messages', () => [...anthropicStreams(), ...anthropicResponses(), ...anthropicErrors()].map(([name]) => base(name))],
    ['openai-chat', () => [...openaiStreams(), ...openaiResponses(), ...openaiErrors()].map(([name]) => base(name))],
  ] as const) {
    it(`replays every recorded fixture of ${folder} across protocols`, () => {
      const files = readdirSync(new URL(`./${folder}/__fixtures__/`, import.meta.url)).filter((f) => f !== 'README.md');
      const covered = new Set(replayed());
      const missed = files.filter((f) => !covered.has(f) && !CLIENT_REQUESTS.test(f));
      assert.deepEqual(missed, []);
    });
  }
});
