/* Helpers shared by this folder's tests (not a test file itself). */
import type { SseMessage, StreamEvent, Usage } from '../../core/index.js';
import { parseSseText } from '../shared/test-parse-sse-text.js';
import { readFixtures } from '../shared/test-read-fixtures.js';
import { readHttprr as readHttprrTrace } from '../shared/test-read-httprr.js';
import { readPydanticCassette as readCassette } from '../shared/test-read-pydantic-cassette.js';

export { parseSseText as parseSse } from '../shared/test-parse-sse-text.js';
export { runTransform } from '../shared/test-run-transform.js';

type Json = Record<string, unknown>;

const fixtures = readFixtures(import.meta.url);
export const readFixture = fixtures.text;
export const readJsonFixture: (name: string) => unknown = fixtures.json;

/** One recorded exchange with the Gemini API. A JSON answer has `responseJson`; an SSE stream `responseText`. */
export interface Exchange {
  url: string;
  requestBody: Json;
  status: number;
  responseJson?: unknown;
  responseText?: string;
}

/** The Gemini API interactions of a pydantic-ai vcrpy cassette (an image download in it is left out). */
export function readPydanticCassette(name: string): Exchange[] {
  return readCassette(readFixture(name))
    .filter((x) => x.uri.includes('generativelanguage.googleapis.com'))
    .map((x) => ({ url: x.uri, requestBody: x.requestBody, status: x.status, responseJson: x.responseJson, responseText: x.responseText }));
}

/** An httprr v1 trace (langchaingo) as one exchange with a JSON answer. */
export function readHttprr(name: string): Exchange {
  const x = readHttprrTrace(fixtures.bytes(name));
  return { url: x.requestLine.split(' ')[1], requestBody: JSON.parse(x.requestBody) as Json, status: x.status, responseJson: JSON.parse(x.responseBody) };
}

/** A vercel/ai `*.chunks.txt` (one chunk per line) as the SSE messages Gemini sends. */
export function chunksToSse(text: string): SseMessage[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((data) => ({ data }));
}

/** A stream answered without alt=sse (one JSON array of chunks) as the SSE messages the same chunks make. */
export function jsonArrayToSse(chunks: unknown[]): SseMessage[] {
  return chunks.map((c) => ({ data: JSON.stringify(c) }));
}

const CHUNKS = ['vercel-ai__google-text.chunks.txt', 'vercel-ai__google-tool-call.chunks.txt', 'vercel-ai__google-stream-no-args-tool-call.chunks.txt', 'vercel-ai__google-stream-tool-call-arguments.chunks.txt'];
const STREAM_CASSETTES = ['pydantic-ai__test_google_model_iter_stream.yaml', 'pydantic-ai__test_google_model_thinking_part_iter.yaml', 'pydantic-ai__test_google_streaming_tool_call_thought_signature.yaml'];
const RESPONSE_CASSETTES = [
  'pydantic-ai__test_google_instructions_only_with_tool_calls.yaml',
  'pydantic-ai__test_google_model_max_tokens.yaml',
  'pydantic-ai__test_google_model_image_url_input.yaml',
  'pydantic-ai__test_google_model_mobile_youtube_video_url_input.yaml',
];

/** Every recorded upstream stream: [fixture name (#interaction), its SSE messages]. */
export function recordedStreams(): Array<[string, SseMessage[]]> {
  return [
    ...CHUNKS.map((name): [string, SseMessage[]] => [name, chunksToSse(readFixture(name))]),
    ...STREAM_CASSETTES.flatMap((name) => readPydanticCassette(name).map((x, i): [string, SseMessage[]] => [`${name} #${i}`, parseSseText(x.responseText ?? '')])),
    ['langchaingo__TestGoogleAIWithStreaming.httprr', jsonArrayToSse(readHttprr('langchaingo__TestGoogleAIWithStreaming.httprr').responseJson as unknown[])],
  ];
}

/** Every recorded successful `generateContent` answer: [fixture name (#interaction), parsed JSON]. */
export function recordedResponses(): Array<[string, unknown]> {
  return [
    ...['vercel-ai__google-text.json', 'vercel-ai__google-tool-call.json'].map((name): [string, unknown] => [name, readJsonFixture(name)]),
    ...RESPONSE_CASSETTES.flatMap((name) => readPydanticCassette(name).map((x, i): [string, unknown] => [`${name} #${i}`, x.responseJson])),
  ];
}

/** Every recorded upstream error: [fixture name, HTTP status, body text]. */
export function recordedErrors(): Array<[string, number, string]> {
  return [
    // vercel-ai recorded the bodies of two 400s without their status (the body's code says it).
    ...['vercel-ai__issue-8943-gemini-2.5-flash-error.json', 'vercel-ai__google-thinking-level-minimal-unsupported.json'].map((name): [string, number, string] => [name, 400, readFixture(name)]),
    ...['pydantic-ai__test_model_name_suggestion-google.yaml'].map((name): [string, number, string] => {
      const [x] = readPydanticCassette(name);
      return [name, x.status, JSON.stringify(x.responseJson)];
    }),
    ['langchaingo__TestGoogleAIErrorHandling.httprr', 403, JSON.stringify(readHttprr('langchaingo__TestGoogleAIErrorHandling.httprr').responseJson)],
  ];
}

/** Every request body the recorded traffic holds: [fixture name (#interaction), body]. */
export function recordedRequests(): Array<[string, Json]> {
  return [
    ...[...STREAM_CASSETTES, ...RESPONSE_CASSETTES, 'pydantic-ai__test_model_name_suggestion-google.yaml'].flatMap((name) =>
      readPydanticCassette(name).map((x, i): [string, Json] => [`${name} #${i}`, x.requestBody]),
    ),
    ...['langchaingo__TestGoogleAIWithStreaming.httprr', 'langchaingo__TestGoogleAIErrorHandling.httprr'].map((name): [string, Json] => [name, readHttprr(name).requestBody]),
  ];
}

/** What a stream of events amounts to, per choice, for comparisons. */
export interface StreamSummary {
  starts: number;
  text: string;
  reasoning: string;
  tools: Array<{ id: string; name: string; arguments: string }>;
  signatures: string[];
  finish?: string;
  usage: Usage;
  errors: string[];
}

export function summarizeEvents(events: readonly StreamEvent[]): StreamSummary {
  const s: StreamSummary = { starts: 0, text: '', reasoning: '', tools: [], signatures: [], usage: {}, errors: [] };
  for (const e of events) {
    switch (e.type) {
      case 'start':
        s.starts++;
        break;
      case 'text-delta':
        if (e.choice === 0) s.text += e.text;
        break;
      case 'reasoning-delta':
        if (e.choice === 0) s.reasoning += e.text;
        break;
      case 'tool-call-start':
        s.tools[e.toolIndex] = { id: e.id, name: e.name, arguments: '' };
        break;
      case 'tool-call-delta':
        s.tools[e.toolIndex].arguments += e.argumentsDelta;
        break;
      case 'native-block':
        if (e.part.block.type === 'thought_signature') s.signatures.push(String(e.part.block.thoughtSignature));
        break;
      case 'finish':
        if (e.choice === 0) s.finish = e.finishReason.unified;
        break;
      case 'usage':
        s.usage = { ...e.usage };
        break;
      case 'error':
        s.errors.push(e.error.reason);
        break;
      default:
        break;
    }
  }
  return s;
}

/** The chunks a recorded stream holds, parsed. */
export function streamChunks(messages: readonly SseMessage[]): Json[] {
  return messages.map((m) => JSON.parse(m.data) as Json);
}
