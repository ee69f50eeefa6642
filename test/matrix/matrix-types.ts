import type { MockHandler, UpstreamScript } from '../../src/testing/mock-upstream-server.js';

/** What a matrix cell asks for. */
export type Scenario = 'text' | 'tool' | 'error';

export interface MatrixCall {
  /** The public model id (one per upstream protocol). */
  model: string;
  scenario: Scenario;
  stream: boolean;
}

/** What the client saw, read through its official SDK, normalised for comparison. */
export interface ClientOutcome {
  /** 200, or the HTTP status of the error the SDK raised. */
  status: number;
  /** The error `type` the SDK parsed from the envelope (errors only). */
  errorType?: string;
  text: string;
  toolCall?: { name: string; args: unknown };
  /** Usage as the client's protocol reports it, normalised: all input (cache reads included), cache reads, output. */
  usage?: { input: number; cacheRead?: number; output: number };
  generationId: string;
  /** The `x-chuizi-warnings` header ('' when none). */
  warnings: string;
}

/** One client protocol driven through its official SDK. */
export interface ClientDriver {
  id: string;
  /** README label, e.g. "OpenAI Chat (`openai`)". */
  label: string;
  /** The protocol-specific extra parameter each call sends (so the table shows what a pair drops), for the README. */
  extra: string;
  call(gateway: { url: string; key: string }, call: MatrixCall): Promise<ClientOutcome>;
}

/** One upstream protocol served by a mock on a real socket. */
export interface UpstreamDriver {
  id: string;
  label: string;
  /** The config `protocol:` of its provider. */
  protocol: 'openai' | 'openai-responses' | 'anthropic' | 'gemini';
  /** The answering handler (every call reports MATRIX_USAGE in the protocol's own terms). */
  handler(script: UpstreamScript): MockHandler;
  /** An upstream 500 in the protocol's envelope. */
  errorHandler: MockHandler;
  /** The provider's base_url for a mock listening at `url`. */
  baseUrl(url: string): string;
}

/** The reply every mock upstream gives: the text, or one call of the tool. */
export const MATRIX_TEXT = 'The weather in Paris is sunny.';
export const MATRIX_PROMPT = 'What is the weather in Paris?';
export const MATRIX_TOOL = {
  name: 'get_weather',
  description: 'The weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
} as const;
export const MATRIX_TOOL_ARGS = { city: 'Paris' };

/**
 * The same usage, reported by every upstream in its own terms: 2000 input tokens of which 500
 * cache reads, 500 output tokens. Priced at $3/M in, $0.30/M cache read, $15/M out:
 * 1500 × 3 + 500 × 0.3 + 500 × 15 = 12,150 µ$ = 1,215,000 units; × 1.05 = 1,275,750 units
 * ($0.01275750) — the charge of every successful cell.
 */
export const MATRIX_USAGE = { input: 2000, cacheRead: 500, output: 500 };
export const MATRIX_COST = 1_275_750;
