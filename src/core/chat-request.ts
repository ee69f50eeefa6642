import type { Part, CacheControl } from './part.js';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  content: Part[];
  /** OpenAI's optional participant name. */
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string };

export type ClientProtocol = 'openai' | 'anthropic' | 'gemini' | 'openai-responses';

/**
 * The canonical chat request every protocol parses into and renders from.
 * It is frozen after parsing; each failover attempt renders it again for its target.
 */
export interface ChatRequest {
  /** The public model id or alias exactly as the client sent it. */
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /** Output token limit the client asked for, if any. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  n?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?: ResponseFormat;
  /** low | medium | high (OpenAI reasoning_effort), or a thinking budget. */
  reasoning?: { effort?: string; budgetTokens?: number };
  user?: string;
  stream: boolean;
  /** The client asked for usage in the stream (OpenAI stream_options.include_usage). */
  streamUsage?: boolean;
  /**
   * Fields of the client's body this model does not know, kept verbatim so a
   * same-protocol upstream receives them (fidelity); other protocols warn and drop them.
   */
  extensions?: { protocol: ClientProtocol; fields: Record<string, unknown> };
}
