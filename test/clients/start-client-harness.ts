import assert from 'node:assert/strict';
import { formatMoney } from '../../src/core/money.js';
import { MockUpstreamServer, toolResultTexts, type UpstreamScript } from '../../src/testing/mock-upstream-server.js';
import { anthropicUpstreamHandler, type FakeAnthropicUsage } from '../../src/testing/anthropic-upstream-handler.js';
import { openaiUpstreamHandler, type FakeUsage } from '../../src/testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../../src/testing/start-test-gateway.js';

/** The gateway model served by the Anthropic upstream, and its prices in units (1e-8 USD) per 1M tokens. */
export const CLAUDE_MODEL = 'anthropic/claude-test';
/** The gateway model served by the OpenAI-compatible upstream. */
export const GPT_MODEL = 'openai/gpt-test';
const UNITS_PER_USD = 100_000_000;
const PRICES = {
  [CLAUDE_MODEL]: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  [GPT_MODEL]: { input: 2, output: 8, cache_read: 0.5, cache_write: 2 },
} as const;
const MARKUP = { num: 105n, den: 100n }; // billing.markup 1.05 (the default), set explicitly below
const ACCOUNT_BALANCE = 10 * UNITS_PER_USD;

export type UpstreamKind = 'anthropic' | 'openai';
export const MODEL_OF: Record<UpstreamKind, string> = { anthropic: CLAUDE_MODEL, openai: GPT_MODEL };

/** One upstream call as the gateway must record and bill it. */
export interface ExpectedCall {
  model: string;
  streamed: boolean;
  /** All input tokens, cache reads and writes included. */
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
}

/** The usage a fake upstream reports, in its own protocol's shape. */
export type UpstreamUsage = FakeAnthropicUsage | FakeUsage;

/** Usages the fake upstreams report in the suites: a first call, then a different second one (tool loops). */
export const USAGES: { anthropic: [FakeAnthropicUsage, FakeAnthropicUsage]; openai: [FakeUsage, FakeUsage] } = {
  anthropic: [
    { input_tokens: 1000, output_tokens: 300, cache_read_input_tokens: 500, cache_creation_input_tokens: 200 },
    { input_tokens: 1400, output_tokens: 42, cache_read_input_tokens: 1700, cache_creation_input_tokens: 0 },
  ],
  openai: [
    { prompt_tokens: 2000, completion_tokens: 500, cached_tokens: 0, reasoning_tokens: 0 },
    { prompt_tokens: 2600, completion_tokens: 60, cached_tokens: 1024, reasoning_tokens: 0 },
  ],
};

/** What a call answered by the `kind` upstream reporting `u` must be recorded as. */
export function expectCall(kind: UpstreamKind, u: UpstreamUsage, streamed: boolean): ExpectedCall {
  return kind === 'anthropic' ? anthropicCall(u as FakeAnthropicUsage, streamed) : openaiCall(u as FakeUsage, streamed);
}

/** What a call answered by the Anthropic upstream with `u` must be recorded as. */
export function anthropicCall(u: FakeAnthropicUsage, streamed: boolean): ExpectedCall {
  const cached = u.cache_read_input_tokens ?? 0;
  const written = u.cache_creation_input_tokens ?? 0;
  return { model: CLAUDE_MODEL, streamed, inputTokens: u.input_tokens + cached + written, outputTokens: u.output_tokens, cachedTokens: cached, cacheWriteTokens: written };
}

/** What a call answered by the OpenAI-compatible upstream with `u` must be recorded as. */
export function openaiCall(u: FakeUsage, streamed: boolean): ExpectedCall {
  return { model: GPT_MODEL, streamed, inputTokens: u.prompt_tokens, outputTokens: u.completion_tokens, cachedTokens: u.cached_tokens ?? 0, cacheWriteTokens: 0 };
}

/** The exact charge of one call, computed here independently of the gateway's pricing code. */
export function expectedCost(call: ExpectedCall): number {
  const p = PRICES[call.model as keyof typeof PRICES];
  const perMillion = (usd: number) => BigInt(Math.round(usd * UNITS_PER_USD));
  const plainInput = BigInt(call.inputTokens - call.cachedTokens - call.cacheWriteTokens);
  const scaled = plainInput * perMillion(p.input) + BigInt(call.cachedTokens) * perMillion(p.cache_read) + BigInt(call.cacheWriteTokens) * perMillion(p.cache_write) + BigInt(call.outputTokens) * perMillion(p.output);
  const num = scaled * MARKUP.num;
  const den = 1_000_000n * MARKUP.den;
  return Number((num + den - 1n) / den);
}

/**
 * The default answer of both fake upstreams in the client suites: with tools, call the first
 * one with {"city":"Paris"}; once a tool result is in the conversation, answer with it; without
 * tools, echo the last user text.
 */
export const weatherScript: UpstreamScript = (req) => {
  const results = toolResultTexts(req);
  if (results.length > 0) return { text: `The weather in Paris: ${results[results.length - 1]}.` };
  return undefined;
};

export interface ClientHarness {
  gw: TestGateway;
  up: Record<UpstreamKind, MockUpstreamServer>;
  /** The next calls to the `kind` upstream are answered reporting these usages, in order (by `script`, default weatherScript). */
  answerNext(kind: UpstreamKind, usages: UpstreamUsage[], script?: UpstreamScript): void;
  /** A fresh account holding $10 and its key: one per case, so its ledger holds that case's calls only. */
  account(): Promise<{ key: string; accountId: string }>;
  /** Waits for the case's calls to settle, then checks the wallet was charged exactly once per call, by its exact usage, and nothing is held. */
  assertBilled(accountId: string, calls: ExpectedCall[]): Promise<void>;
  close(): Promise<void>;
}

/** Both fake upstreams and a real gateway on 127.0.0.1, with one model routed to each upstream. */
export async function startClientHarness(opts: { anthropicScript?: UpstreamScript; openaiScript?: UpstreamScript } = {}): Promise<ClientHarness> {
  const anthropic = await new MockUpstreamServer(anthropicUpstreamHandler(undefined, opts.anthropicScript ?? weatherScript)).start();
  const openai = await new MockUpstreamServer(openaiUpstreamHandler(undefined, opts.openaiScript ?? weatherScript)).start();
  const gw = await startTestGateway({
    billing: { markup: 1.05 },
    limits: { key_rpm: 100_000, model_rpm: 100_000 },
    providers: [
      { id: 'anthropic-up', protocol: 'anthropic', base_url: anthropic.url, api_key: 'sk-ant-upstream-secret' },
      { id: 'openai-up', protocol: 'openai', base_url: `${openai.url}/v1`, api_key: 'sk-openai-upstream-secret' },
    ],
    models: [
      { id: CLAUDE_MODEL, max_output_tokens: 64_000, price: PRICES[CLAUDE_MODEL], routes: [{ provider: 'anthropic-up', model: 'claude-upstream' }] },
      { id: GPT_MODEL, max_output_tokens: 64_000, price: PRICES[GPT_MODEL], routes: [{ provider: 'openai-up', model: 'gpt-upstream' }] },
    ],
  });
  const admin = async (path: string) => {
    const res = await fetch(`${gw.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${gw.adminToken}` } });
    assert.equal(res.status, 200, `GET /admin/v1${path}`);
    return (await res.json()).data;
  };
  const scripts = { anthropic: opts.anthropicScript ?? weatherScript, openai: opts.openaiScript ?? weatherScript };
  return {
    gw,
    up: { anthropic, openai },
    answerNext(kind, usages, script) {
      for (const u of usages) {
        if (kind === 'anthropic') anthropic.next(anthropicUpstreamHandler(u as FakeAnthropicUsage, script ?? scripts.anthropic));
        else openai.next(openaiUpstreamHandler(u as FakeUsage, script ?? scripts.openai));
      }
    },
    async account() {
      const { key, accountId } = await gw.newAccount(ACCOUNT_BALANCE);
      return { key, accountId };
    },
    async assertBilled(accountId, calls) {
      // A stream's settlement may finish just after the client has read its last event.
      const deadline = Date.now() + 5000;
      let gens: any[] = [];
      let account: any;
      for (;;) {
        account = await admin(`/accounts/${accountId}`);
        gens = await admin(`/generations?account_id=${accountId}&limit=500`);
        if ((account.held === '0.00000000' && gens.length >= calls.length && gens.every((g) => g.status !== 'pending')) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const summary = (g: ExpectedCall & { status: string; cost: string; usageSource: string }) =>
        JSON.stringify([g.model, g.streamed, g.status, g.usageSource, g.inputTokens, g.outputTokens, g.cachedTokens, g.cacheWriteTokens, g.cost]);
      const expected = calls.map((c) => summary({ ...c, status: 'completed', usageSource: 'upstream', cost: formatMoney(expectedCost(c)) })).sort();
      const actual = gens
        .map((g) => summary({ model: g.model, streamed: g.streamed, status: g.status, usageSource: g.usage_source, inputTokens: g.input_tokens, outputTokens: g.output_tokens, cachedTokens: g.cached_tokens, cacheWriteTokens: g.cache_write_tokens, cost: g.cost }))
        .sort();
      assert.deepEqual(actual, expected, 'generation records: [model, streamed, status, usage source, input, output, cached, cache write, cost]');

      const txs: any[] = await admin(`/accounts/${accountId}/transactions?limit=500`);
      const charges = txs.filter((t) => t.type === 'charge');
      assert.deepEqual(txs.filter((t) => t.type !== 'charge' && t.type !== 'topup'), [], 'no refunds or adjustments');
      assert.deepEqual(charges.map((t) => t.generation_id).sort(), gens.map((g) => g.id).sort(), 'exactly one charge per generation');
      for (const g of gens) assert.equal(charges.find((t) => t.generation_id === g.id).amount, `-${g.cost}`, `charge of ${g.id}`);
      const total = calls.reduce((s, c) => s + expectedCost(c), 0);
      assert.equal(account.balance, formatMoney(ACCOUNT_BALANCE - total), 'balance = top-up − Σ exact costs');
      assert.equal(account.held, '0.00000000', 'nothing left held');
      assert.deepEqual(await gw.store.ledger.check(Date.now()), [], 'ledger consistent');
    },
    async close() {
      await gw.close();
      await anthropic.close();
      await openai.close();
    },
  };
}
