import type { ServerResponse } from 'node:http';
import { json, type MockHandler } from './mock-upstream-server.js';

/**
 * Misbehaving OpenAI-compatible upstream answers for fault tests. Each is a MockHandler; the
 * ones that stream report on `closed` whether the gateway hung up on them.
 */
const base = { id: 'chatcmpl-fault', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'm' };
const chunk = (o: object) => `data: ${JSON.stringify({ ...base, ...o })}\n\n`;
const delta = (content: string) => chunk({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const usageOf = (i: number, o: number) => ({ prompt_tokens: i, completion_tokens: o, total_tokens: i + o });

export function completion(text: string, usage?: { prompt_tokens: number; completion_tokens: number }): MockHandler {
  return (_req, res) =>
    json(res, 200, {
      id: 'chatcmpl-fault', object: 'chat.completion', created: 1_700_000_000, model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop' }],
      ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
    });
}

/** A complete stream of `words`, ending with the given usage (none when omitted). */
export function stream(words: string[], usage?: { prompt_tokens: number; completion_tokens: number }): MockHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
    for (const w of words) res.write(delta(w));
    res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    if (usage) res.write(chunk({ choices: [], usage: usageOf(usage.prompt_tokens, usage.completion_tokens) }));
    res.end('data: [DONE]\n\n');
  };
}

export interface Endless {
  handler: MockHandler;
  /** Resolves with the number of words written once the gateway closed the connection. */
  closed: Promise<number>;
}

/** An upstream that ignores the output limit: streams words forever (until 100k), no usage. */
export function endlessStream(): Endless {
  let resolve!: (n: number) => void;
  const closed = new Promise<number>((r) => (resolve = r));
  const handler: MockHandler = async (_req, res) => {
    let n = 0;
    res.once('close', () => resolve(n));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    while (!res.destroyed && n < 100_000) {
      const ok = res.write(delta('word '));
      n++;
      if (!ok) await new Promise((r) => res.once('drain', r));
      if (n % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    if (!res.destroyed) res.end('data: [DONE]\n\n');
  };
  return { handler, closed };
}

export const status = (code: number, body: unknown, headers: Record<string, string> = {}): MockHandler => (_req, res) => json(res, code, body, headers);

/** 200 with a body of the given content type. */
export const answerWith = (contentType: string, body: string): MockHandler => (_req, res) => {
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
};

/** Never answers: the gateway's upstream timeout fires. */
export const hang: MockHandler = () => new Promise<void>(() => undefined);

/** Answers after `ms` (the client may have left by then). */
export const after = (ms: number, then: MockHandler): MockHandler => async (req, res) => {
  await new Promise((r) => setTimeout(r, ms));
  if (!res.destroyed) await then(req, res);
};

/** Sends the first words of a stream, then resets the connection. */
export const resetMidStream: MockHandler = async (_req, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(delta('partial '));
  res.write(delta('answer '));
  await new Promise((r) => setTimeout(r, 30));
  res.socket?.destroy();
};

/** Streams one word every `ms` for `count` words, then ends with usage. */
export const slowStream = (count: number, ms: number): MockHandler => async (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < count && !res.destroyed; i++) {
    res.write(delta('slow '));
    await new Promise((r) => setTimeout(r, ms));
  }
  if (res.destroyed) return;
  res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  res.write(chunk({ choices: [], usage: usageOf(10, count) }));
  res.end('data: [DONE]\n\n');
};

const anthropicEvent = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * An Anthropic upstream that streams text `words` times (forever when Infinity) every `ms`,
 * after a message_start whose usage says output_tokens: 1 — as Anthropic's does. Ends with
 * message_delta usage `finalOutput` if it gets there.
 */
export function anthropicStream(words: number, ms: number, finalOutput = words): Endless {
  let resolve!: (n: number) => void;
  const closed = new Promise<number>((r) => (resolve = r));
  const handler: MockHandler = async (_req, res) => {
    let n = 0;
    res.once('close', () => resolve(n));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(anthropicEvent('message_start', { message: { id: 'msg_fault', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } }));
    res.write(anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    while (!res.destroyed && n < words) {
      const ok = res.write(anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'word ' } }));
      n++;
      if (!ok) await new Promise((r) => res.once('drain', r));
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      else if (n % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    if (res.destroyed) return;
    res.write(anthropicEvent('content_block_stop', { index: 0 }));
    res.write(anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: finalOutput } }));
    res.end(anthropicEvent('message_stop', {}));
  };
  return { handler, closed };
}
