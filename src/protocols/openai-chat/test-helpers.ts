/* Helpers shared by this folder's tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';
import { parse as parseYaml } from 'yaml';
import type { GatewayError, SseMessage, StreamEvent, Usage } from '../../core/index.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

/** The text of a fixture file in `__fixtures__/`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function readJsonFixture(name: string): unknown {
  return JSON.parse(readFixture(name));
}

/** One go-vcr interaction: the request body text and the response status and body text. */
export interface Cassette {
  requestBody: string;
  status: number;
  responseBody: string;
  headers: Record<string, string[]>;
}

/** The first interaction of an envoy-ai-gateway go-vcr v2 cassette. */
export function readCassette(name: string): Cassette {
  const doc = parseYaml(readFixture(name)) as {
    interactions: Array<{ request: { body: string }; response: { body: string; code: number; headers: Record<string, string[]> } }>;
  };
  const { request, response } = doc.interactions[0];
  return { requestBody: request.body, status: response.code, responseBody: response.body, headers: response.headers };
}

/** Splits raw SSE text into messages with eventsource-parser (no string surgery). */
export function parseSse(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createParser({
    onEvent(event) {
      const message: SseMessage = { data: event.data };
      if (event.event !== undefined) message.event = event.event;
      if (event.id !== undefined) message.id = event.id;
      out.push(message);
    },
  });
  parser.feed(text);
  return out;
}

/** A vercel/ai `*.chunks.txt` replayed as the SSE messages of an OpenAI stream, ending in [DONE]. */
export function chunksToSse(text: string): SseMessage[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return [...lines.map((data) => ({ data })), { data: '[DONE]' }];
}

/** Runs a TransformStream over an array and collects everything it outputs. */
export async function runTransform<I, O>(stream: TransformStream<I, O>, inputs: readonly I[]): Promise<O[]> {
  const writer = stream.writable.getWriter();
  const reading = (async () => {
    const out: O[] = [];
    for await (const chunk of stream.readable as unknown as AsyncIterable<O>) out.push(chunk);
    return out;
  })();
  for (const input of inputs) await writer.write(input);
  await writer.close();
  return reading;
}

/** What a stream of events amounts to, per choice and per tool call, for comparisons. */
export interface StreamSummary {
  starts: number;
  text: Record<number, string>;
  refusal: Record<number, string>;
  reasoning: Record<number, string>;
  tools: Record<string, { id: string; name: string; arguments: string }>;
  finish: Record<number, { unified: string; raw?: string }>;
  usage: Usage;
  errors: GatewayError[];
}

export function summarizeEvents(events: readonly StreamEvent[]): StreamSummary {
  const s: StreamSummary = { starts: 0, text: {}, refusal: {}, reasoning: {}, tools: {}, finish: {}, usage: {}, errors: [] };
  for (const e of events) {
    switch (e.type) {
      case 'start':
        s.starts++;
        break;
      case 'text-delta':
        s.text[e.choice] = (s.text[e.choice] ?? '') + e.text;
        break;
      case 'refusal-delta':
        s.refusal[e.choice] = (s.refusal[e.choice] ?? '') + e.text;
        break;
      case 'reasoning-delta':
        s.reasoning[e.choice] = (s.reasoning[e.choice] ?? '') + e.text;
        break;
      case 'tool-call-start':
        s.tools[`${e.choice}:${e.toolIndex}`] = { id: e.id, name: e.name, arguments: '' };
        break;
      case 'tool-call-delta':
        s.tools[`${e.choice}:${e.toolIndex}`].arguments += e.argumentsDelta;
        break;
      case 'finish':
        s.finish[e.choice] = e.finishReason;
        break;
      case 'usage':
        s.usage = { ...s.usage, ...Object.fromEntries(Object.entries(e.usage).filter(([, v]) => v !== undefined)) };
        break;
      case 'error':
        s.errors.push(e.error);
        break;
      case 'reasoning-signature':
      case 'reasoning-redacted':
        break;
    }
  }
  return s;
}
