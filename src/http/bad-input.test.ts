import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { HOSTILE } from '../protocols/anthropic-messages/test-hostile-cases.js';

// Hostile bodies of every kind: each gets a clear 4xx naming the problem, never a 5xx,
// and the server stays healthy. The mock model means a valid call needs no upstream.
const ok = { model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] };
const msg = (m: unknown) => JSON.stringify({ model: 'mock/echo', messages: [m] });
const withField = (k: string, v: unknown) => JSON.stringify({ ...ok, [k]: v });

const CASES: Array<[name: string, body: string | Buffer, expect: { status?: number; mentions?: RegExp }, contentType?: string]> = [
  ['empty body', '', { mentions: /empty/i }],
  ['not JSON', 'hello world', { mentions: /not valid JSON/ }],
  ['truncated JSON', '{"model":', { mentions: /not valid JSON/ }],
  ['null', 'null', { mentions: /JSON object/ }],
  ['array', '[]', { mentions: /JSON object/ }],
  ['string', '"x"', { mentions: /JSON object/ }],
  ['number', '123', { mentions: /JSON object/ }],
  ['missing model', JSON.stringify({ messages: ok.messages }), { mentions: /model/ }],
  ['model is a number', JSON.stringify({ ...ok, model: 123 }), { mentions: /model/ }],
  ['model is empty', JSON.stringify({ ...ok, model: '' }), { mentions: /model/ }],
  ['missing messages', JSON.stringify({ model: 'mock/echo' }), { mentions: /messages/ }],
  ['messages is a string', withField('messages', 'hi'), { mentions: /messages/ }],
  ['messages is empty', withField('messages', []), { mentions: /messages/ }],
  ['messages is an object', withField('messages', { 0: { role: 'user', content: 'x' } }), { mentions: /messages/ }],
  ['message is null', msg(null), { mentions: /messages\[0\]/ }],
  ['unknown role', msg({ role: 'wizard', content: 'x' }), { mentions: /role/ }],
  ['content is a number', msg({ role: 'user', content: 123 }), { mentions: /content/ }],
  ['part without type', msg({ role: 'user', content: [{ text: 'x' }] }), { mentions: /content/ }],
  ['image part without url', msg({ role: 'user', content: [{ type: 'image_url' }] }), { mentions: /image_url/ }],
  ['image with ftp url', msg({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }), { mentions: /url/ }],
  ['tool message without tool_call_id', msg({ role: 'tool', content: 'x' }), { mentions: /tool_call_id/ }],
  ['tool call without function', msg({ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function' }] }), { mentions: /tool_calls/ }],
  ['temperature is a string', withField('temperature', 'hot'), { mentions: /temperature/ }],
  ['temperature out of range', withField('temperature', 99), { mentions: /temperature/ }],
  ['negative max_tokens', withField('max_tokens', -5), { mentions: /max_tokens/ }],
  ['huge max_tokens', withField('max_tokens', 1e308), { mentions: /max_tokens/ }],
  ['fractional max_tokens', withField('max_tokens', 1.5), { mentions: /max_tokens/ }],
  ['stream is a string', withField('stream', 'yes'), { mentions: /stream/ }],
  ['tools is a string', withField('tools', 'none'), { mentions: /tools/ }],
  ['tool without function', withField('tools', [{ type: 'function' }]), { mentions: /tools/ }],
  ['tool_choice is a number', withField('tool_choice', 42), { mentions: /tool_choice/ }],
  ['unknown response_format', withField('response_format', { type: 'xml' }), { mentions: /response_format/ }],
  ['n is zero', withField('n', 0), { mentions: /\bn\b/ }],
  ['stop of numbers', withField('stop', [1, 2]), { mentions: /stop/ }],
  ['top_p out of range', withField('top_p', 7), { mentions: /top_p/ }],
  ['deeply nested JSON', '{"model":"mock/echo","messages":' + '['.repeat(20000) + ']'.repeat(20000) + '}', {}],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6d, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), {}],
  ['prototype pollution', '{"__proto__":{"isAdmin":true},"model":"mock/echo","messages":"x"}', { mentions: /messages/ }],
  ['control characters in model', JSON.stringify({ ...ok, model: '\u0000\u0001' }), { status: 404 }],
  ['text/plain content type', JSON.stringify(ok), { mentions: /Content-Type/ }, 'text/plain'],
  ['form content type', 'model=mock/echo', { mentions: /Content-Type/ }, 'application/x-www-form-urlencoded'],
  ['body over the size limit', JSON.stringify({ ...ok, pad: 'x'.repeat(300_000) }), { status: 413, mentions: /too large/ }],
];

describe('hostile request bodies', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ server: { max_body_bytes: 256 * 1024 }, limits: { key_rpm: 100_000, model_rpm: 100_000 } });
  });
  after(() => gw.close());

  it(`has at least 30 cases (${CASES.length})`, () => assert.ok(CASES.length >= 30));

  for (const [name, body, expect, contentType] of CASES) {
    it(`${name} → ${expect.status ?? 400}`, async () => {
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gw.key}`, 'content-type': contentType ?? 'application/json' },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const json = await res.json();
      assert.ok(res.status < 500, `status ${res.status}: ${JSON.stringify(json)}`);
      assert.equal(res.status, expect.status ?? 400, JSON.stringify(json));
      assert.equal(json.error.code, String(res.status));
      assert.ok(json.error.type);
      if (expect.mentions) assert.match(json.error.message, expect.mentions);
      assert.match(res.headers.get('x-chuizi-generation-id') ?? '', /^gen-/);
    });
  }

  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const port = new URL(gw.url).port;
    const reply = await new Promise<string>((resolve) => {
      const s = connect(Number(port), '127.0.0.1', () => s.write('GARBAGE \x00\x01 NOT HTTP\r\n\r\n'));
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('close', () => resolve(data));
      s.on('error', () => resolve(data));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
  });

  it('stays healthy and serves a valid call after all of it', async () => {
    assert.equal((await fetch(`${gw.url}/health`)).status, 200);
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify(ok) });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).choices[0].message.content, 'hi');
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});

// The Anthropic parser's hostile table (protocols/anthropic-messages/test-hostile-cases.ts), this
// time through the whole pipeline: body reading, authentication, parsing, the error envelope.
describe('hostile Anthropic bodies through /anthropic/v1/messages and count_tokens', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ server: { max_body_bytes: 256 * 1024 }, limits: { key_rpm: 100_000, model_rpm: 100_000 } });
  });
  after(() => gw.close());

  // The transport-level cases of the table above apply to every JSON endpoint.
  const TRANSPORT = new Set(['empty body', 'not JSON', 'truncated JSON', 'deeply nested JSON', 'invalid UTF-8', 'text/plain content type', 'form content type', 'body over the size limit']);
  for (const path of ['/anthropic/v1/messages', '/anthropic/v1/messages/count_tokens']) {
    for (const [name, body, expect, contentType] of CASES.filter(([n]) => TRANSPORT.has(n))) {
      it(`${path}: ${name} → ${expect.status ?? 400}`, async () => {
        const res = await fetch(`${gw.url}${path}`, {
          method: 'POST',
          headers: { 'x-api-key': gw.key, 'content-type': contentType ?? 'application/json' },
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });
        const json = await res.json();
        assert.equal(res.status, expect.status ?? 400, JSON.stringify(json));
        assert.equal(json.type, 'error');
        assert.equal(json.error.type, 'invalid_request_error');
        if (expect.mentions) assert.match(json.error.message, expect.mentions);
      });
    }
  }

  for (const path of ['/anthropic/v1/messages', '/anthropic/v1/messages/count_tokens']) {
    for (const [label, body, param, message] of HOSTILE) {
      // count_tokens needs no max_tokens and never streams: those fields are not its to reject.
      const notChecked = path.endsWith('count_tokens') && (param === 'max_tokens' && label === 'no max_tokens' || param === 'stream');
      it(`${path}: ${label} → ${notChecked ? '4xx' : '400'}`, async () => {
        const res = await fetch(`${gw.url}${path}`, {
          method: 'POST',
          headers: { 'x-api-key': gw.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          // JSON has no Infinity: a case built from `1e400` is sent as that literal again.
          body: JSON.stringify(body, (_k, v) => (v === Infinity ? '__INF__' : v)).replaceAll('"__INF__"', '1e400'),
        });
        const json = await res.json();
        assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}: ${JSON.stringify(json)}`);
        assert.equal(json.type, 'error');
        assert.match(res.headers.get('x-chuizi-generation-id') ?? '', /^gen-/);
        if (notChecked) return;
        assert.equal(res.status, 400, JSON.stringify(json));
        assert.equal(json.error.type, 'invalid_request_error');
        assert.ok(json.error.message.startsWith(message), `${json.error.message} names the problem as the parser does: ${message}`);
      });
    }
  }

  it('settles nothing, holds nothing, and still serves a valid call', async () => {
    const res = await fetch(`${gw.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock/echo', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(res.status, 200);
    assert.equal((await gw.store.accounts.get(gw.accountId))?.held, 0);
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
  });
});
