import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { memoStats } from '../billing/count-text-tokens.js';

// Bounded work per request, end to end: inputs that make a BPE tokenizer super-linear (one huge
// word, CJK or emoji without a break) or that are merely huge (megabytes of digits, a long
// data URL, a huge tool schema) are sent on each front door while a second client probes
// /health. Every pathological request is answered within seconds and /health never pauses
// long. The gateway runs in this process, so a blocked event loop shows as a late probe.
const MAX_PAUSE_MS = 250; // generous for a loaded 2-core machine; the unbounded tokenizer paused for seconds
const MAX_ANSWER_MS = 5_000;
const PROBE_SLEEP_MS = 5;

const word = 'x'.repeat(100_000);
const digits = '7'.repeat(2 * 1024 * 1024);
const cjk = '语言模型测试汉字'.repeat(2_500); // 20,000 characters, no punctuation
const emoji = '😀'.repeat(20_000);
const base64 = Buffer.alloc(2 * 1024 * 1024, 'pathological').toString('base64');
const english = 'the quick brown fox jumps over the lazy dog '.repeat(460); // ~20 kB
const hugeSchema = {
  type: 'object',
  description: 'y'.repeat(60_000),
  properties: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`field_${i}`, { type: 'string', enum: [`v${i}`] }])),
};

type Case = { name: string; path: string; body: object; expect: number };
const openai = (name: string, body: object, expect = 200): Case => ({ name: `openai: ${name}`, path: '/v1/chat/completions', body: { model: 'mock/echo', max_tokens: 16, ...body }, expect });
const anthropic = (name: string, body: object, expect = 200): Case => ({ name: `anthropic: ${name}`, path: '/anthropic/v1/messages', body: { model: 'mock/echo', max_tokens: 16, ...body }, expect });
const countTokens = (name: string, body: object): Case => ({ name: `count_tokens: ${name}`, path: '/anthropic/v1/messages/count_tokens', body: { model: 'mock/echo', ...body }, expect: 200 });
const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });
const gemini = (name: string, method: string, body: object): Case => ({ name: `gemini: ${name}`, path: `/gemini/v1beta/models/mock%2Fecho:${method}`, body: { generationConfig: { maxOutputTokens: 16 }, ...body }, expect: 200 });
const contents = (...texts: string[]) => ({ contents: [{ role: 'user', parts: texts.map((text) => ({ text })) }] });

const CASES: Case[] = [
  openai('one 100 kB word', user(word)),
  openai('2 MB of digits', user(digits)),
  openai('CJK without punctuation', user(cjk)),
  openai('emoji without a break', user(emoji)),
  openai('a huge tool schema', { ...user('hi'), tools: [{ type: 'function', function: { name: 'f', description: word, parameters: hugeSchema } }] }),
  openai('a long data URL image', user([{ type: 'text', text: 'what is it?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${base64}` } }])),
  openai('a long data URL as text', user(`data:image/png;base64,${base64.slice(0, 1024 * 1024)}`)),
  openai('tool arguments and results', {
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: JSON.stringify({ q: word }) } }] },
      { role: 'tool', tool_call_id: 'c1', content: emoji },
      { role: 'user', content: 'and?' },
    ],
  }),
  openai('mock/echo truncating 20 kB of English to 1 token', { ...user(english), max_tokens: 1 }),
  anthropic('thinking, tool_use and tool_result blocks', {
    system: emoji,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: word, signature: 'sig' }, { type: 'tool_use', id: 't1', name: 'f', input: { q: cjk } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: word }, { type: 'text', text: 'and?' }] },
    ],
  }),
  anthropic('2 MB of digits, streamed', { ...user(digits), stream: true }),
  anthropic('a huge tool schema', { ...user('hi'), tools: [{ name: 'f', description: cjk, input_schema: hugeSchema }] }),
  countTokens('one 100 kB word and emoji', { system: emoji, ...user(word) }),
  countTokens('2 MB of digits', user(digits)),
  countTokens('a huge tool schema', { ...user(cjk), tools: [{ name: 'f', description: word, input_schema: hugeSchema }] }),
  gemini('2 MB of digits, streamed as a JSON array', 'streamGenerateContent', contents(digits)),
  gemini('a huge OpenAPI function schema, CJK and emoji', 'generateContent', {
    ...contents(cjk, emoji),
    tools: [{ functionDeclarations: [{ name: 'f', description: word, parameters: { ...hugeSchema, type: 'OBJECT' } }] }],
  }),
  gemini('countTokens of a 100 kB word and a long inline image', 'countTokens', {
    contents: [{ role: 'user', parts: [{ text: word }, { inlineData: { mimeType: 'image/png', data: base64 } }] }],
  }),
];

/** The same JSON with every string cut to 300 characters. */
function shrink(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, 300);
  if (Array.isArray(value)) return value.map(shrink);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shrink(v)]));
  return value;
}

describe('bounded work per request: pathological inputs never stall the gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({}, { balanceUnits: 100 * 100_000_000 }); // $100: holds of megabyte prompts
  });
  after(() => gw.close());

  it('answers each pathological input within seconds while /health keeps answering at once', async (t) => {
    const bodies = CASES.map((c) => JSON.stringify(c.body));
    // A running gateway is warm: compile each path once (validators, converters, counting) with
    // the same shapes and short strings.
    for (const c of CASES) {
      const res = await fetch(`${gw.url}${c.path}`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: JSON.stringify(shrink(c.body)) });
      await res.arrayBuffer();
    }
    let probing = true;
    let worstPause = 0;
    let probes = 0;
    let current = '';
    let worstDuring = '';
    const probe = (async () => {
      let last = performance.now();
      while (probing) {
        const res = await fetch(`${gw.url}/health`);
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, PROBE_SLEEP_MS));
        const now = performance.now();
        const pause = now - last - PROBE_SLEEP_MS;
        if (pause > worstPause) {
          worstPause = pause;
          worstDuring = current;
        }
        last = now;
        probes++;
      }
    })();
    const answers: string[] = [];
    try {
      for (const [i, c] of CASES.entries()) {
        current = c.name;
        const start = performance.now();
        const res = await fetch(`${gw.url}${c.path}`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: bodies[i] });
        const text = await res.text();
        const ms = performance.now() - start;
        answers.push(`${c.name}: ${res.status} in ${ms.toFixed(0)} ms`);
        assert.equal(res.status, c.expect, `${c.name}: ${text.slice(0, 300)}`);
        assert.ok(ms < MAX_ANSWER_MS, `${c.name} took ${ms.toFixed(0)} ms`);
        if (c.path.endsWith('count_tokens')) assert.ok(JSON.parse(text).input_tokens > 1000, `${c.name}: ${text}`);
      }
    } finally {
      probing = false;
      await probe;
    }
    t.diagnostic(`worst /health pause ${worstPause.toFixed(0)} ms (during "${worstDuring}"), ${probes} probes`);
    for (const a of answers) t.diagnostic(a);
    assert.ok(probes > CASES.length, 'the probe ran throughout');
    assert.ok(worstPause < MAX_PAUSE_MS, `/health paused ${worstPause.toFixed(0)} ms (during "${worstDuring}")\n${answers.join('\n')}`);
    assert.deepEqual(await gw.store.ledger.check(Date.now()), [], 'every hold was settled');
  });

  it('count_tokens stays a sensible count: exact for ordinary text, an upper bound for a huge word', async () => {
    const post = async (body: object) => {
      const res = await fetch(`${gw.url}/anthropic/v1/messages/count_tokens`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock/echo', ...body }) });
      assert.equal(res.status, 200);
      return (await res.json()).input_tokens as number;
    };
    const base = await post(user('hi'));
    const prose = await post(user(english));
    assert.ok(prose - base > 4000 && prose - base < 5000, `${prose - base} tokens of 20 kB English`);
    const huge = await post(user(word)); // cl100k: 12,500 tokens (8 x a token), where 'hi' was 1
    assert.ok(huge - base >= 12_499 && huge - base <= 13_000, `${huge - base} tokens for 100,000 x`);
  });

  it('refuses a large request of an empty wallet with 402 without counting its tokens', async () => {
    const empty = await gw.newAccount(0);
    const text = Array.from({ length: 40_000 }, (_, i) => `word${i}`).join(' '); // ~350 kB, memoised when counted
    const entries = memoStats().entries;
    const start = performance.now();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${empty.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock/echo', ...user(text) }) });
    const body = await res.json();
    assert.equal(memoStats().entries, entries, 'the prompt was not tokenized');
    assert.equal(res.status, 402);
    assert.equal(body.error.reason, 'insufficient_balance');
    assert.match(body.error.message, /^Insufficient balance\. Current: \$0\.00000000, Required: \$0\.\d{8}\./);
    assert.ok(performance.now() - start < 1000);
  });
});
