/** Content parts of a message: a closed union tagged by `type`. */
export type Part =
  | TextPart
  | ImagePart
  | FilePart
  | ReasoningPart
  | RefusalPart
  | ToolCallPart
  | ToolResultPart;

export interface TextPart {
  type: 'text';
  text: string;
  /** Prompt-cache breakpoint requested on this part (Anthropic cache_control). */
  cacheControl?: CacheControl;
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
}

export interface FilePart {
  type: 'file';
  url?: string;
  data?: string;
  mediaType?: string;
  filename?: string;
  cacheControl?: CacheControl;
}

/** Model reasoning ("thinking"). `signature` / `redacted` round-trip Anthropic thinking. */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  /** Opaque redacted-thinking payload; text is empty when set. */
  redactedData?: string;
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
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Result content: text and images. */
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}
