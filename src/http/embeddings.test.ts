import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { MockUpstreamServer, json } from '../testing/mock-upstream-server.js';
import { FAKE_EMBEDDING_TOKENS, fakeVector, geminiEmbeddingsHandler, openaiEmbeddingsHandler } from '../testing/embedding-upstream-handlers.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { waitSettled } from '../testing/wait-settled.js';

// End to end over real sockets: the official `openai` SDK's embeddings.create → gateway → fake
// OpenAI-compatible and Gemini embedding upstreams.
describe('POST /v1/embeddings end to end (openai SDK)', () => {
  let openaiUp: MockUpstreamServer;
  let geminiUp: MockUpstreamServer;
  let gw: TestGateway;
  let client: OpenAI;

  before(async () => {
    openaiUp = await new MockUpstreamServer(openaiEmbeddingsHandler()).start();
    geminiUp = await new MockUpstreamServer(geminiEmbeddingsHandler()).start();
    gw = await startTestGateway({
      upstream: { timeout_seconds: 2 },
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'oai', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-upstream-secret' },
        { id: 'gem', protocol: 'gemini', base_url: geminiUp.url, api_key: 'g-upstream-secret' },
      ],
      models: [
        // $0.10/M input: 1000 tokens = $0.0001 upstream = 10,000 units; × 1.05 = 10,500 units.
        { id: 'test/embed', aliases: ['embed-small'], type: 'embedding', price: { input: 0.1 }, routes: [{ provider: 'oai', model: 'text-embedding-3-small' }] },
        { id: 'test/gemini-embed', type: 'embedding', price: { input: 0.15 }, routes: [{ provider: 'gem', model: 'gemini-embedding-001' }] },
        { id: 'test/failover-embed', type: 'embedding', price: { input: 0.1 }, routes: [{ provider: 'oai', model: 'first' }, { provider: 'gem', model: 'second' }] },
        { id: 'test/chat', max_output_tokens: 100, price: { input: 1, output: 2 }, routes: [{ provider: 'oai', model: 'gpt' }] },
      ],
    });
    client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
  });
  beforeEach(() => gw?.resetHealth());
  after(async () => {
    await gw.close();
    await openaiUp.close();
    await geminiUp.close();
  });

  const accountOf = async (accountId = gw.accountId) => (await gw.store.accounts.get(accountId))!;

  it('embeds an array of strings on an OpenAI upstream (the SDK asks base64 and decodes) and bills upstream usage exactly', async () => {
    const before = await accountOf();
    const { data, response } = await client.embeddings.create({ model: 'test/embed', input: ['hello world', 'good night'] }).withResponse();
    assert.equal(data.model, 'test/embed');
    assert.deepEqual(data.data.map((d) => d.index), [0, 1]);
    assert.deepEqual(data.data[0].embedding, fakeVector('hello world'));
    assert.deepEqual(data.data[1].embedding, fakeVector('good night'));
    assert.equal(data.usage.prompt_tokens, FAKE_EMBEDDING_TOKENS);
    const sent = openaiUp.last!;
    assert.equal(sent.path, '/v1/embeddings');
    assert.equal(sent.headers.authorization, 'Bearer sk-upstream-secret');
    assert.deepEqual(sent.body, { model: 'text-embedding-3-small', input: ['hello world', 'good night'], encoding_format: 'base64' });

    const genId = response.headers.get('x-chuizi-generation-id')!;
    const g = await waitSettled(gw.store, genId);
    assert.equal(g?.status, 'completed');
    assert.equal(g?.inputTokens, FAKE_EMBEDDING_TOKENS);
    assert.equal(g?.outputTokens, 0);
    assert.equal(g?.usageSource, 'upstream');
    assert.equal(g?.cost, 10_500);
    assert.equal(g?.upstreamCost, 10_000);
    assert.equal(g?.streamed, false);
    assert.equal((data as any).x_chuizi.cost, '0.00010500');
    const after = await accountOf();
    assert.equal(before.balance - after.balance, 10_500, 'charged exactly');
    assert.equal(after.held, 0, 'hold released');
    const view = await fetch(`${gw.url}/v1/generation?id=${genId}`, { headers: { authorization: `Bearer ${gw.key}` } }).then((r) => r.json());
    assert.equal(view.data.cost, '0.00010500');
    assert.equal(view.data.model, 'test/embed');
  });

  it('passes dimensions and float encoding; a single string and a token array are one input each', async () => {
    const floats = await client.embeddings.create({ model: 'embed-small', input: 'one', dimensions: 4, encoding_format: 'float' });
    assert.deepEqual(floats.data[0].embedding, fakeVector('one', 4));
    assert.equal(openaiUp.last!.body.dimensions, 4);
    assert.equal(openaiUp.last!.body.encoding_format, 'float');
    const tokens = await client.embeddings.create({ model: 'test/embed', input: [15339, 1917] });
    assert.equal(tokens.data.length, 1);
    assert.deepEqual(openaiUp.last!.body.input, [[15339, 1917]]);
    const many = await client.embeddings.create({ model: 'test/embed', input: [[1, 2], [3]] });
    assert.deepEqual(many.data.map((d) => d.embedding), [fakeVector('1,2'), fakeVector('3')]);
  });

  it('converts floats to base64 when the upstream cannot encode, and base64 to floats', async () => {
    openaiUp.next(openaiEmbeddingsHandler({ alwaysFloat: true }));
    const res = await fetch(`${gw.url}/v1/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'test/embed', input: 'x', encoding_format: 'base64' }) });
    const body = await res.json();
    assert.equal(typeof body.data[0].embedding, 'string');
    const b = Buffer.from(body.data[0].embedding, 'base64');
    assert.deepEqual(Array.from({ length: b.length / 4 }, (_, i) => b.readFloatLE(i * 4)), fakeVector('x'));
  });

  it('embeds on a Gemini upstream: embedContent for one input, batches of 100 for more, billed by the gateway count', async () => {
    const before = await accountOf();
    const one = await client.embeddings.create({ model: 'test/gemini-embed', input: 'hello gemini', dimensions: 16 }).withResponse();
    assert.deepEqual(one.data.data[0].embedding, fakeVector('hello gemini', 16));
    const sent = geminiUp.last!;
    assert.equal(sent.path, '/v1beta/models/gemini-embedding-001:embedContent');
    assert.equal(sent.headers['x-goog-api-key'], 'g-upstream-secret');
    assert.equal(sent.headers.authorization, undefined);
    assert.equal(sent.body.outputDimensionality, 16);
    const tokens = countTokens('hello gemini');
    assert.equal(one.data.usage.prompt_tokens, tokens);
    const g = await waitSettled(gw.store, one.response.headers.get('x-chuizi-generation-id')!);
    assert.equal(g?.usageSource, 'estimated');
    assert.equal(g?.inputTokens, tokens);
    // tokens × $0.15/M × 1.05, rounded up to 1e-8 USD: 15 units a token upstream.
    assert.equal(g?.upstreamCost, tokens * 15);
    assert.equal(g?.cost, Math.ceil(tokens * 15 * 1.05));
    assert.equal(before.balance - (await accountOf()).balance, g?.cost);

    const calls = geminiUp.requests.length;
    const texts = Array.from({ length: 150 }, (_, i) => `text number ${i}`);
    const many = await client.embeddings.create({ model: 'test/gemini-embed', input: texts });
    assert.equal(many.data.length, 150);
    assert.deepEqual(many.data[149].embedding, fakeVector('text number 149'));
    const batches = geminiUp.requests.slice(calls);
    assert.deepEqual(batches.map((r) => [r.path, r.body.requests.length]), [
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 100],
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 50],
    ]);
    assert.equal(batches[0].body.requests[0].model, 'models/gemini-embedding-001');
    assert.equal(many.usage.prompt_tokens, texts.reduce((n, t) => n + countTokens(t), 0));
  });

  it('decodes token-array input as cl100k text for a Gemini upstream, with a warning', async () => {
    const { data, response } = await client.embeddings.create({ model: 'test/gemini-embed', input: [15339, 1917], encoding_format: 'float' }).withResponse();
    assert.deepEqual(data.data[0].embedding, fakeVector('hello world'));
    assert.match(response.headers.get('x-chuizi-warnings') ?? '', /token-array input decoded as cl100k_base/);
    assert.equal(data.usage.prompt_tokens, 2);
  });

  it('bills the gateway count when the upstream reports no usage or an implausible one', async () => {
    openaiUp.next(openaiEmbeddingsHandler({ usage: false }));
    const none = await client.embeddings.create({ model: 'test/embed', input: 'count me please' }).withResponse();
    const tokens = countTokens('count me please');
    assert.equal(none.data.usage.prompt_tokens, tokens);
    const g1 = await waitSettled(gw.store, none.response.headers.get('x-chuizi-generation-id')!);
    assert.equal(g1?.usageSource, 'estimated');
    assert.equal(g1?.inputTokens, tokens);

    openaiUp.next((req, res) => json(res, 200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: fakeVector('x') }], model: 'm', usage: { prompt_tokens: 50_000_000, total_tokens: 50_000_000 } }));
    const huge = await client.embeddings.create({ model: 'test/embed', input: 'count me please', encoding_format: 'float' }).withResponse();
    const g2 = await waitSettled(gw.store, huge.response.headers.get('x-chuizi-generation-id')!);
    assert.equal(g2?.usageSource, 'upstream_invalid');
    assert.ok(g2 && g2.inputTokens <= tokens * 2, `billed ${g2?.inputTokens}, not the reported 50M`);
    assert.equal(huge.data.usage.prompt_tokens, g2?.inputTokens);
  });

  it('fails over to the next route when an upstream fails, and settles a call no route served at $0', async () => {
    openaiUp.next((_req, res) => json(res, 500, { error: { message: 'boom' } }));
    const r = await client.embeddings.create({ model: 'test/failover-embed', input: 'fail over' }).withResponse();
    assert.deepEqual(r.data.data[0].embedding, fakeVector('fail over'));
    assert.equal(geminiUp.last!.path, '/v1beta/models/second:embedContent');

    const before = await accountOf();
    openaiUp.next((_req, res) => json(res, 503, { error: { message: 'down' } }));
    geminiUp.next((_req, res) => json(res, 503, { error: { code: 503, message: 'down', status: 'UNAVAILABLE' } }));
    const err = await client.embeddings.create({ model: 'test/failover-embed', input: 'no luck' }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.APIError);
    assert.equal(err.status, 503);
    const g = await waitSettled(gw.store, err.headers?.get('x-chuizi-generation-id') ?? '');
    assert.equal(g?.status, 'failed');
    assert.equal(g?.cost, 0);
    const after = await accountOf();
    assert.equal(after.balance, before.balance);
    assert.equal(after.held, 0);
  });

  it('answers 400 for a chat model on /v1/embeddings and an embedding model on a chat route, in each client envelope', async () => {
    const chatOnEmbed = await client.embeddings.create({ model: 'test/chat', input: 'x' }).catch((e: unknown) => e);
    assert.ok(chatOnEmbed instanceof OpenAI.BadRequestError);
    assert.match(chatOnEmbed.message, /test\/chat' is a chat model and cannot create embeddings/);
    assert.equal((chatOnEmbed.error as any).type, 'invalid_request_error');

    const embedOnChat = await client.chat.completions.create({ model: 'test/embed', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    assert.ok(embedOnChat instanceof OpenAI.BadRequestError);
    assert.match(embedOnChat.message, /test\/embed' is an embedding model: call it on POST \/v1\/embeddings/);

    const anthropic = new Anthropic({ baseURL: `${gw.url}/anthropic`, apiKey: gw.key, maxRetries: 0 });
    const viaAnthropic = await anthropic.messages.create({ model: 'test/embed', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    assert.ok(viaAnthropic instanceof Anthropic.BadRequestError);
    assert.equal((viaAnthropic.error as any).type, 'error');
    assert.equal((viaAnthropic.error as any).error.type, 'invalid_request_error');
    assert.equal(openaiUp.requests.filter((r) => r.body?.model === 'gpt' || r.body?.messages).length, 0, 'nothing reached an upstream');
  });

  it('refuses an embedding call the wallet cannot cover with 402, naming the input', async () => {
    const poor = await gw.newAccount(1);
    const poorClient = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: poor.key, maxRetries: 0 });
    const err = await poorClient.embeddings.create({ model: 'test/embed', input: 'a fairly long text to embed '.repeat(20) }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.APIError);
    assert.equal(err.status, 402);
    assert.match(err.message, /Insufficient balance\. Current: \$0\.00000001, Required: \$0\.\d+\. It cannot cover even the input\./);
    assert.equal((await accountOf(poor.accountId)).held, 0);
  });

  describe('the Gemini front door (@google/genai models.embedContent)', () => {
    const genai = () => new GoogleGenAI({ apiKey: gw.key, httpOptions: { baseUrl: `${gw.url}/gemini`, apiVersion: 'v1beta' } });

    it('embeds through a Gemini upstream, keeping taskType, billed by the gateway count', async () => {
      const r = await genai().models.embedContent({ model: 'test/gemini-embed', contents: ['first text', 'second'], config: { outputDimensionality: 4, taskType: 'RETRIEVAL_DOCUMENT' } });
      assert.deepEqual(r.embeddings?.map((e) => e.values), [fakeVector('first text', 4), fakeVector('second', 4)]);
      const sent = geminiUp.last!;
      assert.equal(sent.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
      assert.deepEqual(sent.body.requests[0], { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'first text' }] }, taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 4 });
      const g = (await gw.store.generations.list({ accountId: gw.accountId, limit: 1 })).data[0];
      const settled = await waitSettled(gw.store, g.id);
      assert.equal(settled?.protocol, 'gemini');
      assert.equal(settled?.inputTokens, countTokens('first text') + countTokens('second'));
      assert.equal(settled?.usageSource, 'estimated');
    });

    it('embeds through an OpenAI-compatible upstream (taskType dropped with a warning), billed by its usage', async () => {
      const res = await fetch(`${gw.url}/gemini/v1beta/models/embed-small:embedContent`, {
        method: 'POST', headers: { 'x-goog-api-key': gw.key, 'content-type': 'application/json' },
        body: JSON.stringify({ content: { parts: [{ text: 'one input' }] }, taskType: 'RETRIEVAL_QUERY' }),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { embedding: { values: fakeVector('one input') } });
      assert.match(res.headers.get('x-chuizi-warnings') ?? '', /dropped unsupported taskType\/title/);
      assert.deepEqual(openaiUp.last!.body, { model: 'text-embedding-3-small', input: ['one input'], encoding_format: 'float' });
      const g = await waitSettled(gw.store, res.headers.get('x-chuizi-generation-id')!);
      assert.equal(g?.cost, 10_500);
    });

    it('answers a chat model or bad content with 400 in Google\'s envelope', async () => {
      const err = await genai().models.embedContent({ model: 'test/chat', contents: 'x' }).catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 400);
      assert.match(err.message, /INVALID_ARGUMENT/);
      assert.match(err.message, /chat model and cannot create embeddings/);
      const res = await fetch(`${gw.url}/gemini/v1beta/models/test%2Fgemini-embed:embedContent?key=${gw.key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: { parts: [] } }) });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error.status, 'INVALID_ARGUMENT');
    });
  });

  describe('bad input → 400 invalid_request_error naming the field, before any upstream call', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['missing input', { model: 'test/embed' }, /'input' is required/],
      ['empty string', { model: 'test/embed', input: '' }, /'input' must not be an empty string/],
      ['empty array', { model: 'test/embed', input: [] }, /'input' must not be an empty array/],
      ['an empty string in the array', { model: 'test/embed', input: ['a', ''] }, /'input\[1\]' must not be an empty string/],
      ['too many inputs', { model: 'test/embed', input: Array.from({ length: 2049 }, () => 'a') }, /at most 2048 inputs, got 2049/],
      ['a number input', { model: 'test/embed', input: 5 }, /'input' must be a string, an array of strings/],
      ['mixed strings and numbers', { model: 'test/embed', input: ['a', 1] }, /'input\[1\]' must be a string/],
      ['mixed token arrays and strings', { model: 'test/embed', input: [[1], 'a'] }, /'input\[1\]' must be a string or an array of token ids/],
      ['a negative token id', { model: 'test/embed', input: [1, -1] }, /'input\[1\]' must be a token id/],
      ['a fractional token id', { model: 'test/embed', input: [[1.5]] }, /'input\[0\]\[0\]' must be a token id/],
      ['an empty token array', { model: 'test/embed', input: [[1], []] }, /'input\[1\]' must not be an empty token array/],
      ['objects as inputs', { model: 'test/embed', input: [{ text: 'a' }] }, /'input\[0\]' must be a string or an array of token ids/],
      ['dimensions 0', { model: 'test/embed', input: 'a', dimensions: 0 }, /'dimensions' must be a positive integer/],
      ['an unknown encoding', { model: 'test/embed', input: 'a', encoding_format: 'hex' }, /'encoding_format'.*float, base64/],
      ['a missing model', { input: 'a' }, /'model' is required/],
      ['an array body', [] as unknown as Record<string, unknown>, /must be a JSON object/],
    ];
    for (const [name, body, message] of cases) {
      it(name, async () => {
        const calls = openaiUp.requests.length;
        const res = await fetch(`${gw.url}/v1/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal(res.status, 400);
        const err = (await res.json()).error;
        assert.equal(err.type, 'invalid_request_error');
        assert.equal(err.code, '400');
        assert.match(err.message, message);
        assert.equal(openaiUp.requests.length, calls);
      });
    }
  });
});

describe('POST /v1/embeddings without a provider (mock/embed)', () => {
  it('serves deterministic mock embeddings with cl100k usage, billed at $0.02/M', async () => {
    const gw = await startTestGateway({ providers: [{ id: 'mock', protocol: 'mock' }] });
    try {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.key, maxRetries: 0 });
      const a = await client.embeddings.create({ model: 'mock/embed', input: ['same text', 'same text'], dimensions: 32 }).withResponse();
      assert.equal(a.data.data[0].embedding.length, 32);
      assert.deepEqual(a.data.data[0].embedding, a.data.data[1].embedding);
      const norm = Math.hypot(...a.data.data[0].embedding);
      assert.ok(Math.abs(norm - 1) < 1e-5);
      assert.equal(a.data.usage.prompt_tokens, 2 * countTokens('same text'));
      const g = await waitSettled(gw.store, a.response.headers.get('x-chuizi-generation-id')!);
      assert.equal(g?.upstreamCost, 2 * countTokens('same text') * 2);
      assert.equal(g?.provider, 'mock');
    } finally {
      await gw.close();
    }
  });
});
