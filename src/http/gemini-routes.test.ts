import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GoogleGenAI, Type, type GenerateContentResponse } from '@google/genai';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { anthropicUpstreamHandler } from '../testing/anthropic-upstream-handler.js';
import { FAKE_THOUGHT_SIGNATURE, geminiUpstreamHandler } from '../testing/gemini-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { waitSettled } from '../testing/wait-settled.js';

/*
 * End to end over real sockets with the official SDKs: @google/genai against /gemini for a Gemini
 * model on a mock Gemini upstream and for models on mock OpenAI and Anthropic upstreams; a Gemini
 * model through the openai and @anthropic-ai/sdk SDKs. Every call is checked to have charged the
 * wallet exactly once, by an amount computed here from the upstream's usage and the price table.
 */

const START = 1_000_000_000; // $10 in 1e-8 USD
const MARKUP_PERCENT = 105n;

/** Upstream USD per 1M tokens of each test model, in 1e-8 USD per token (×100). */
const PRICES = {
  gemini: { input: 30n, output: 250n, cacheRead: 3n, cacheWrite: 0n }, // $0.30 / $2.50 / $0.03
  openai: { input: 300n, output: 1500n, cacheRead: 0n, cacheWrite: 0n }, // $3 / $15
  anthropic: { input: 300n, output: 1500n, cacheRead: 30n, cacheWrite: 375n }, // $3 / $15 / $0.30 / $3.75
};

/** What the mock upstreams report for every call (their defaults), in plain input / cached / written / output tokens. */
const USAGE = {
  gemini: { input: 1200n - 300n, cacheRead: 300n, cacheWrite: 0n, output: 400n + 100n }, // prompt 1200 incl. 300 cached; 400 + 100 thoughts
  openai: { input: 2000n, cacheRead: 0n, cacheWrite: 0n, output: 500n },
  anthropic: { input: 1000n, cacheRead: 500n, cacheWrite: 200n, output: 300n },
};

/** Independently computed charge: Σ tokens × price, × 1.05, rounded up to the 1e-8 USD. */
function expectedCharge(upstream: keyof typeof USAGE): number {
  const u = USAGE[upstream];
  const p = PRICES[upstream];
  const cost = u.input * p.input + u.cacheRead * p.cacheRead + u.cacheWrite * p.cacheWrite + u.output * p.output;
  return Number((cost * MARKUP_PERCENT + 99n) / 100n);
}

describe('Gemini front door end to end (@google/genai, openai and @anthropic-ai/sdk)', () => {
  let geminiUp: MockUpstreamServer;
  let openaiUp: MockUpstreamServer;
  let anthropicUp: MockUpstreamServer;
  let gw: TestGateway;

  before(async () => {
    geminiUp = await new MockUpstreamServer(geminiUpstreamHandler()).start();
    openaiUp = await new MockUpstreamServer(openaiUpstreamHandler()).start();
    anthropicUp = await new MockUpstreamServer(anthropicUpstreamHandler()).start();
    gw = await startTestGateway({
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'gemini-up', protocol: 'gemini', base_url: geminiUp.url, api_key: 'AIza-upstream' },
        { id: 'openai-up', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-openai-upstream' },
        { id: 'anthropic-up', protocol: 'anthropic', base_url: anthropicUp.url, api_key: 'sk-ant-upstream' },
      ],
      models: [
        { id: 'google/gemini-test', aliases: ['gemini-test'], context_window: 1048576, max_output_tokens: 8192, price: { input: 0.3, output: 2.5, cache_read: 0.03 }, routes: [{ provider: 'gemini-up', model: 'gemini-upstream' }] },
        { id: 'openai/gpt-test', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
        { id: 'anthropic/claude-test', max_output_tokens: 4096, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }, routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      ],
    });
  });
  after(async () => {
    await gw.close();
    await Promise.all([geminiUp.close(), openaiUp.close(), anthropicUp.close()]);
  });

  const genai = (key: string) => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: `${gw.url}/gemini`, apiVersion: 'v1beta' } });

  /** A fresh funded account: each test's charge is read from its own wallet. */
  const wallet = () => gw.newAccount(START);

  /** The account's calls have settled: exactly one generation, one charge row of `expected`, nothing held, the ledger sound. */
  async function chargedOnce(w: { accountId: string }, expected: number): Promise<void> {
    const deadline = Date.now() + 3000;
    let gens = (await gw.store.generations.list({ accountId: w.accountId, limit: 10 })).data;
    while ((gens.length === 0 || gens.some((g) => g.status === 'pending')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      gens = (await gw.store.generations.list({ accountId: w.accountId, limit: 10 })).data;
    }
    assert.equal(gens.length, 1, 'one generation');
    const [g] = gens;
    assert.equal((await waitSettled(gw.store, g.id))?.status, 'completed');
    assert.equal(g.cost, expected, 'the charge computed from the upstream usage');
    const charges = (await gw.store.ledger.transactions(w.accountId, { limit: 50 })).data.filter((t) => t.type === 'charge');
    assert.deepEqual(charges.map((t) => [t.amount, t.generationId]), [[-expected, g.id]], 'one charge row');
    const account = await gw.store.accounts.get(w.accountId);
    assert.equal(account?.held, 0);
    assert.equal(account?.balance, START - expected);
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  }

  /** The text of a stream's chunks, and the last chunk. */
  async function collect(stream: AsyncGenerator<GenerateContentResponse>): Promise<{ text: string; chunks: GenerateContentResponse[] }> {
    const chunks: GenerateContentResponse[] = [];
    for await (const c of stream) chunks.push(c);
    return { text: chunks.map((c) => c.text ?? '').join(''), chunks };
  }

  describe('a Gemini model on a Gemini upstream', () => {
    it('generateContent: text, usage, modelVersion; the upstream gets the key in x-goog-api-key', async () => {
      const w = await wallet();
      const r = await genai(w.key).models.generateContent({ model: 'google/gemini-test', contents: 'Hello' });
      assert.equal(r.text, 'echo: Hello');
      assert.equal(r.modelVersion, 'google/gemini-test');
      assert.match(r.responseId ?? '', /^gen-[A-Za-z0-9]{24}$/);
      assert.deepEqual(
        { p: r.usageMetadata?.promptTokenCount, c: r.usageMetadata?.candidatesTokenCount, k: r.usageMetadata?.cachedContentTokenCount, t: r.usageMetadata?.thoughtsTokenCount },
        { p: 1200, c: 400, k: 300, t: 100 },
      );
      const sent = geminiUp.last!;
      assert.equal(sent.path, '/v1beta/models/gemini-upstream:generateContent');
      assert.equal(sent.headers['x-goog-api-key'], 'AIza-upstream');
      assert.deepEqual(sent.body.contents, [{ role: 'user', parts: [{ text: 'Hello' }] }]);
      await chargedOnce(w, expectedCharge('gemini'));
    });

    it('generateContentStream (SSE): text word by word; cumulative usage billed once, never summed', async () => {
      const w = await wallet();
      const { text, chunks } = await collect(await genai(w.key).models.generateContentStream({ model: 'gemini-test', contents: 'one two three four' }));
      assert.equal(text, 'echo: one two three four');
      assert.ok(chunks.length >= 5);
      assert.equal(chunks.at(-1)?.usageMetadata?.candidatesTokenCount, 400);
      assert.match(geminiUp.last!.path, /:streamGenerateContent\?alt=sse$/);
      await chargedOnce(w, expectedCharge('gemini'));
    });

    it('function calling: the call with its thoughtSignature, and the signature back upstream next turn', async () => {
      const w = await wallet();
      const ai = genai(w.key);
      const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather of a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }] }];
      const first = await ai.models.generateContent({ model: 'google/gemini-test', contents: 'Weather in Paris?', config: { tools } });
      const call = first.functionCalls?.[0] ?? assert.fail('a function call');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(call.args, { city: 'Paris' });
      const modelTurn = first.candidates?.[0].content ?? assert.fail('content');
      assert.equal(modelTurn.parts?.[0].thoughtSignature, FAKE_THOUGHT_SIGNATURE);
      const upstreamTools = geminiUp.last!.body.tools[0].functionDeclarations[0];
      assert.deepEqual(upstreamTools.parametersJsonSchema, { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
      await chargedOnce(w, expectedCharge('gemini'));

      const w2 = await wallet();
      const second = await genai(w2.key).models.generateContent({
        model: 'google/gemini-test',
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          modelTurn,
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } }] },
        ],
        config: { tools },
      });
      assert.equal(second.text, 'echo: Weather in Paris?');
      const sent = geminiUp.last!.body.contents;
      assert.equal(sent[1].parts[0].thoughtSignature, FAKE_THOUGHT_SIGNATURE, 'the signature kept across turns');
      assert.deepEqual(sent[2].parts[0], { functionResponse: { name: 'get_weather', response: { output: 'sunny' } } });
      await chargedOnce(w2, expectedCharge('gemini'));
    });

    it('function calling in a stream: the call whole in one chunk, its thoughtSignature on it', async () => {
      const w = await wallet();
      const tools = [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }];
      const { chunks } = await collect(await genai(w.key).models.generateContentStream({ model: 'google/gemini-test', contents: 'Weather in Paris?', config: { tools } }));
      const parts = chunks.flatMap((c) => c.candidates?.[0].content?.parts ?? []).filter((p) => p.functionCall);
      assert.equal(parts.length, 1);
      assert.deepEqual([parts[0].functionCall?.name, parts[0].functionCall?.args, parts[0].thoughtSignature], ['get_weather', { city: 'Paris' }, FAKE_THOUGHT_SIGNATURE]);
      assert.equal(chunks.at(-1)?.candidates?.[0].finishReason, 'STOP');
      await chargedOnce(w, expectedCharge('gemini'));
    });

    it('system instruction, JSON-schema output and thinking config reach the upstream; thoughts come back', async () => {
      const w = await wallet();
      const r = await genai(w.key).models.generateContent({
        model: 'google/gemini-test',
        contents: 'Give me an order',
        config: {
          systemInstruction: 'You are terse.',
          responseMimeType: 'application/json',
          responseSchema: { type: Type.OBJECT, properties: { id: { type: Type.STRING } }, required: ['id'] },
          thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
          maxOutputTokens: 2000,
        },
      });
      const parts = r.candidates?.[0].content?.parts ?? [];
      assert.deepEqual(parts.map((p) => [p.thought === true, p.text]), [[true, 'Let me think.'], [false, 'echo: Give me an order']]);
      const sent = geminiUp.last!.body;
      assert.deepEqual(sent.systemInstruction.parts, [{ text: 'You are terse.' }]);
      assert.equal(sent.generationConfig.responseMimeType, 'application/json');
      assert.deepEqual(sent.generationConfig.responseSchema, { type: 'OBJECT', properties: { id: { type: 'STRING' } }, required: ['id'] });
      assert.deepEqual(sent.generationConfig.thinkingConfig, { thinkingBudget: 1024, includeThoughts: true });
      assert.equal(sent.generationConfig.maxOutputTokens, 2000);
      await chargedOnce(w, expectedCharge('gemini'));
    });

    it('streams without alt=sse as one JSON array, element by element', async () => {
      const w = await wallet();
      const res = await fetch(`${gw.url}/gemini/v1beta/models/google%2Fgemini-test:streamGenerateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': w.key },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a b c' }] }] }),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const chunks = (await res.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }>; usageMetadata?: { candidatesTokenCount: number } }>;
      assert.equal(chunks.map((c) => c.candidates[0].content.parts[0].text).join(''), 'echo: a b c');
      assert.equal(chunks.at(-1)?.usageMetadata?.candidatesTokenCount, 400);
      await chargedOnce(w, expectedCharge('gemini'));
    });
  });

  describe('other models through @google/genai', () => {
    for (const [model, upstream] of [['openai/gpt-test', 'openai'], ['anthropic/claude-test', 'anthropic']] as const) {
      it(`${model}: generateContent and generateContentStream`, async () => {
        const w = await wallet();
        const r = await genai(w.key).models.generateContent({ model, contents: 'Hello', config: { systemInstruction: 'Be brief.' } });
        assert.equal(r.text, 'echo: Hello');
        assert.equal(r.modelVersion, model);
        await chargedOnce(w, expectedCharge(upstream));
        const up = upstream === 'openai' ? openaiUp : anthropicUp;
        const system = upstream === 'openai' ? up.last!.body.messages[0] : up.last!.body.system;
        assert.match(JSON.stringify(system), /Be brief\./);

        const w2 = await wallet();
        const { text, chunks } = await collect(await genai(w2.key).models.generateContentStream({ model, contents: 'one two three' }));
        assert.equal(text, 'echo: one two three');
        assert.ok(chunks.at(-1)?.usageMetadata?.promptTokenCount);
        await chargedOnce(w2, expectedCharge(upstream));
      });

      it(`${model}: function calling, JSON schema output and thinking config`, async () => {
        const w = await wallet();
        const r = await genai(w.key).models.generateContent({
          model,
          contents: 'Weather in Paris?',
          config: {
            tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }] }],
            thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
            maxOutputTokens: 4000,
          },
        });
        const call = r.functionCalls?.[0] ?? assert.fail('a function call');
        assert.equal(call.name, 'get_weather');
        assert.deepEqual(call.args, { city: 'Paris' });
        assert.ok(call.id, 'the call id the upstream gave, for the answer');
        const sent = (upstream === 'openai' ? openaiUp : anthropicUp).last!.body;
        if (upstream === 'openai') assert.equal(sent.tools[0].function.name, 'get_weather');
        else {
          assert.equal(sent.tools[0].name, 'get_weather');
          assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 2048 });
        }
        await chargedOnce(w, expectedCharge(upstream));

        const w2 = await wallet();
        const json = await genai(w2.key).models.generateContent({
          model,
          contents: 'An order please',
          config: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { id: { type: 'string' } } } },
        });
        assert.equal(json.text, 'echo: An order please');
        const body = (upstream === 'openai' ? openaiUp : anthropicUp).last!.body;
        if (upstream === 'openai') assert.deepEqual(body.response_format?.json_schema?.schema, { type: 'object', properties: { id: { type: 'string' } } });
        else assert.ok(String(body.system).includes('{"type":"object","properties":{"id":{"type":"string"}}}'), 'the schema in the system prompt');
        await chargedOnce(w2, expectedCharge(upstream));
      });
    }
  });

  describe('countTokens and models', () => {
    it('countTokens: free, counted by the gateway', async () => {
      const w = await wallet();
      const r = await genai(w.key).models.countTokens({ model: 'google/gemini-test', contents: 'Hello there, how are you?' });
      assert.ok((r.totalTokens ?? 0) > 0);
      const gens = (await gw.store.generations.list({ accountId: w.accountId, limit: 10 })).data;
      assert.equal(gens.length, 0, 'not billed');
      assert.equal((await gw.store.accounts.get(w.accountId))?.balance, START);
    });

    it('models.list and models.get: the key’s models, Gemini-shaped', async () => {
      const w = await gw.newAccount(START, { allowedModels: ['google/gemini-test', 'openai/gpt-test'] });
      const ai = genai(w.key);
      const names: string[] = [];
      for await (const m of await ai.models.list({ config: { pageSize: 2 } })) names.push(m.name ?? '');
      assert.deepEqual(names.filter((n) => !n.startsWith('models/auto/')), ['models/google/gemini-test', 'models/openai/gpt-test']);
      const one = await ai.models.get({ model: 'gemini-test' });
      assert.equal(one.name, 'models/google/gemini-test');
      assert.equal(one.outputTokenLimit, 8192);
      assert.equal(one.inputTokenLimit, 1048576);
      await assert.rejects(ai.models.get({ model: 'anthropic/claude-test' }), (e: Error & { status?: number }) => e.status === 404);
    });
  });

  describe('a Gemini model through the other SDKs', () => {
    it('openai SDK: chat completion and stream, tool call', async () => {
      const w = await wallet();
      const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: w.key, maxRetries: 0 });
      const r = await openai.chat.completions.create({ model: 'google/gemini-test', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
      assert.equal(r.choices[0].message.content, 'echo: Hello');
      assert.deepEqual({ p: r.usage?.prompt_tokens, c: r.usage?.completion_tokens, cached: r.usage?.prompt_tokens_details?.cached_tokens, reasoning: r.usage?.completion_tokens_details?.reasoning_tokens }, { p: 1200, c: 500, cached: 300, reasoning: 100 });
      assert.deepEqual(geminiUp.last!.body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
      await chargedOnce(w, expectedCharge('gemini'));

      const w2 = await wallet();
      const stream = await new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: w2.key, maxRetries: 0 }).chat.completions.create({
        model: 'gemini-test', stream: true, messages: [{ role: 'user', content: 'Weather?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      });
      let args = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const c of chunk.choices) {
          args += c.delta.tool_calls?.map((t) => t.function?.arguments ?? '').join('') ?? '';
          finish = c.finish_reason ?? finish;
        }
      }
      assert.deepEqual(JSON.parse(args), { city: 'Paris' });
      assert.equal(finish, 'tool_calls');
      await chargedOnce(w2, expectedCharge('gemini'));
    });

    it('@anthropic-ai/sdk: message and stream', async () => {
      const w = await wallet();
      const claude = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: w.key, maxRetries: 0 });
      const m = await claude.messages.create({ model: 'google/gemini-test', max_tokens: 1000, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
      assert.deepEqual(m.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['echo: Hello']);
      assert.deepEqual({ i: m.usage.input_tokens, o: m.usage.output_tokens, r: m.usage.cache_read_input_tokens }, { i: 900, o: 500, r: 300 });
      await chargedOnce(w, expectedCharge('gemini'));

      const w2 = await wallet();
      const stream = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: w2.key, maxRetries: 0 }).messages.stream({ model: 'gemini-test', max_tokens: 1000, messages: [{ role: 'user', content: 'one two' }] });
      const final = await stream.finalMessage();
      assert.deepEqual(final.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['echo: one two']);
      await chargedOnce(w2, expectedCharge('gemini'));
    });
  });
});
