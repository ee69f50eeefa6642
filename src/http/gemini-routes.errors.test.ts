import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI } from '@google/genai';
import { MockUpstreamServer, json, sse } from '../testing/mock-upstream-server.js';
import { geminiUpstreamHandler } from '../testing/gemini-upstream-handler.js';
import * as fault from '../testing/fault-upstream.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';

/*
 * Every failure on a /gemini path answers in Google's envelope ({"error":{"code","message","status"}},
 * api.md §4) with the x-chuizi-generation-id header, and charges nothing: 401, 402, 403, 404, 405,
 * 429, bad input, upstream failures, and an error in the middle of a stream.
 */

type GoogleError = { error: { code: number; message: string; status: string } };
const START = 1_000_000_000;

describe('Gemini front door errors', () => {
  let up: MockUpstreamServer;
  let openaiUp: MockUpstreamServer;
  let gw: TestGateway;

  before(async () => {
    up = await new MockUpstreamServer(geminiUpstreamHandler()).start();
    openaiUp = await new MockUpstreamServer(fault.completion('unused')).start();
    gw = await startTestGateway({
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'gemini-up', protocol: 'gemini', base_url: up.url, api_key: 'AIza-upstream' },
        { id: 'openai-up', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-upstream' },
      ],
      models: [
        { id: 'google/gemini-test', aliases: ['gemini-test'], max_output_tokens: 8192, price: { input: 0.3, output: 2.5 }, routes: [{ provider: 'gemini-up', model: 'gemini-upstream' }] },
        { id: 'test/m', max_output_tokens: 1000, price: { input: 1, output: 2 }, routes: [{ provider: 'openai-up', model: 'm' }] },
      ],
    });
  });
  after(async () => {
    await gw.close();
    await up.close();
    await openaiUp.close();
  });

  const BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] });
  const call = (path: string, init: { key?: string; headers?: Record<string, string>; body?: string; method?: string } = {}) =>
    fetch(`${gw.url}/gemini/v1beta/${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(init.key ? { 'x-goog-api-key': init.key } : {}), ...init.headers },
      body: init.method === 'GET' ? undefined : (init.body ?? BODY),
    });

  /** The answer is Google's envelope with this status and name, carries a generation id, and its message matches. */
  async function googleError(res: Response, code: number, status: string, message?: RegExp): Promise<GoogleError> {
    assert.equal(res.status, code);
    assert.match(res.headers.get('x-chuizi-generation-id') ?? '', /^gen-[A-Za-z0-9]{24}$/);
    const body = (await res.json()) as GoogleError;
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, code);
    assert.equal(body.error.status, status);
    if (message) assert.match(body.error.message, message);
    return body;
  }

  /** Nothing was charged to the account. */
  async function untouched(accountId: string): Promise<void> {
    const account = await gw.store.accounts.get(accountId);
    assert.equal(account?.balance, START);
    assert.equal(account?.held, 0);
  }

  it('401: no key, a malformed or unknown key, in Google’s envelope — and @google/genai reads it', async () => {
    await googleError(await call('models/gemini-test:generateContent'), 401, 'UNAUTHENTICATED', /^Invalid API key$/);
    await googleError(await call('models/gemini-test:generateContent', { key: 'AIza-not-ours' }), 401, 'UNAUTHENTICATED');
    await googleError(await call('models', { key: `ck-${'x'.repeat(32)}`, method: 'GET' }), 401, 'UNAUTHENTICATED');
    const ai = new GoogleGenAI({ apiKey: `ck-${'y'.repeat(32)}`, httpOptions: { baseUrl: `${gw.url}/gemini`, apiVersion: 'v1beta' } });
    await assert.rejects(ai.models.generateContent({ model: 'gemini-test', contents: 'x' }), (e: unknown) => e instanceof ApiError && e.status === 401 && /Invalid API key/.test(e.message));
  });

  it('takes the key from x-goog-api-key, ?key= or Bearer, Authorization first', async () => {
    const w = await gw.newAccount(START);
    assert.equal((await call('models/gemini-test:generateContent', { key: w.key })).status, 200);
    const json = { 'content-type': 'application/json' };
    assert.equal((await fetch(`${gw.url}/gemini/v1beta/models/gemini-test:generateContent?key=${w.key}`, { method: 'POST', headers: json, body: BODY })).status, 200);
    assert.equal((await call('models/gemini-test:generateContent', { headers: { authorization: `Bearer ${w.key}` } })).status, 200);
    await googleError(await call('models/gemini-test:generateContent', { key: w.key, headers: { authorization: `Bearer ck-${'z'.repeat(32)}` } }), 401, 'UNAUTHENTICATED');
    assert.equal((await fetch(`${gw.url}/gemini/v1/models/gemini-test:generateContent?key=${w.key}`, { method: 'POST', headers: json, body: BODY })).status, 200, 'v1 too');
  });

  it('402: a wallet that cannot cover the hold, with the seed’s message; nothing held or charged', async () => {
    const w = await gw.newAccount(100);
    await googleError(await call('models/gemini-test:generateContent', { key: w.key, body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 5000 } }) }), 402, 'FAILED_PRECONDITION', /^Insufficient balance\. Current: \$0\.00000100, Required: \$0\.0/);
    assert.equal((await gw.store.accounts.get(w.accountId))?.balance, 100);
  });

  it('403, 404 and 405: a model the key may not call, an unknown model, an unknown route or method', async () => {
    const w = await gw.newAccount(START, { allowedModels: ['mock/none'] });
    await googleError(await call('models/gemini-test:generateContent', { key: w.key }), 403, 'PERMISSION_DENIED');
    const v = await gw.newAccount(START);
    await googleError(await call('models/google/no-such-model:generateContent', { key: v.key }), 404, 'NOT_FOUND', /no-such-model/);
    await googleError(await call('models/gemini-test:embedContentX', { key: v.key }), 405, 'UNIMPLEMENTED', /not allowed/);
    await googleError(await call('tunedModels', { key: v.key, method: 'GET' }), 404, 'NOT_FOUND');
    await googleError(await call('models/gemini-test:generateContent', { key: v.key, method: 'GET' }), 404, 'NOT_FOUND', /does not exist/);
    await untouched(v.accountId);
  });

  it('400: malformed JSON and invalid fields name the problem', async () => {
    const w = await gw.newAccount(START);
    await googleError(await call('models/gemini-test:generateContent', { key: w.key, body: '{"contents":' }), 400, 'INVALID_ARGUMENT');
    await googleError(await call('models/gemini-test:generateContent', { key: w.key, body: '{}' }), 400, 'INVALID_ARGUMENT', /contents/);
    await googleError(await call('models/gemini-test:generateContent', { key: w.key, body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 'hot' } }) }), 400, 'INVALID_ARGUMENT', /generationConfig\.temperature/);
    await googleError(await call('models/gemini-test:countTokens', { key: w.key, body: JSON.stringify({ generateContentRequest: 'x' }) }), 400, 'INVALID_ARGUMENT', /generateContentRequest/);
    await untouched(w.accountId);
  });

  it('429: the key’s rate limit, with Retry-After', async () => {
    const w = await gw.newAccount(START, { rpmLimit: 1 });
    assert.equal((await call('models/gemini-test:countTokens', { key: w.key })).status, 200);
    const res = await call('models/gemini-test:generateContent', { key: w.key });
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    await googleError(res, 429, 'RESOURCE_EXHAUSTED', /^Rate limit exceeded\. Retry after \d+ seconds\.$/);
    await untouched(w.accountId);
  });

  it('upstream failures: 429 passed on with its wait, 500 as 502, the upstream’s bad key as 502; nothing charged', async () => {
    const w = await gw.newAccount(START);
    up.next((_req, res) => json(res, 429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] } }));
    const limited = await call('models/gemini-test:generateContent', { key: w.key });
    assert.equal(limited.headers.get('retry-after'), '7');
    await googleError(limited, 429, 'RESOURCE_EXHAUSTED');
    gw.resetHealth();
    up.next((_req, res) => json(res, 500, { error: { code: 500, message: 'internal secret detail', status: 'INTERNAL' } }));
    const failed = await googleError(await call('models/gemini-test:generateContent', { key: w.key }), 502, 'INTERNAL');
    assert.doesNotMatch(failed.error.message, /secret/);
    gw.resetHealth();
    up.next((req, res) => geminiUpstreamHandler()({ ...req, headers: {} }, res));
    await googleError(await call('models/gemini-test:generateContent', { key: w.key }), 502, 'INTERNAL', /credentials/);
    gw.resetHealth();
    await untouched(w.accountId);
  });

  it('an error after the stream started: Google’s error object in the stream, what was delivered billed', async () => {
    const w = await gw.newAccount(START);
    up.next((_req, res) =>
      sse(res, [
        `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hello there' }] }, index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2, totalTokenCount: 12 } })}\r\n\r\n`,
        `data: ${JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })}\r\n\r\n`,
      ]),
    );
    const res = await call('models/gemini-test:streamGenerateContent?alt=sse', { key: w.key });
    assert.equal(res.status, 200);
    const frames = (await res.text()).split('\r\n\r\n').filter(Boolean).map((f) => JSON.parse(f.replace(/^data: /, '')) as Record<string, unknown>);
    assert.equal((frames[0].candidates as Array<{ content: { parts: Array<{ text: string }> } }>)[0].content.parts[0].text, 'Hello there');
    assert.deepEqual(frames.at(-1), { error: { code: 503, message: 'The upstream provider is unavailable', status: 'UNAVAILABLE' } });
    const deadline = Date.now() + 3000;
    let gens = (await gw.store.generations.list({ accountId: w.accountId, limit: 5 })).data;
    while ((gens.length === 0 || gens[0].status === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      gens = (await gw.store.generations.list({ accountId: w.accountId, limit: 5 })).data;
    }
    assert.equal(gens.length, 1);
    assert.ok(gens[0].cost > 0, 'what was delivered is billed');
    assert.equal((await gw.store.accounts.get(w.accountId))?.balance, START - gens[0].cost);
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });

  /** The account's one call, once settled. */
  async function settledCall(accountId: string) {
    const deadline = Date.now() + 3000;
    let gens = (await gw.store.generations.list({ accountId, limit: 5 })).data;
    while ((gens.length === 0 || gens[0].status === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      gens = (await gw.store.generations.list({ accountId, limit: 5 })).data;
    }
    assert.equal(gens.length, 1);
    const account = await gw.store.accounts.get(accountId);
    assert.equal(account?.held, 0);
    assert.equal(account?.balance, START - gens[0].cost, 'charged once');
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
    return gens[0];
  }

  it('an upstream that ignores maxOutputTokens is cut at the bound: MAX_TOKENS, billed the bound ($1/M in, $2/M out ×1.05)', async () => {
    const w = await gw.newAccount(START);
    const endless = fault.endlessStream();
    openaiUp.next(endless.handler);
    const res = await call('models/test%2Fm:streamGenerateContent?alt=sse', { key: w.key, body: JSON.stringify({ contents: [{ parts: [{ text: 'go' }] }], generationConfig: { maxOutputTokens: 50 } }) });
    const frames = (await res.text()).split('\r\n\r\n').filter(Boolean).map((f) => JSON.parse(f.replace(/^data: /, '')) as { candidates: Array<{ finishReason?: string }> });
    assert.equal(frames.at(-1)?.candidates[0].finishReason, 'MAX_TOKENS');
    assert.ok((await endless.closed) < 100_000, 'the upstream was cut off');
    const g = await settledCall(w.accountId);
    assert.deepEqual([g.status, g.usageSource, g.outputTokens], ['completed', 'estimated', 50]);
    assert.equal(g.cost, 105 * g.inputTokens + 210 * g.outputTokens);
  });

  it('a client leaving a JSON-array stream mid-way is billed for what was delivered, cancelled', async () => {
    const w = await gw.newAccount(START);
    openaiUp.next(fault.slowStream(100, 10));
    const ac = new AbortController();
    const res = await fetch(`${gw.url}/gemini/v1beta/models/test%2Fm:streamGenerateContent`, {
      method: 'POST', signal: ac.signal, headers: { 'content-type': 'application/json', 'x-goog-api-key': w.key }, body: JSON.stringify({ contents: [{ parts: [{ text: 'go' }] }] }),
    });
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const reader = res.body!.getReader();
    reader.closed.catch(() => undefined);
    let seen = '';
    while (!seen.includes('slow')) seen += new TextDecoder().decode((await reader.read()).value);
    assert.ok(seen.startsWith('[{'), 'an array, element by element');
    ac.abort();
    const g = await settledCall(w.accountId);
    assert.deepEqual([g.status, g.usageSource], ['cancelled', 'estimated']);
    assert.ok(g.outputTokens >= 1 && g.outputTokens < 100 && g.cost > 0);
  });
});
