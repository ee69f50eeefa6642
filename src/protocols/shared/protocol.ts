import type { ChatRequest, ChatResponse, ClientProtocol, GatewayError, SseMessage, StreamEvent, Usage } from '../../core/index.js';
import type { FnTransformer } from './fn-transformer.js';

type Json = Record<string, unknown>;

/** Parts of a request some protocols carry in the URL rather than the body (Gemini's `{model}:streamGenerateContent`). */
export interface RequestUrlParts {
  /** The model named by the path. */
  model?: string;
  /** The path asked for a stream. */
  stream?: boolean;
}

/** Where a canonical request is rendered for: each protocol reads the fields it needs. */
export interface RenderRequestTarget {
  /** The upstream's own model name. */
  model: string;
  /** The output limit to send when the request has none and the protocol requires one. */
  defaultMaxTokens: number;
  /** Which field carries the output limit (OpenAI: reasoning models need max_completion_tokens). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/** What the gateway tells a client about a whole response. */
export interface RenderResponseMeta {
  /** The generation id: the client sees it as the response's id. */
  id: string;
  /** The public model id the client sent. */
  model: string;
  /** Epoch seconds. */
  created: number;
  /** The gateway's own fields (x_chuizi: generation id, cost, latency), where the protocol has a place for them. */
  xChuizi: Json;
}

/** What the gateway tells a client about a stream. */
export interface RenderStreamMeta {
  id: string;
  model: string;
  created: number;
  /** Builds the final chunk's x_chuizi from the stream's usage, where the protocol has a place for it. */
  trailer: (usage: Usage) => Json;
  /** The gateway's own count of the prompt's tokens, for protocols that must report input before the upstream does. */
  promptTokens?: number;
  /**
   * How frames are sent: `sse` (each frame a complete SSE message) or `json-array` (each frame
   * one JSON element; the writer adds the brackets and commas) — Gemini without `alt=sse`.
   */
  framing?: StreamFraming;
}

export type StreamFraming = 'sse' | 'json-array';

/**
 * One wire protocol, both directions, as pure converters around the canonical core: what a
 * client sends and reads (parse request, render response/stream/error) and what an upstream
 * reads and sends (render request, parse response/stream/error). The HTTP front door, the
 * upstream adapter and the error envelope of a path are all derived from this one object.
 */
export interface Protocol {
  readonly id: ClientProtocol;
  /** A client's request body (already JSON.parse'd) → the canonical request; invalid input throws validation_error. */
  parseRequest(body: unknown, url?: RequestUrlParts): ChatRequest;
  /** The canonical request → this protocol's upstream body, with what could not be translated. */
  renderRequest(req: ChatRequest, target: RenderRequestTarget): { body: Json; warnings: string[] };
  /** An upstream's JSON answer → the canonical response. */
  parseResponse(body: unknown): ChatResponse;
  /** The canonical response → the client's JSON body. */
  renderResponse(res: ChatResponse, meta: RenderResponseMeta): Json;
  /** An upstream's stream messages → canonical events (one state machine per stream). */
  createParseTransformer(): FnTransformer<SseMessage, StreamEvent>;
  /** Canonical events → the client's stream frames (one state machine per stream). */
  createRenderTransformer(meta: RenderStreamMeta): FnTransformer<StreamEvent, string>;
  /** The same two state machines as Web TransformStreams. */
  createParseStream(): TransformStream<SseMessage, StreamEvent>;
  createRenderStream(meta: RenderStreamMeta): TransformStream<StreamEvent, string>;
  /** An upstream's error answer → a GatewayError. */
  parseError(status: number, bodyText: string, headers?: Record<string, string | string[] | undefined>): GatewayError;
  /** A GatewayError → this protocol's error envelope and status. */
  renderError(err: GatewayError): { status: number; body: Json };
}
