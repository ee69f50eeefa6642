/* Helpers shared by this folder's tests (not a test file itself). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { GatewayError, StreamEvent, Usage } from '../../core/index.js';
import { readHttprr as readHttprrTrace } from '../shared/test-read-httprr.js';
import { readPydanticCassette as readCassette } from '../shared/test-read-pydantic-cassette.js';

export { parseSseText as parseSse } from '../shared/test-parse-sse-text.js';
export { runTransform } from '../shared/test-run-transform.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

/** The bytes of a fixture file in `__fixtures__/`. */
export function readFixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/** The text of a fixture file in `__fixtures__/`. */
export function readFixture(name: string): string {
  return readFixtureBytes(name).toString('utf8');
}

export function readJsonFixture(name: string): unknown {
  return JSON.parse(readFixture(name));
}

/** One recorded HTTP exchange. A JSON response has `responseJson`; a stream has `responseText`. */
export interface Exchange {
  requestBody: Record<string, unknown>;
  status: number;
  responseJson?: unknown;
  responseText?: string;
  headers: Record<string, string | string[]>;
}

/** Every interaction of a pydantic-ai vcrpy cassette in `__fixtures__/`. */
export function readPydanticCassette(name: string): Exchange[] {
  return readCassette(readFixture(name));
}

/** An httprr v1 trace (langchaingo) as one exchange: a JSON answer, or an event stream's text. */
export function readHttprr(name: string): Exchange {
  const x = readHttprrTrace(readFixtureBytes(name));
  const isStream = (x.headers['content-type'] ?? '').startsWith('text/event-stream');
  return {
    requestBody: JSON.parse(x.requestBody) as Record<string, unknown>,
    status: x.status,
    responseJson: isStream ? undefined : JSON.parse(x.responseBody),
    responseText: isStream ? x.responseBody : undefined,
    headers: x.headers,
  };
}

/** A vercel/ai Anthropic `*.chunks.txt` as the SSE text Anthropic sends: `event: <type>\ndata: <line>\n\n`. */
export function chunksToSseText(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
}

/** What a stream of events amounts to, for comparisons. */
export interface StreamSummary {
  starts: number;
  upstreamId?: string;
  text: string;
  reasoning: string;
  signatures: string[];
  redacted: string[];
  tools: Array<{ id: string; name: string; arguments: string }>;
  finish?: { unified: string; raw?: string };
  usage: Usage;
  errors: GatewayError[];
  otherChoices: number;
}

export function summarizeEvents(events: readonly StreamEvent[]): StreamSummary {
  const s: StreamSummary = { starts: 0, text: '', reasoning: '', signatures: [], redacted: [], tools: [], usage: {}, errors: [], otherChoices: 0 };
  const merge = (u: Usage) => {
    s.usage = { ...s.usage, ...Object.fromEntries(Object.entries(u).filter(([k, v]) => v !== undefined && k !== 'raw')) };
  };
  for (const e of events) {
    if ('choice' in e && e.choice !== 0) {
      s.otherChoices++;
      continue;
    }
    switch (e.type) {
      case 'start':
        s.starts++;
        s.upstreamId = e.upstreamId;
        if (e.usage) merge(e.usage);
        break;
      case 'text-delta':
      case 'refusal-delta':
        s.text += e.text;
        break;
      case 'reasoning-delta':
        s.reasoning += e.text;
        break;
      case 'reasoning-signature':
        s.signatures.push(e.signature);
        break;
      case 'reasoning-redacted':
        s.redacted.push(e.data);
        break;
      case 'tool-call-start':
        s.tools[e.toolIndex] = { id: e.id, name: e.name, arguments: '' };
        break;
      case 'tool-call-delta':
        s.tools[e.toolIndex].arguments += e.argumentsDelta;
        break;
      case 'finish':
        s.finish = e.finishReason;
        break;
      case 'usage':
        merge(e.usage);
        break;
      case 'error':
        s.errors.push(e.error);
        break;
    }
  }
  return s;
}

type Json = Record<string, unknown>;

/**
 * Checks rendered frames against Anthropic's event grammar and returns the events' JSON:
 * every frame is `event: <type>\ndata: <json>\n\n` with the name equal to data.type;
 * message_start first; content blocks opened with sequential indexes, one at a time, each
 * delta in the open block and of its type, each start matched by a stop of the same index;
 * message_delta then message_stop last.
 */
export function assertWellFormed(frames: readonly string[]): Json[] {
  const events: Json[] = [];
  for (const frame of frames) {
    const m = /^event: ([a-z_]+)\ndata: (.*)\n\n$/s.exec(frame);
    assert.ok(m, `malformed frame ${JSON.stringify(frame)}`);
    assert.ok(!m[2].includes('\n'), 'one data line per frame');
    const data = JSON.parse(m[2]) as Json;
    assert.equal(data.type, m[1]);
    events.push(data);
  }
  assert.equal(events[0]?.type, 'message_start');
  assert.equal(events.at(-2)?.type, 'message_delta');
  assert.equal(events.at(-1)?.type, 'message_stop');
  let next = 0;
  let open: { index: number; type: string } | undefined;
  const deltaFor: Record<string, string[]> = {
    text: ['text_delta'],
    thinking: ['thinking_delta', 'signature_delta'],
    tool_use: ['input_json_delta'],
    redacted_thinking: [],
  };
  for (const e of events.slice(1, -2)) {
    switch (e.type) {
      case 'content_block_start':
        assert.equal(open, undefined, 'a block starts while another is open');
        assert.equal(e.index, next++);
        open = { index: e.index as number, type: (e.content_block as Json).type as string };
        break;
      case 'content_block_delta':
        assert.ok(open, 'delta outside a block');
        assert.equal(e.index, open.index);
        assert.ok(deltaFor[open.type].includes((e.delta as Json).type as string), `${String((e.delta as Json).type)} in a ${open.type} block`);
        break;
      case 'content_block_stop':
        assert.ok(open, 'stop outside a block');
        assert.equal(e.index, open.index);
        open = undefined;
        break;
      case 'ping':
        break;
      default:
        assert.fail(`unexpected ${String(e.type)} in the middle of the stream`);
    }
  }
  assert.equal(open, undefined, 'a block was left open');
  return events;
}

const CHUNKS = [
  'vercel-ai__anthropic-text.chunks.txt',
  'vercel-ai__anthropic-clear-thinking.1.chunks.txt',
  'vercel-ai__anthropic-tool-no-args.chunks.txt',
  'vercel-ai__anthropic-json-tool.2.chunks.txt',
  'vercel-ai__anthropic-issue-15652-parallel-tools.chunks.txt',
  'vercel-ai__anthropic-issue-5942-cache-write.chunks.txt',
  'vercel-ai__anthropic-issue-5942-cache-read.chunks.txt',
];

/** Every recorded stream: [fixture name, raw SSE text as Anthropic sent it]. */
export function recordedStreams(): Array<[string, string]> {
  return [
    ...CHUNKS.map((name): [string, string] => [name, chunksToSseText(readFixture(name))]),
    ...['pydantic-ai__test_anthropic_model_thinking_part_stream.yaml', 'pydantic-ai__test_anthropic_model_thinking_part_redacted_stream.yaml'].map(
      (name): [string, string] => [name, readPydanticCassette(name)[0].responseText ?? ''],
    ),
    ['langchaingo__TestClient_CreateMessageStream.httprr', readHttprr('langchaingo__TestClient_CreateMessageStream.httprr').responseText ?? ''],
  ];
}

/** Every recorded successful `message` body: [fixture name (#interaction), parsed JSON]. */
export function recordedResponses(): Array<[string, Record<string, unknown>]> {
  type Row = [string, Record<string, unknown>];
  return [
    ...['vercel-ai__anthropic-text.json', 'vercel-ai__anthropic-clear-thinking.1.json', 'vercel-ai__anthropic-tool-no-args.json'].map(
      (name): Row => [name, readJsonFixture(name) as Record<string, unknown>],
    ),
    ['langchaingo__TestClient_CreateMessage.httprr', readHttprr('langchaingo__TestClient_CreateMessage.httprr').responseJson as Record<string, unknown>],
    ...[
      'pydantic-ai__test_anthropic_cache_real_api.yaml',
      'pydantic-ai__test_anthropic_tool_with_thinking.yaml',
      'pydantic-ai__test_multiple_parallel_tool_calls.yaml',
      'pydantic-ai__test_image_url_input.yaml',
    ].flatMap((name) => readPydanticCassette(name).map((x, i): Row => [`${name} #${i}`, x.responseJson as Record<string, unknown>])),
  ];
}

/** Every recorded upstream error: [fixture name, HTTP status, body text]. */
export function recordedErrors(): Array<[string, number, string]> {
  return [
    // vercel-ai recorded the bodies of two 400s without their status.
    ...['vercel-ai__anthropic-issue-17366-error.json', 'vercel-ai__anthropic-parallel-provider-client-tools.error.json'].map(
      (name): [string, number, string] => [name, 400, readFixture(name)],
    ),
    ...['pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml', 'pydantic-ai__test_model_name_suggestion-anthropic.yaml'].map(
      (name): [string, number, string] => {
        const [x] = readPydanticCassette(name);
        return [name, x.status, JSON.stringify(x.responseJson)];
      },
    ),
  ];
}

const REQUEST_CASSETTES = [
  'pydantic-ai__test_anthropic_cache_real_api.yaml',
  'pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml',
  'pydantic-ai__test_anthropic_model_thinking_part_redacted_stream.yaml',
  'pydantic-ai__test_anthropic_model_thinking_part_stream.yaml',
  'pydantic-ai__test_anthropic_tool_with_thinking.yaml',
  'pydantic-ai__test_image_url_input.yaml',
  'pydantic-ai__test_model_name_suggestion-anthropic.yaml',
  'pydantic-ai__test_multiple_parallel_tool_calls.yaml',
];

/** Every request body the recorded upstream traffic holds (pydantic-ai, langchaingo): [fixture name (#interaction), body]. */
export function recordedRequests(): Array<[string, Record<string, unknown>]> {
  return [
    ...REQUEST_CASSETTES.flatMap((name) => readPydanticCassette(name).map((x, i): [string, Record<string, unknown>] => [`${name} #${i}`, x.requestBody])),
    ...['langchaingo__TestClient_CreateMessage.httprr', 'langchaingo__TestClient_CreateMessageStream.httprr'].map(
      (name): [string, Record<string, unknown>] => [name, readHttprr(name).requestBody],
    ),
  ];
}
