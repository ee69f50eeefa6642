import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { Exchange } from './exchange.js';
import type { Router } from './router.js';

export const CONSOLE_PATH = '/console';
/** The built console is small (about 100 kB); anything far beyond is not a console build. */
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 500;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Everything the console needs comes from this origin; nothing inline (the build emits no inline
 * script or style), no frames, no form posts elsewhere. The token never leaves through a URL.
 */
export const CONSOLE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Content-hashed file names (Vite's `assets/`) never change: cached for a year. */
  immutable: boolean;
}

/**
 * Serves the built web console (console/dist, made by `npm run build:console`) at `/console`:
 * files read into memory once at start (bounded), gzip when the client takes it, ETags, a
 * year's caching for hashed assets and none for index.html, the CSP above, and index.html for
 * every other path under /console (the console's own routes: /console/keys, …).
 */
export function registerConsoleRoutes(router: Router, dir: string, log: Logger): void {
  const files = loadConsoleFiles(dir, log);
  const index = files.get('index.html');
  const serve = (ex: Exchange): void => {
    const rel = ex.url.pathname.slice(CONSOLE_PATH.length).replace(/^\/+/, '');
    if (!index) {
      sendText(ex, 503, 'The web console is not built. Run `npm run build:console` (or `npm install`), then restart the gateway.\n');
      return;
    }
    let file = files.get(rel);
    if (!file) {
      // A missing asset is a 404 (a stale hashed name must not get HTML); any other path is a console route.
      if (rel.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(rel)) {
        sendText(ex, 404, 'Not found\n');
        return;
      }
      file = index;
    }
    sendFile(ex, file);
  };
  router.add('GET', CONSOLE_PATH, serve);
  router.add('GET', `${CONSOLE_PATH}/*path`, serve);
}

function loadConsoleFiles(dir: string, log: Logger): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let paths: string[];
  try {
    paths = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    log.warn({ dir }, 'web console not built: /console answers 503 (run npm run build:console)');
    return files;
  }
  let total = 0;
  for (const p of paths.slice(0, MAX_FILES)) {
    const abs = join(dir, p);
    const type = CONTENT_TYPES[extname(p).toLowerCase()];
    if (!type || !statSync(abs).isFile()) continue;
    const body = readFileSync(abs);
    total += body.length;
    if (total > MAX_TOTAL_BYTES) {
      log.warn({ dir, maxBytes: MAX_TOTAL_BYTES }, 'web console build larger than expected: the rest of its files are not served');
      break;
    }
    const rel = relative(dir, abs).split(sep).join('/');
    const compressible = /^(text|application\/json|image\/svg)/.test(type) && body.length > 512;
    files.set(rel, {
      body,
      gzip: compressible ? gzipSync(body) : null,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: rel.startsWith('assets/'),
    });
  }
  return files;
}

/** Headers on every /console answer (copied into each answer's headers, never mutated). */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function sendFile(ex: Exchange, file: StaticFile): void {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': file.type,
    etag: file.etag,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
  };
  if (ex.req.headers['if-none-match'] === file.etag) {
    ex.res.writeHead(304, headers).end();
    return;
  }
  const gzip = file.gzip !== null && /\bgzip\b/.test(String(ex.req.headers['accept-encoding'] ?? ''));
  const body = gzip && file.gzip ? file.gzip : file.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  ex.res.writeHead(200, headers).end(ex.req.method === 'HEAD' ? undefined : body);
}

function sendText(ex: Exchange, status: number, text: string): void {
  ex.res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  ex.res.end(ex.req.method === 'HEAD' ? undefined : text);
}
