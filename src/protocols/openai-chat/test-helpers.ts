/* Helpers shared by this folder's tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { GatewayError, SseMessage, StreamEvent, Usage } from '../../core/index.js';
import { parseSseText } from '../shared/test-parse-sse-text.js';

export { parseSseText as parseSse } from '../shared/test-parse-sse-text.js';
export { runTransform } from '../shared/test-run-transform.js';

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

/** A vercel/ai `*.chunks.txt` replayed as the SSE messages of an OpenAI stream, ending in [DONE]. */
export function chunksToSse(text: string): SseMessage[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return [...lines.map((data) => ({ data })), { data: '[DONE]' }];
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

const SSE_FIXTURES = [
  'openai-python__chat-stream-text.e2aad469.sse',
  'openai-python__chat-stream-tool-call.a247c49c.sse',
  'openai-python__chat-stream-parallel-tool-calls.f82268f2.sse',
  'openai-python__chat-stream-n3-choices.a491adda.sse',
  'openai-python__chat-stream-refusal.173417d5.sse',
  'openai-python__chat-stream-logprobs.83b060ba.sse',
  'openai-python__chat-stream-max-tokens.4cc50a61.sse',
];

/** Every recorded upstream stream: [fixture name, its SSE messages as the upstream sent them]. */
export function recordedStreams(): Array<[string, SseMessage[]]> {
  return [
    ...SSE_FIXTURES.map((name): [string, SseMessage[]] => [name, parseSseText(readFixture(name))]),
    ['vercel-ai__openai-text.chunks.txt', chunksToSse(readFixture('vercel-ai__openai-text.chunks.txt'))],
    ['envoy-ai-gateway__chat-streaming-detailed-usage.yaml', parseSseText(readCassette('envoy-ai-gateway__chat-streaming-detailed-usage.yaml').responseBody)],
  ];
}

/** Every recorded successful `chat.completion` body: [fixture name (#attempt), parsed JSON]. */
export function recordedResponses(): Array<[string, unknown]> {
  const cached = readJsonFixture('vercel-ai__openai-chat-cached-input-tokens-11178.json') as { attempts: Array<{ rawResponseBody: unknown }> };
  return [
    ['vercel-ai__openai-text.json', readJsonFixture('vercel-ai__openai-text.json')],
    ...cached.attempts.map((a, i): [string, unknown] => [`vercel-ai__openai-chat-cached-input-tokens-11178.json #${i}`, a.rawResponseBody]),
    ...['envoy-ai-gateway__chat-tools.yaml', 'envoy-ai-gateway__chat-reasoning.yaml', 'envoy-ai-gateway__chat-detailed-usage.yaml'].map(
      (name): [string, unknown] => [name, JSON.parse(readCassette(name).responseBody)],
    ),
  ];
}

/** Every recorded upstream error: [fixture name, HTTP status, body text]. */
export function recordedErrors(): Array<[string, number, string]> {
  return [
    // vercel-ai recorded the body of a 400 without its status.
    ['vercel-ai__reasoning-model-legacy-parameter-error.json', 400, readFixture('vercel-ai__reasoning-model-legacy-parameter-error.json')],
    ...['envoy-ai-gateway__chat-bad-request.yaml', 'envoy-ai-gateway__chat-unknown-model.yaml'].map((name): [string, number, string] => {
      const c = readCassette(name);
      return [name, c.status, c.responseBody];
    }),
  ];
}
