import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { Exchange } from './exchange.js';
import { Router } from './router.js';
import { CONSOLE_CSP, registerConsoleRoutes } from './console-routes.js';

/** A bare server around a router with only the console routes (the gateway adds the rest). */
async function serve(dir: string): Promise<{ base: string; server: Server }> {
  const router = new Router();
  registerConsoleRoutes(router, dir, pino({ level: 'silent' }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
    const m = router.match(req.method ?? 'GET', path);
    if (m === undefined || m === 405) {
      res.writeHead(m === 405 ? 405 : 404).end();
      return;
    }
    void m.handler({ req, res, url } as Exchange);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('console static route', () => {
  let dir: string;
  let base: string;
  let server: Server;
  const js = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chuizi-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), js);
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'notes.unknown'), 'not served');
    ({ base, server } = await serve(dir));
  });

  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /console and /console/ with no-cache and the CSP', async () => {
    for (const path of ['/console', '/console/']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal(res.headers.get('content-security-policy'), CONSOLE_CSP);
      assert.match(CONSOLE_CSP, /script-src 'self'/);
      assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval|https?:/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(await res.text(), '<!doctype html><title>console</title>');
    }
  });

  it('serves hashed assets immutable with their content type, gzip when accepted, and 304 for a known ETag', async () => {
    const res = await fetch(`${base}/console/assets/index-abc123.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(await res.text(), js);
    const css = await fetch(`${base}/console/assets/index-abc123.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await fetch(`${base}/console/favicon.svg`)).headers.get('content-type'), 'image/svg+xml');

    const raw = await rawGet(`${base}/console/assets/index-abc123.js`, { 'accept-encoding': 'gzip' });
    assert.equal(gunzipSync(raw.body).toString(), js);
    const plain = await rawGet(`${base}/console/assets/index-abc123.js`, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), js);

    const etag = res.headers.get('etag') ?? '';
    assert.match(etag, /^"[A-Za-z0-9_-]{22}"$/);
    const again = await fetch(`${base}/console/assets/index-abc123.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const head = await fetch(`${base}/console/assets/index-abc123.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('answers console routes with index.html (SPA fallback), a missing asset with 404, other methods with 405', async () => {
    for (const path of ['/console/keys', '/console/generations/', '/console/a/b']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /<title>console<\/title>/);
    }
    for (const path of ['/console/assets/index-old.js', '/console/missing.png', '/console/notes.unknown', '/console/..%2Fpackage.json']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    }
    assert.equal((await fetch(`${base}/console/keys`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${base}/consoles`)).status, 404);
  });

  it('answers 503 with the build command when the console is not built', async () => {
    const missing = await serve(join(dir, 'no-such-dir'));
    try {
      const res = await fetch(`${missing.base}/console`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /npm run build:console/);
    } finally {
      await new Promise<void>((r) => missing.server.close(() => r()));
    }
  });
});

/** A GET without fetch's automatic decompression. */
async function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}
