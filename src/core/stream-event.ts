import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';
import type { GatewayError } from './gateway-error.js';
import type { NativePart } from './part.js';

/**
 * What a parsed upstream stream produces and a client stream renderer consumes.
 * `choice` is the OpenAI choice index (0 unless n > 1). Tool calls are identified by
 * `toolIndex`, their position among the choice's tool calls.
 */
export type StreamEvent =
  | { type: 'start'; upstreamId?: string; upstreamModel?: string; usage?: Usage }
  | { type: 'text-delta'; choice: number; text: string; logprobs?: unknown }
  | { type: 'refusal-delta'; choice: number; text: string }
  | { type: 'reasoning-delta'; choice: number; text: string }
  | { type: 'reasoning-signature'; choice: number; signature: string }
  | { type: 'reasoning-redacted'; choice: number; data: string }
  | { type: 'tool-call-start'; choice: number; toolIndex: number; id: string; name: string }
  | { type: 'tool-call-delta'; choice: number; toolIndex: number; argumentsDelta: string }
  /** A citation of the text being streamed (Anthropic citations_delta). */
  | { type: 'citation'; choice: number; citation: Record<string, unknown> }
  /** A whole block only one protocol knows (Anthropic server_tool_use, web_search_tool_result, …). */
  | { type: 'native-block'; choice: number; part: NativePart }
  | { type: 'finish'; choice: number; finishReason: FinishReason }
  /** Usage so far; later usage events replace earlier ones field by field. */
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; error: GatewayError };

export type StreamEventType = StreamEvent['type'];
