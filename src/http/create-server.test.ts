import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';

// The HTTP server's limits, with short injected timeouts, over raw sockets where a real client
// would not misbehave on purpose.
const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 1200;
/** node:http checks for late requests every min(timeouts)/4: allow that and a loaded machine. */
const SLACK_MS = 700;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Ms from the first byte sent until the connection closed. */
  ms: number;
}

/** Sends `chunks` over a raw socket (a number = a pause in ms) and reads until the server closes. */
function rawExchange(url: string, chunks: Array<string | number>): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const start = performance.now();
    let closed = false;
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => undefined); // a reset after the answer is fine
    socket.on('close', () => {
      closed = true;
      const text = Buffer.concat(received).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), ms: performance.now() - start });
    });
    socket.once('connect', async () => {
      try {
        for (const c of chunks) {
          if (closed) return;
          if (typeof c === 'number') await new Promise((r) => setTimeout(r, c));
          else socket.write(c);
        }
      } catch (err) {
        reject(err);
      }
    });
  });
}

describe('HTTP server limits', () => {
  let gw: TestGateway;
  let upstream: MockUpstreamServer;

  before(async () => {
    // An upstream that streams for longer than the request timeout, one word every 100 ms.
    upstream = await new MockUpstreamServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, extra: object = {}) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      for (let i = 0; i < 20; i++) {
        res.write(chunk({ content: `w${i} ` }));
        await new Promise((r) => setTimeout(r, 100));
      }
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 20, total_tokens: 25 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    }).start();
    gw = await startTestGateway({
      server: {
        headers_timeout_seconds: HEADERS_TIMEOUT_MS / 1000,
        request_timeout_seconds: REQUEST_TIMEOUT_MS / 1000,
        keep_alive_timeout_seconds: 0.5,
        max_header_bytes: 4096,
      },
      providers: [{ id: 'up', protocol: 'openai', base_url: `${upstream.url}/v1` }, { id: 'echo', protocol: 'mock' }],
      models: [
        { id: 'slow/stream', price: { input: 1, output: 1 }, routes: [{ provider: 'up', model: 'm' }] },
        { id: 'test/echo', price: { input: 1, output: 1 }, routes: [{ provider: 'echo', model: 'echo' }] },
      ],
    });
  });
  after(async () => {
    await gw.close();
    await upstream.close();
  });

  it('drops a client whose headers are late with 408 and a generation id, on time', async () => {
    const a = await rawExchange(gw.url, ['POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n', 5_000, 'x-late: 1\r\n\r\n']);
    assert.equal(a.status, 408);
    assert.match(a.headers['x-chuizi-generation-id'] ?? '', /^gen-[A-Za-z0-9]{24}$/);
    assert.equal(JSON.parse(a.body).error.code, '408');
    assert.ok(a.ms >= HEADERS_TIMEOUT_MS - 50 && a.ms < HEADERS_TIMEOUT_MS + SLACK_MS, `dropped after ${a.ms.toFixed(0)} ms`);
  });

  it('drops a client whose body is late with 408 in its protocol envelope (Anthropic here)', async () => {
    const head = `POST /anthropic/v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: ${gw.key}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`;
    const a = await rawExchange(gw.url, [head, '{"model":', 10_000]);
    assert.equal(a.status, 408);
    const body = JSON.parse(a.body);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(a.headers['x-chuizi-generation-id'] ?? '', /^gen-/);
    assert.ok(a.ms >= REQUEST_TIMEOUT_MS - 50 && a.ms < REQUEST_TIMEOUT_MS + SLACK_MS, `dropped after ${a.ms.toFixed(0)} ms`);
  });

  it('drops a Gemini client whose body is late with 408 in Google’s envelope', async () => {
    const head = `POST /gemini/v1beta/models/test%2Fecho:generateContent HTTP/1.1\r\nHost: x\r\nx-goog-api-key: ${gw.key}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`;
    const a = await rawExchange(gw.url, [head, '{"contents":', 10_000]);
    assert.equal(a.status, 408);
    assert.deepEqual(JSON.parse(a.body).error.status, 'DEADLINE_EXCEEDED');
    assert.equal(JSON.parse(a.body).error.code, 408);
    assert.match(a.headers['x-chuizi-generation-id'] ?? '', /^gen-/);
  });

  it('checks the key before reading the body: no key → 401 at once, the connection closed by the request timeout', async () => {
    const head = 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n';
    const a = await rawExchange(gw.url, [head, 'x', 10_000]);
    assert.equal(a.status, 401);
    assert.match(a.headers['x-chuizi-generation-id'] ?? '', /^gen-/);
    assert.ok(a.ms < REQUEST_TIMEOUT_MS + SLACK_MS, `closed after ${a.ms.toFixed(0)} ms`);
  });

  it('answers oversized headers with 431 in the envelope of the path, with a generation id', async () => {
    const big = `x-big: ${'a'.repeat(8000)}\r\n`;
    const anthropic = await rawExchange(gw.url, [`POST /anthropic/v1/messages HTTP/1.1\r\nHost: x\r\n${big}\r\n`]);
    assert.equal(anthropic.status, 431);
    assert.equal(JSON.parse(anthropic.body).type, 'error');
    assert.match(anthropic.headers['x-chuizi-generation-id'] ?? '', /^gen-/);
    const openai = await rawExchange(gw.url, [`GET /v1/models HTTP/1.1\r\nHost: x\r\n${big}\r\n`]);
    assert.equal(openai.status, 431);
    assert.equal(JSON.parse(openai.body).error.code, '431');
    const gemini = await rawExchange(gw.url, [`POST /gemini/v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: x\r\n${big}\r\n`]);
    assert.equal(gemini.status, 431);
    assert.deepEqual(JSON.parse(gemini.body).error, { code: 431, message: 'Request header fields too large', status: 'INVALID_ARGUMENT' });
  });

  it('serves a slow but steady upload that ends within the request timeout, past the headers timeout', async () => {
    const body = JSON.stringify({ model: 'test/echo', max_tokens: 20, messages: [{ role: 'user', content: 'steady upload' }] });
    const parts: Array<string | number> = [`POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nauthorization: Bearer ${gw.key}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`];
    const step = Math.ceil(body.length / 8);
    for (let i = 0; i < body.length; i += step) parts.push(100, body.slice(i, i + step)); // ~800 ms in all
    const a = await rawExchange(gw.url, parts);
    assert.equal(a.status, 200, a.body);
    assert.ok(a.ms > HEADERS_TIMEOUT_MS);
    assert.equal(JSON.parse(a.body).choices[0].message.content, 'steady upload');
  });

  it('streams a response for longer than the request timeout', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow/stream', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    const start = performance.now();
    const text = await res.text();
    assert.ok(performance.now() - start > REQUEST_TIMEOUT_MS, 'the stream outlasted the request timeout');
    assert.match(text, /w19 /);
    assert.match(text, /data: \[DONE\]/);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { hostname, port } = new URL(gw.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    const got: Buffer[] = [];
    socket.on('data', (d) => got.push(d));
    await new Promise((r) => socket.once('connect', r));
    const start = performance.now();
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => socket.once('close', r));
    const ms = performance.now() - start;
    assert.match(Buffer.concat(got).toString(), /^HTTP\/1\.1 200/);
    assert.ok(ms >= 450 && ms < 500 + SLACK_MS + 1000, `closed after ${ms.toFixed(0)} ms`);
  });
});

describe('HTTP connection cap', () => {
  it('closes connections beyond server.max_connections at once and serves again when one closes', async () => {
    const gw = await startTestGateway({ server: { max_connections: 2 } });
    const { hostname, port } = new URL(gw.url);
    const open = async () => {
      const s = connect(Number(port), hostname);
      s.on('error', () => undefined);
      await new Promise((r) => s.once('connect', r));
      return s;
    };
    try {
      const a = await open();
      const b = await open();
      const c = await open();
      const closedAt = await Promise.race([new Promise((r) => c.once('close', () => r('closed'))), new Promise((r) => setTimeout(() => r('open'), 2000))]);
      assert.equal(closedAt, 'closed', 'the third connection is closed by the server');
      a.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const answer = await rawExchange(gw.url, ['GET /health HTTP/1.1\r\nHost: x\r\nconnection: close\r\n\r\n']);
      assert.equal(answer.status, 200);
      b.destroy();
    } finally {
      await gw.close();
    }
  });
});
