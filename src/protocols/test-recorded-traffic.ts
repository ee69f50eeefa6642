/*
 * The recorded upstream traffic of every protocol folder, in one shape, for the cross-protocol
 * tests (not a test file itself): each protocol with its streams (as SSE messages), answers and
 * errors, the usage counts its client wire can carry, and the error envelope its clients expect.
 * A new protocol joins every cross-protocol replay by adding one entry here.
 */
import type { GatewayError, SseMessage } from '../core/index.js';
import type { Protocol } from './shared/protocol.js';
import { parseSseText } from './shared/test-parse-sse-text.js';
import { anthropicMessages } from './anthropic-messages/index.js';
import * as anthropicFixtures from './anthropic-messages/test-helpers.js';
import { gemini } from './gemini/index.js';
import * as geminiFixtures from './gemini/test-helpers.js';
import { openaiChat } from './openai-chat/index.js';
import * as openaiFixtures from './openai-chat/test-helpers.js';
import { openaiResponses } from './openai-responses/index.js';
import * as responsesFixtures from './openai-responses/test-helpers.js';
import { PRICED_COUNTS, type PricedCount } from './test-replay-across-protocols.js';

export interface RecordedTraffic {
  protocol: Protocol;
  /** The protocol's folder under src/protocols (its __fixtures__ hold the recordings). */
  folder: string;
  streams(): Array<[string, SseMessage[]]>;
  responses(): Array<[string, unknown]>;
  errors(): Array<[string, number, string]>;
  /** The usage counts a client of this protocol can read from the wire (the others stay inside output). */
  wireCounts: readonly PricedCount[];
  /** The error body a client of this protocol must receive for a gateway error (written from the protocol's docs, not from renderError). */
  envelope(err: GatewayError): Record<string, unknown>;
}

export const RECORDED_TRAFFIC: readonly RecordedTraffic[] = [
  {
    protocol: openaiChat,
    folder: 'openai-chat',
    streams: openaiFixtures.recordedStreams,
    responses: openaiFixtures.recordedResponses,
    errors: openaiFixtures.recordedErrors,
    wireCounts: PRICED_COUNTS,
    envelope: (err) => ({ error: { message: err.publicMessage, type: err.type, code: String(err.status), reason: err.reason, param: null } }),
  },
  {
    protocol: anthropicMessages,
    folder: 'anthropic-messages',
    streams: () => anthropicFixtures.recordedStreams().map(([name, text]): [string, SseMessage[]] => [name, parseSseText(text)]),
    responses: anthropicFixtures.recordedResponses,
    errors: anthropicFixtures.recordedErrors,
    // Anthropic's usage has no reasoning count: reasoning tokens stay inside output_tokens.
    wireCounts: PRICED_COUNTS.filter((key) => key !== 'reasoningTokens'),
    envelope: (err) => ({ type: 'error', error: { type: err.type, message: err.publicMessage } }),
  },
  {
    protocol: gemini,
    folder: 'gemini',
    streams: geminiFixtures.recordedStreams,
    responses: geminiFixtures.recordedResponses,
    errors: geminiFixtures.recordedErrors,
    // Gemini's usage has no cache-write count: cache writes stay inside promptTokenCount.
    wireCounts: PRICED_COUNTS.filter((key) => key !== 'cacheWriteTokens'),
    envelope: (err) => ({ error: { code: err.status, message: err.publicMessage, status: GOOGLE_STATUS[err.status] } }),
  },
  {
    protocol: openaiResponses,
    folder: 'openai-responses',
    streams: responsesFixtures.recordedStreams,
    responses: responsesFixtures.recordedResponses,
    errors: responsesFixtures.recordedErrors,
    wireCounts: PRICED_COUNTS,
    envelope: (err) => ({ error: { message: err.publicMessage, type: err.type, code: String(err.status), reason: err.reason, param: null } }),
  },
];

/** Google's status names by HTTP status (api.md §4). */
const GOOGLE_STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 402: 'FAILED_PRECONDITION', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 502: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

/** Every ordered pair of distinct protocols: [upstream, client]. */
export function protocolPairs(): Array<[RecordedTraffic, RecordedTraffic]> {
  return RECORDED_TRAFFIC.flatMap((up) => RECORDED_TRAFFIC.filter((client) => client !== up).map((client): [RecordedTraffic, RecordedTraffic] => [up, client]));
}
