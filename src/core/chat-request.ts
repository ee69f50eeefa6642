import type { Part, CacheControl } from './part.js';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  content: Part[];
  /** OpenAI's optional participant name. */
  name?: string;
  /**
   * A system message the client placed inside the conversation (Anthropic's `role: "system"`
   * entry of `messages`): an Anthropic upstream receives it in place, not hoisted into `system`.
   */
  inline?: boolean;
  /**
   * Shown to the model only until a later user message exists (Anthropic's
   * `clear_at: "next_user_message"`); a renderer without that field leaves such a message out.
   */
  clearAtNextUser?: boolean;
  /** Fields of this message only the client's protocol knows (kept for a same-protocol upstream). */
  extensions?: { protocol: ClientProtocol; fields: Record<string, unknown> };
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
  /** Fields of the client's tool only its protocol knows (Anthropic defer_loading, allowed_callers, …). */
  extensions?: { protocol: ClientProtocol; fields: Record<string, unknown> };
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
  /**
   * low | medium | high (OpenAI reasoning_effort), or a thinking budget. `adaptive`: the model
   * decides whether and how long to think (Anthropic adaptive thinking), guided by `effort` when
   * given — distinct from an effort alone, which asks for no thinking mode.
   */
  reasoning?: { effort?: string; budgetTokens?: number; adaptive?: boolean };
  user?: string;
  stream: boolean;
  /** The client asked for usage in the stream (OpenAI stream_options.include_usage). */
  streamUsage?: boolean;
  /**
   * Fields of the client's body this model does not know, kept verbatim so a
   * same-protocol upstream receives them (fidelity); other protocols warn and drop them.
   */
  extensions?: {
    protocol: ClientProtocol;
    fields: Record<string, unknown>;
    /** Fields whole in the canonical request too (kept verbatim only for fidelity): other protocols drop them without a warning. */
    translated?: string[];
  };
}
