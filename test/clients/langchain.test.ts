import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { lastUserText, toolResultTexts } from '../../src/testing/mock-upstream-server.js';
import { importClient, pinnedVersion } from './ensure-clients.js';
import { setUpClients } from './set-up-clients.js';
import { expectCall, MODEL_OF, startClientHarness, USAGES, type ClientHarness, type ExpectedCall, type UpstreamKind } from './start-client-harness.js';

// LangChain JS itself (@langchain/openai ChatOpenAI, @langchain/anthropic ChatAnthropic, versions
// pinned in ./package.json) against a real gateway on 127.0.0.1, each chat model to a model served
// by an Anthropic upstream and to one served by an OpenAI-compatible upstream.
const CASE_TIMEOUT_MS = 20_000;
const UPSTREAM_MODEL: Record<UpstreamKind, string> = { anthropic: 'claude-upstream', openai: 'gpt-upstream' };

interface Exchange {
  body: any;
  /** The SSE events of a streamed answer, parsed. */
  events: any[];
  /** Resolves when `events` is complete. */
  done: Promise<void>;
}

/** A fetch that records what the client sent and, for streams, the events it received. */
function recordingFetch(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const entry: Exchange = { body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined, events: [], done: Promise.resolve() };
    log.push(entry);
    if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return res;
    const [mine, theirs] = res.body.tee();
    entry.done = new Response(mine).text().then((text) => {
      for (const m of text.matchAll(/^data: (.+)$/gm)) if (m[1] !== '[DONE]') entry.events.push(JSON.parse(m[1]));
    });
    return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** LangChain's usage_metadata of one call must be the upstream's exact numbers. */
function assertUsage(usage: any, call: ExpectedCall, outputTokens = call.outputTokens): void {
  assert.deepEqual(
    {
      input: usage?.input_tokens, output: usage?.output_tokens, total: usage?.total_tokens,
      cacheRead: usage?.input_token_details?.cache_read ?? 0, cacheWrite: usage?.input_token_details?.cache_creation ?? 0,
    },
    { input: call.inputTokens, output: outputTokens, total: call.inputTokens + outputTokens, cacheRead: call.cachedTokens, cacheWrite: call.cacheWriteTokens },
    'usage_metadata reported by LangChain',
  );
}

describe(`LangChain JS (@langchain/core ${pinnedVersion('@langchain/core')}, @langchain/openai ${pinnedVersion('@langchain/openai')}, @langchain/anthropic ${pinnedVersion('@langchain/anthropic')}) through the gateway`, () => {
  let h: ClientHarness;
  let ChatOpenAI: any;
  let ChatAnthropic: any;
  let tool: any;
  let HumanMessage: any;
  let z: any;

  const ready = setUpClients(async () => {
    ({ ChatOpenAI } = await importClient('@langchain/openai'));
    ({ ChatAnthropic } = await importClient('@langchain/anthropic'));
    ({ tool } = await importClient('@langchain/core/tools'));
    ({ HumanMessage } = await importClient('@langchain/core/messages'));
    ({ z } = await importClient('zod'));
    h = await startClientHarness();
  });
  after(async () => {
    await h?.close();
  });

  const chatModels = {
    ChatOpenAI: (key: string, model: string, log: Exchange[]) =>
      new ChatOpenAI({ model, apiKey: key, maxRetries: 0, maxTokens: 1000, configuration: { baseURL: `${h.gw.url}/v1`, fetch: recordingFetch(log) } }),
    ChatAnthropic: (key: string, model: string, log: Exchange[]) =>
      new ChatAnthropic({ model, apiKey: key, maxRetries: 0, maxTokens: 1000, anthropicApiUrl: `${h.gw.url}/anthropic`, clientOptions: { fetch: recordingFetch(log) } }),
  };
  const weatherTool = () =>
    tool(async ({ city }: { city: string }) => `sunny, 24°C in ${city}`, { name: 'get_weather', description: 'Current weather of a city', schema: z.object({ city: z.string() }) });

  for (const [className, makeModel] of Object.entries(chatModels)) {
    for (const kind of ['anthropic', 'openai'] as const) {
      describe(`${className} → model served by an ${kind === 'openai' ? 'OpenAI-compatible' : 'Anthropic'} upstream`, () => {
        const up = () => h.up[kind];

        it('invoke: the text and exact usage_metadata; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const log: Exchange[] = [];
          const m = await makeModel(key, MODEL_OF[kind], log).invoke('Hello there');
          assert.equal(m.content, 'echo: Hello there');
          assertUsage(m.usage_metadata, expectCall(kind, usage, false));
          const sent = up().last!;
          assert.equal(sent.body.model, UPSTREAM_MODEL[kind]);
          assert.equal(lastUserText(sent), 'Hello there');
          assert.doesNotMatch(JSON.stringify(sent.headers), /ck-/, 'the gateway key never goes upstream');
          await h.assertBilled(accountId, [expectCall(kind, usage, false)]);
        });

        it('stream: the streamed text and usage_metadata; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const log: Exchange[] = [];
          let acc: any;
          let chunks = 0;
          for await (const c of await makeModel(key, MODEL_OF[kind], log).stream('Stream me three words')) {
            acc = acc ? acc.concat(c) : c;
            chunks++;
          }
          assert.ok(chunks > 2, 'several chunks');
          const text = typeof acc.content === 'string' ? acc.content : acc.content.map((p: any) => p.text ?? '').join('');
          assert.equal(text, 'echo: Stream me three words');
          const call = expectCall(kind, usage, true);
          if (className === 'ChatOpenAI') {
            assert.equal(log[0].body.stream_options?.include_usage, true, 'ChatOpenAI asks for stream usage');
            assertUsage(acc.usage_metadata, call);
          } else {
            // ChatAnthropic takes input tokens from message_start only and adds message_start's
            // output_tokens to message_delta's: exactly what it reports against api.anthropic.com.
            await log[0].done;
            const start = log[0].events.find((e) => e.type === 'message_start').message.usage;
            const delta = log[0].events.find((e) => e.type === 'message_delta').usage;
            assert.equal(delta.output_tokens, call.outputTokens, 'message_delta carries the exact output tokens');
            if (kind === 'anthropic') {
              assert.equal(start.input_tokens + start.cache_read_input_tokens + start.cache_creation_input_tokens, call.inputTokens, 'message_start passes the upstream’s input tokens');
              assertUsage(acc.usage_metadata, call, call.outputTokens + start.output_tokens);
            } else {
              // The OpenAI-compatible upstream reports usage only at the end: message_start carries
              // the gateway's own count of the prompt (never 0), message_delta the exact numbers.
              const count = await fetch(`${h.gw.url}/anthropic/v1/messages/count_tokens`, {
                method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
                body: JSON.stringify({ ...log[0].body, stream: undefined }),
              });
              const counted = (await count.json()).input_tokens;
              assert.ok(counted > 0);
              assert.equal(start.input_tokens, counted, 'message_start: the gateway’s count of the prompt');
              if (delta.input_tokens !== undefined) assert.equal(delta.input_tokens, call.inputTokens, 'message_delta: the upstream’s exact input tokens');
              assert.equal(acc.usage_metadata.input_tokens, counted, 'LangChain reports a real input count, not 0');
              assert.equal(acc.usage_metadata.output_tokens, call.outputTokens + start.output_tokens);
            }
          }
          await h.assertBilled(accountId, [call]);
        });

        it('bindTools: the tool call with its parsed args; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usage = USAGES[kind][0];
          h.answerNext(kind, [usage]);
          const log: Exchange[] = [];
          const m = await makeModel(key, MODEL_OF[kind], log).bindTools([weatherTool()]).invoke('Weather in Paris?');
          assert.deepEqual(m.tool_calls.map((c: any) => [c.name, c.args]), [['get_weather', { city: 'Paris' }]]);
          assertUsage(m.usage_metadata, expectCall(kind, usage, false));
          const tools = up().last!.body.tools;
          assert.equal(kind === 'openai' ? tools[0].function.name : tools[0].name, 'get_weather');
          await h.assertBilled(accountId, [expectCall(kind, usage, false)]);
        });

        it('two-step tool loop: the tool result goes upstream, the final text; each step’s exact usage; two exact charges', { timeout: CASE_TIMEOUT_MS }, async () => {
          ready();
          const { key, accountId } = await h.account();
          const usages = USAGES[kind];
          h.answerNext(kind, usages);
          const log: Exchange[] = [];
          const weather = weatherTool();
          const model = makeModel(key, MODEL_OF[kind], log).bindTools([weather]);
          const before = up().requests.length;
          const messages: any[] = [new HumanMessage('Weather in Paris?')];
          const first = await model.invoke(messages);
          assert.equal(first.tool_calls.length, 1);
          messages.push(first, await weather.invoke(first.tool_calls[0]));
          const second = await model.invoke(messages);
          const text = typeof second.content === 'string' ? second.content : second.content.map((p: any) => p.text ?? '').join('');
          assert.equal(text, 'The weather in Paris: sunny, 24°C in Paris.');
          assert.deepEqual(second.tool_calls, []);
          const calls = usages.map((u) => expectCall(kind, u, false));
          assertUsage(first.usage_metadata, calls[0]);
          assertUsage(second.usage_metadata, calls[1]);
          const sent = up().requests.slice(before);
          assert.equal(sent.length, 2);
          assert.deepEqual(toolResultTexts(sent[1]), ['sunny, 24°C in Paris']);
          await h.assertBilled(accountId, calls);
        });
      });
    }
  }
});
