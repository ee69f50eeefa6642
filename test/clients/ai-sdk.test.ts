import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { lastUserText, toolResultTexts } from '../../src/testing/mock-upstream-server.js';
import { importClient, pinnedVersion } from './ensure-clients.js';
import { setUpClients } from './set-up-clients.js';
import { expectCall, MODEL_OF, startClientHarness, USAGES, type ClientHarness, type ExpectedCall, type UpstreamKind } from './start-client-harness.js';

// The Vercel AI SDK itself (`ai` with @ai-sdk/openai chat and Responses models and @ai-sdk/anthropic, versions
// pinned in ./package.json) against a real gateway on 127.0.0.1, each provider to a model served by
// an Anthropic upstream and to one served by an OpenAI-compatible upstream.
const CASE_TIMEOUT_MS = 20_000;
const UPSTREAM_MODEL: Record<UpstreamKind, string> = { anthropic: 'claude-upstream', openai: 'gpt-upstream' };

/** The AI SDK's usage of one upstream call (or the sum of several) must be the upstream's exact numbers. */
function assertUsage(usage: any, calls: ExpectedCall[]): void {
  const sum = (f: (c: ExpectedCall) => number) => calls.reduce((s, c) => s + f(c), 0);
  assert.deepEqual(
    {
      input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens,
      cacheRead: usage.inputTokenDetails?.cacheReadTokens ?? 0, noCache: usage.inputTokenDetails?.noCacheTokens,
    },
    {
      input: sum((c) => c.inputTokens), output: sum((c) => c.outputTokens), total: sum((c) => c.inputTokens + c.outputTokens),
      cacheRead: sum((c) => c.cachedTokens), noCache: sum((c) => c.inputTokens - c.cachedTokens - c.cacheWriteTokens),
    },
    'usage reported by the AI SDK',
  );
}

describe(`Vercel AI SDK (ai ${pinnedVersion('ai')}, @ai-sdk/openai ${pinnedVersion('@ai-sdk/openai')}, @ai-sdk/anthropic ${pinnedVersion('@ai-sdk/anthropic')}) through the gateway`, () => {
  let h: ClientHarness;
  let ai: any;
  let createOpenAI: any;
  let createAnthropic: any;
  let z: any;

  const ready = setUpClients(async () => {
    ai = await importClient('ai');
    ({ createOpenAI } = await importClient('@ai-sdk/openai'));
    ({ createAnthropic } = await importClient('@ai-sdk/anthropic'));
    ({ z } = await importClient('zod'));
    h = await startClientHarness();
  });
  after(async () => {
    await h?.close();
  });

  const providers = {
    /** @ai-sdk/openai, Chat Completions models: POST /v1/chat/completions. */
    'openai chat': (key: string, model: string) => createOpenAI({ baseURL: `${h.gw.url}/v1`, apiKey: key }).chat(model),
    /** @ai-sdk/openai, Responses models (the provider's default): POST /v1/responses. */
    'openai responses': (key: string, model: string) => createOpenAI({ baseURL: `${h.gw.url}/v1`, apiKey: key }).responses(model),
    /** @ai-sdk/anthropic: POST /anthropic/v1/messages. */
    anthropic: (key: string, model: string) => createAnthropic({ baseURL: `${h.gw.url}/anthropic/v1`, apiKey: key })(model),
  };
  const weatherTool = (execute?: (input: { city: string }) => Promise<string>) =>
    ai.tool({ description: 'Current weather of a city', inputSchema: z.object({ city: z.string() }), ...(execute ? { execute } : {}) });

  for (const [providerName, makeModel] of Object.entries(providers)) {
    for (const kind of ['anthropic', 'openai'] as const) {
      describe(`${providerName} provider → model served by an ${kind === 'openai' ? 'OpenAI-compatible' : 'Anthropic'} upstream`, () => {
        const up = () => h.up[kind];

        it('generateText: the text, finish reason and exact usage; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const r = await ai.generateText({ model: makeModel(key, MODEL_OF[kind]), system: 'Be brief.', prompt: 'Hello there', maxOutputTokens: 1000, maxRetries: 0 });
          assert.equal(r.text, 'echo: Hello there');
          assert.equal(r.finishReason, 'stop');
          assertUsage(r.usage, [expectCall(kind, usage, false)]);
          const sent = up().last!;
          assert.equal(sent.body.model, UPSTREAM_MODEL[kind]);
          assert.equal(lastUserText(sent), 'Hello there');
          assert.doesNotMatch(JSON.stringify(sent.headers), /ck-/, 'the gateway key never goes upstream');
          await h.assertBilled(accountId, [expectCall(kind, usage, false)]);
        });

        it('streamText: the streamed text and exact usage; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const errors: unknown[] = [];
          const r = ai.streamText({ model: makeModel(key, MODEL_OF[kind]), prompt: 'Stream me three words', maxOutputTokens: 1000, maxRetries: 0, onError: ({ error }: any) => errors.push(error) });
          const deltas: string[] = [];
          for await (const d of r.textStream) deltas.push(d);
          assert.deepEqual(errors, []);
          assert.ok(deltas.length > 1, 'text arrives in several deltas');
          assert.equal(deltas.join(''), 'echo: Stream me three words');
          assert.equal(await r.finishReason, 'stop');
          assertUsage(await r.usage, [expectCall(kind, usage, true)]);
          assert.equal(up().last!.body.stream, true);
          await h.assertBilled(accountId, [expectCall(kind, usage, true)]);
        });

        if (providerName === 'anthropic' && kind === 'anthropic') {
          it('stopSequences: the text ends before the matched sequence, which the provider metadata names', { timeout: CASE_TIMEOUT_MS }, async () => {
            ready();
            const { key, accountId } = await h.account();
            const usage = USAGES[kind][0];
            h.answerNext(kind, [usage]);
            const r = await ai.generateText({ model: makeModel(key, MODEL_OF[kind]), prompt: 'one two three four', stopSequences: ['four', 'three'], maxOutputTokens: 1000, maxRetries: 0 });
            assert.equal(r.text, 'echo: one two ');
            assert.equal(r.finishReason, 'stop');
            assert.equal(r.providerMetadata?.anthropic?.stopSequence, 'three');
            assert.deepEqual(up().last!.body.stop_sequences, ['four', 'three']);
            await h.assertBilled(accountId, [expectCall(kind, usage, false)]);
          });
        }

        it('tool call: the call with its parsed input; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const r = await ai.generateText({ model: makeModel(key, MODEL_OF[kind]), prompt: 'Weather in Paris?', tools: { get_weather: weatherTool() }, maxOutputTokens: 1000, maxRetries: 0 });
          assert.equal(r.finishReason, 'tool-calls');
          assert.deepEqual(r.toolCalls.map((c: any) => [c.toolName, c.input]), [['get_weather', { city: 'Paris' }]]);
          assertUsage(r.usage, [expectCall(kind, usage, false)]);
          const tools = up().last!.body.tools;
          const sentTool = kind === 'openai' ? tools[0].function : tools[0];
          assert.equal(sentTool.name, 'get_weather');
          assert.deepEqual((kind === 'openai' ? sentTool.parameters : sentTool.input_schema).properties, { city: { type: 'string' } });
          await h.assertBilled(accountId, [expectCall(kind, usage, false)]);
        });

        it('two-step tool loop (streamed): the tool runs, its result goes upstream, the final text and summed usage; two exact charges', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usages = USAGES[kind];
          h.answerNext(kind, usages);
          const seen: Array<{ city: string }> = [];
          const before = up().requests.length;
          const r = ai.streamText({
            model: makeModel(key, MODEL_OF[kind]), prompt: 'Weather in Paris?', maxOutputTokens: 1000, maxRetries: 0,
            tools: { get_weather: weatherTool(async (input) => (seen.push(input), 'sunny, 24°C')) },
            stopWhen: ai.stepCountIs(5),
          });
          let text = '';
          for await (const d of r.textStream) text += d;
          assert.deepEqual(seen, [{ city: 'Paris' }]);
          const steps = await r.steps;
          assert.equal(steps.length, 2);
          assert.equal(steps[0].finishReason, 'tool-calls');
          assert.equal(steps[1].finishReason, 'stop');
          assert.match(text, /The weather in Paris: sunny, 24°C\.$/);
          const calls = usages.map((u) => expectCall(kind, u, true));
          assertUsage(steps[0].usage, [calls[0]]);
          assertUsage(steps[1].usage, [calls[1]]);
          assertUsage(await r.totalUsage, calls);
          const sent = up().requests.slice(before);
          assert.equal(sent.length, 2);
          assert.deepEqual(toolResultTexts(sent[1]), ['sunny, 24°C']);
          await h.assertBilled(accountId, calls);
        });
      });
    }
  }
});
