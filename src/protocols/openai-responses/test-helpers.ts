/* Helpers shared by this folder's tests (not a test file itself). */
import type { SseMessage, StreamEvent } from '../../core/index.js';
import { parseSseText } from '../shared/test-parse-sse-text.js';
import { readFixtures } from '../shared/test-read-fixtures.js';
import { readPydanticCassette as readCassette } from '../shared/test-read-pydantic-cassette.js';

export { runTransform } from '../shared/test-run-transform.js';

const fixtures = readFixtures(import.meta.url);
/** The text of a fixture file in `__fixtures__/`. */
export const readFixture = fixtures.text;
export const readJsonFixture = fixtures.json;

/** One vcrpy interaction of a pydantic-ai cassette: the request body, the status and the body (JSON, or the raw stream text). */
export interface Interaction {
  request: Record<string, any>;
  status: number;
  body: unknown;
  text?: string;
}

export function readPydanticCassette(name: string): Interaction[] {
  return readCassette(readFixture(name)).map((x) => ({ request: x.requestBody, status: x.status, body: x.responseJson, text: x.responseText }));
}

/**
 * A vercel/ai `*.chunks.txt` of Responses events as SSE messages (each line one `data:`), split
 * into one stream per `response.created` (a file may hold several streams of one run).
 */
export function chunkStreams(text: string): SseMessage[][] {
  const streams: SseMessage[][] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if ((JSON.parse(line) as { type: string }).type === 'response.created') streams.push([]);
    streams[streams.length - 1].push({ data: line });
  }
  return streams;
}

export { parseSseText };

/** The events of a Responses stream rendered by the gateway, parsed back. */
export function renderedEvents(frames: readonly string[]): Array<Record<string, any>> {
  return parseSseText(frames.join('')).map((m) => {
    const data = JSON.parse(m.data) as Record<string, any>;
    if (m.event !== data.type) throw new Error(`event name ${m.event} is not the type ${String(data.type)}`);
    return data;
  });
}

/** The text, reasoning and tool calls a canonical event stream amounts to. */
export function summarize(events: readonly StreamEvent[]) {
  const s = { text: '', reasoning: '', tools: [] as Array<{ id: string; name: string; arguments: string }>, finish: undefined as string | undefined, usage: {} as Record<string, unknown>, errors: 0, natives: [] as string[] };
  for (const e of events) {
    if (e.type === 'text-delta') s.text += e.text;
    else if (e.type === 'reasoning-delta') s.reasoning += e.text;
    else if (e.type === 'tool-call-start') s.tools[e.toolIndex] = { id: e.id, name: e.name, arguments: '' };
    else if (e.type === 'tool-call-delta') s.tools[e.toolIndex].arguments += e.argumentsDelta;
    else if (e.type === 'finish') s.finish = e.finishReason.unified;
    else if (e.type === 'usage') s.usage = { ...e.usage, raw: undefined };
    else if (e.type === 'error') s.errors++;
    else if (e.type === 'native-block') s.natives.push(String(e.part.block.type));
  }
  return s;
}

/** Every recorded upstream stream of this folder, as SSE messages (for the cross-protocol replays). */
export function recordedStreams(): Array<[string, SseMessage[]]> {
  const pydantic = readPydanticCassette('pydantic-ai__test_openai_responses_stream.yaml').map((it, i): [string, SseMessage[]] => [`pydantic-ai__test_openai_responses_stream.yaml #${i + 1}`, parseSseText(it.text ?? '')]);
  const chunked = (name: string) => chunkStreams(readFixture(name)).map((s, i): [string, SseMessage[]] => [`${name} #${i + 1}`, s]);
  return [...pydantic, ...chunked('vercel-ai__openai-reasoning-encrypted-content.1.chunks.txt'), ...chunked('vercel-ai__openai-error.1.chunks.txt')];
}

/** Every recorded upstream answer of this folder. */
export function recordedResponses(): Array<[string, unknown]> {
  const cassettes = ['pydantic-ai__test_openai_responses_model_simple_response.yaml', 'pydantic-ai__test_openai_responses_model_simple_response_with_tool_call.yaml'].flatMap((name) =>
    readPydanticCassette(name).map((it, i): [string, unknown] => [`${name} #${i + 1}`, it.body]),
  );
  return [...cassettes, ['vercel-ai__openai-reasoning-encrypted-content.1.json', readJsonFixture('vercel-ai__openai-reasoning-encrypted-content.1.json')]];
}

/** Every recorded upstream error: name, status, body text. */
export function recordedErrors(): Array<[string, number, string]> {
  const [http] = readPydanticCassette('pydantic-ai__test_openai_responses_model_http_error.yaml');
  return [
    ['pydantic-ai__test_openai_responses_model_http_error.yaml', http.status, JSON.stringify(http.body)],
    // vercel-ai recorded the body OpenAI sends with a 429, without its status.
    ['vercel-ai__openai-error.1.json', 429, readFixture('vercel-ai__openai-error.1.json')],
  ];
}
