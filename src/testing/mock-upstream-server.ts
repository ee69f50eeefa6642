import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type MockHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** What a fake upstream answers: text, a tool call, or both (text first). */
export interface ScriptedReply {
  text?: string;
  toolCall?: { name: string; input: Record<string, unknown> };
}

/** Decides a fake upstream's answer from the request; undefined keeps the handler's default answer. */
export type UpstreamScript = (req: RecordedRequest) => ScriptedReply | undefined;

/**
 * A programmable upstream for tests, on a real socket (127.0.0.1, any free port). Each
 * request is recorded, then answered by the next queued handler, or by the default one.
 */
export class MockUpstreamServer {
  readonly requests: RecordedRequest[] = [];
  #queue: MockHandler[] = [];
  #server: Server;
  #default: MockHandler;
  url = '';

  constructor(defaultHandler: MockHandler) {
    this.#default = defaultHandler;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next request is answered by `handler` (FIFO). */
  next(handler: MockHandler): this {
    this.#queue.push(handler);
    return this;
  }

  get last(): RecordedRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    this.requests.push(recorded);
    const handler = this.#queue.shift() ?? this.#default;
    try {
      await handler(recorded, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    }
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s), ...headers });
  res.end(s);
}

/** Writes SSE frames, optionally paced, then ends. */
export async function sse(res: ServerResponse, frames: string[], delayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const f of frames) {
    if (res.destroyed) return;
    res.write(f);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  }
  res.end();
}

/** The text of the last user message that has any (OpenAI, Anthropic or Gemini request shapes). */
export function lastUserText(req: RecordedRequest): string {
  const contents = req.body?.contents as Array<{ role?: string; parts?: Array<{ text?: string; thought?: boolean }> }> | undefined;
  if (Array.isArray(contents)) {
    for (let i = contents.length - 1; i >= 0; i--) {
      const text = contents[i].role === 'model' ? '' : (contents[i].parts ?? []).map((p) => (typeof p.text === 'string' && !p.thought ? p.text : '')).join('');
      if (text) return text;
    }
    return '';
  }
  const msgs = (req.body?.messages ?? []) as Array<{ role: string; content: unknown }>;
  for (let i = msgs.length - 1; i >= 0; i--) {
    if (msgs[i].role !== 'user') continue;
    const c = msgs[i].content;
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) {
      const text = c.map((p: any) => (p.type === 'text' ? p.text : '')).join('');
      if (text) return text;
    }
  }
  return '';
}

/** The text of every tool result in the request, in order (OpenAI `tool` messages, Anthropic `tool_result` blocks, Gemini `functionResponse` parts as JSON). */
export function toolResultTexts(req: RecordedRequest): string[] {
  const texts: string[] = [];
  for (const c of (req.body?.contents ?? []) as Array<{ parts?: any[] }>) {
    for (const p of c.parts ?? []) if (p?.functionResponse) texts.push(JSON.stringify(p.functionResponse.response ?? {}));
  }
  const textOf = (c: unknown): string =>
    typeof c === 'string' ? c : Array.isArray(c) ? c.map((p: any) => (p?.type === 'text' ? p.text : '')).join('') : '';
  for (const m of (req.body?.messages ?? []) as Array<{ role: string; content: unknown }>) {
    if (m.role === 'tool') texts.push(textOf(m.content));
    else if (Array.isArray(m.content)) for (const b of m.content as any[]) if (b?.type === 'tool_result') texts.push(textOf(b.content));
  }
  return texts;
}

/** A tool input's JSON in three pieces, as upstreams stream it. */
export function splitJson(input: unknown): string[] {
  const s = JSON.stringify(input);
  const third = Math.ceil(s.length / 3);
  return [s.slice(0, third), s.slice(third, 2 * third), s.slice(2 * third)].filter(Boolean);
}
