/** Content parts of a message: a closed union tagged by `type`. */
export type Part =
  | TextPart
  | ImagePart
  | FilePart
  | ReasoningPart
  | RefusalPart
  | ToolCallPart
  | ToolResultPart
  | NativePart;

/**
 * Fields of a content block only the client's protocol knows (Anthropic's tool_use `caller`,
 * a document's `citations` config and `context`, …): a same-protocol renderer puts them back on
 * the block; other protocols drop them.
 */
export interface PartExtensions {
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-responses';
  fields: Record<string, unknown>;
}

export interface TextPart {
  type: 'text';
  text: string;
  /** Prompt-cache breakpoint requested on this part (Anthropic cache_control). */
  cacheControl?: CacheControl;
  /** Anthropic citations of this text, kept verbatim for Anthropic; other protocols drop them. */
  citations?: Array<Record<string, unknown>>;
  extensions?: PartExtensions;
}

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

/** An image by URL or inline base64 data. */
export interface ImagePart {
  type: 'image';
  /** http(s) URL, or undefined when `data` is given. */
  url?: string;
  /** base64 data without the data: prefix. */
  data?: string;
  mediaType?: string;
  /** OpenAI's detail hint: auto | low | high. */
  detail?: string;
  cacheControl?: CacheControl;
  extensions?: PartExtensions;
}

export interface FilePart {
  type: 'file';
  url?: string;
  data?: string;
  mediaType?: string;
  filename?: string;
  cacheControl?: CacheControl;
  extensions?: PartExtensions;
}

/** Model reasoning ("thinking"). `signature` / `redacted` round-trip Anthropic thinking. */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  /** Opaque redacted-thinking payload; text is empty when set. */
  redactedData?: string;
  extensions?: PartExtensions;
}

export interface RefusalPart {
  type: 'refusal';
  text: string;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as the JSON text the model produced (kept verbatim, not re-serialised). */
  arguments: string;
  extensions?: PartExtensions;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Result content: text and images (and blocks only the client's protocol knows). */
  content: Array<TextPart | ImagePart | NativePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
  extensions?: PartExtensions;
}

/**
 * A content block only one protocol knows, kept verbatim so a same-protocol upstream or client
 * receives it (Anthropic's server_tool_use, web_search_tool_result and the other server-tool
 * result blocks, search_result, container_upload, tool_addition, …). Renderers of other
 * protocols drop it with a warning.
 */
export interface NativePart {
  type: 'native';
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-responses';
  block: Record<string, unknown>;
}
