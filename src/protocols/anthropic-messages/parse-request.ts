import type { CacheControl, ChatRequest, FilePart, ImagePart, Message, NativePart, Part, TextPart, ToolChoice, ToolDefinition } from '../../core/index.js';
import { validateRequestBody } from '../shared/validate-request-body.js';
import {
  KNOWN_FIELDS,
  requestSchema,
  type AnthropicCacheControl,
  type AnthropicContentBlock,
  type AnthropicCustomTool,
  type AnthropicImageBlock,
  type AnthropicNativeBlock,
  type AnthropicRequestBody,
  type AnthropicSystemMessage,
  type AnthropicTextBlock,
  type AnthropicTool,
} from './request-schema.js';

/**
 * An Anthropic Messages request body (already JSON.parse'd) → the canonical ChatRequest.
 * Every invalid input throws GatewayError('validation_error') naming the field.
 *
 * Kept in `extensions` (protocol 'anthropic') for an Anthropic upstream, verbatim:
 * - top-level fields the schema does not know (context_management, container, mcp_servers, …);
 * - `tools`: the Anthropic-defined server tools (web_search_…, bash_…), which have no canonical form;
 * - `output_config`: the whole object, since its `effort` is an Anthropic-native setting. Its effort
 *   also becomes `reasoning.effort` when thinking is enabled or adaptive; without thinking it is a
 *   spending knob, not a reasoning request, so it stays only in the extension. Its `format` (JSON
 *   schema structured output) also becomes the canonical response format.
 *
 * Tool results stay in the user message they came in (role 'user', mixed with text when so).
 * A `role: "system"` entry of `messages` (Claude Code's mid-conversation system message) stays at
 * its position as an `inline` system message; its `clear_at` / `output_config` are kept as the
 * message's extensions. Blocks without a canonical form (server_tool_use, *_tool_result,
 * search_result, tool_addition, …) become native parts, verbatim.
 */
export function parseRequest(body: unknown): ChatRequest {
  const b = validateRequestBody(requestSchema, body);
  const messages: Message[] = [];
  if (b.system != null) {
    const system = typeof b.system === 'string' ? [{ type: 'text', text: b.system } as const] : b.system.map(textPart);
    if (system.length > 0) messages.push({ role: 'system', content: system });
  }
  for (const m of b.messages) {
    if (m.role === 'system') messages.push(systemMessage(m));
    else messages.push({ role: m.role, content: typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content.map(blockPart) });
  }

  const req: ChatRequest = { model: b.model, messages, maxOutputTokens: b.max_tokens, stream: b.stream ?? false };
  const extensions: Record<string, unknown> = {};
  if (b.tools != null) {
    req.tools = b.tools.filter(isCustomTool).map(parseTool);
    const serverTools = b.tools.filter((t) => !isCustomTool(t));
    if (serverTools.length > 0) extensions.tools = serverTools;
  }
  if (b.tool_choice != null) {
    req.toolChoice = parseToolChoice(b.tool_choice);
    const disable = 'disable_parallel_tool_use' in b.tool_choice ? b.tool_choice.disable_parallel_tool_use : undefined;
    if (disable != null) req.parallelToolCalls = !disable;
  }
  if (b.stop_sequences != null) req.stop = b.stop_sequences;
  if (b.temperature != null) req.temperature = b.temperature;
  if (b.top_p != null) req.topP = b.top_p;
  if (b.top_k != null) req.topK = b.top_k;
  if (b.metadata?.user_id != null) req.user = b.metadata.user_id;
  const reasoning = parseReasoning(b);
  if (reasoning) req.reasoning = reasoning;
  // validateRequestBody has checked that the body is a JSON object.
  const raw = body as Record<string, unknown>;
  if (b.output_config != null) extensions.output_config = raw.output_config;
  // Structured output: the canonical response format (an OpenAI upstream's json_schema).
  if (b.output_config?.format != null) req.responseFormat = { type: 'json_schema', name: 'response', schema: b.output_config.format.schema };
  // The thinking object verbatim when it says more than the canonical reasoning (display, between_tools).
  if (b.thinking != null && saysMore(raw.thinking)) extensions.thinking = raw.thinking;

  // Object.fromEntries defines own properties, so a "__proto__" key stays inert data.
  const unknown = Object.entries(raw).filter(([key]) => !KNOWN_FIELDS.has(key));
  const fields = Object.fromEntries([...unknown, ...Object.entries(extensions)]);
  if (Object.keys(fields).length > 0) req.extensions = { protocol: 'anthropic', fields };
  // output_config is whole in the canonical request when its effort went to reasoning and its format to responseFormat.
  const oc = b.output_config;
  if (req.extensions && oc != null && Object.keys(oc).every((k) => (k === 'effort' && req.reasoning?.effort !== undefined) || k === 'format')) req.extensions.translated = ['output_config'];
  return req;
}

function saysMore(thinking: unknown): boolean {
  const t = thinking as Record<string, unknown>;
  return t.type === 'between_tools' || Object.keys(t).some((k) => k !== 'type' && k !== 'budget_tokens');
}

function parseReasoning(b: AnthropicRequestBody): ChatRequest['reasoning'] {
  const effort = b.output_config?.effort ?? undefined;
  switch (b.thinking?.type) {
    case 'enabled':
      return effort !== undefined ? { budgetTokens: b.thinking.budget_tokens, effort } : { budgetTokens: b.thinking.budget_tokens };
    case 'adaptive':
    case 'between_tools':
      return effort !== undefined ? { adaptive: true, effort } : { adaptive: true };
    case 'disabled':
    case undefined:
      return undefined;
  }
}

function cache(cc: AnthropicCacheControl | null | undefined): CacheControl | undefined {
  if (cc == null) return undefined;
  return cc.ttl != null ? { type: 'ephemeral', ttl: cc.ttl } : { type: 'ephemeral' };
}

function withCache<T extends { cacheControl?: CacheControl }>(part: T, cc: AnthropicCacheControl | null | undefined): T {
  const c = cache(cc);
  if (c) part.cacheControl = c;
  return part;
}

function textPart(b: AnthropicTextBlock): TextPart {
  const part = withCache<TextPart>({ type: 'text', text: b.text }, b.cache_control);
  if (b.citations != null && b.citations.length > 0) part.citations = b.citations;
  return part;
}

function nativePart(b: AnthropicNativeBlock): NativePart {
  return { type: 'native', protocol: 'anthropic', block: b.block };
}

function systemMessage(m: AnthropicSystemMessage): Message {
  const content: Part[] = m.content == null ? [] : typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content.map((c) => (c.type === 'text' ? withExtra(textPart(c), c) : nativePart(c)));
  const message: Message = { role: 'system', content, inline: true };
  if (m.clear_at === 'next_user_message') message.clearAtNextUser = true;
  const fields: Record<string, unknown> = {};
  if (m.clear_at != null) fields.clear_at = m.clear_at;
  if (m.output_config != null) fields.output_config = m.output_config;
  if (Object.keys(fields).length > 0) message.extensions = { protocol: 'anthropic', fields };
  return message;
}

function imagePart(b: AnthropicImageBlock): ImagePart {
  const s = b.source;
  const part: ImagePart = s.type === 'base64' ? { type: 'image', data: s.data, mediaType: s.media_type } : { type: 'image', url: s.url };
  return withCache(part, b.cache_control);
}

/** Fields of a block the schema does not model, kept as the part's extensions. */
function withExtra<T extends Part>(part: T, b: { extra?: Record<string, unknown> }): T {
  if (b.extra !== undefined && part.type !== 'native' && part.type !== 'refusal') part.extensions = { protocol: 'anthropic', fields: b.extra };
  return part;
}

function blockPart(b: AnthropicContentBlock): Part {
  return b.type === 'native' ? nativePart(b) : withExtra(knownBlockPart(b), b);
}

function knownBlockPart(b: Exclude<AnthropicContentBlock, AnthropicNativeBlock>): Part {
  switch (b.type) {
    case 'text':
      return textPart(b);
    case 'image':
      return imagePart(b);
    case 'document': {
      const s = b.source;
      // A plain-text document travels as base64 text/plain, the canonical form of inline data.
      const file: FilePart =
        s.type === 'base64'
          ? { type: 'file', data: s.data, mediaType: s.media_type }
          : s.type === 'url'
            ? { type: 'file', url: s.url }
            : { type: 'file', data: Buffer.from(s.data, 'utf8').toString('base64'), mediaType: 'text/plain' };
      if (b.title != null) file.filename = b.title;
      return withCache(file, b.cache_control);
    }
    case 'tool_use':
      return { type: 'tool-call', id: b.id, name: b.name, arguments: JSON.stringify(b.input) };
    case 'tool_result': {
      const content =
        b.content == null
          ? []
          : typeof b.content === 'string'
            ? [{ type: 'text' as const, text: b.content }]
            : b.content.map((c) => (c.type === 'text' ? withExtra(textPart(c), c) : c.type === 'image' ? withExtra(imagePart(c), c) : nativePart(c)));
      const part = withCache<Part & { type: 'tool-result' }>({ type: 'tool-result', toolCallId: b.tool_use_id, content }, b.cache_control);
      if (b.is_error != null) part.isError = b.is_error;
      return part;
    }
    case 'thinking':
      // An empty signature (a thinking block this gateway rendered from another vendor) is no signature.
      return b.signature !== '' ? { type: 'reasoning', text: b.thinking, signature: b.signature } : { type: 'reasoning', text: b.thinking };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: b.data };
  }
}

function isCustomTool(t: AnthropicTool): t is AnthropicCustomTool {
  return t.type == null || t.type === 'custom';
}

/** The fields the canonical tool models; `strict` is also kept verbatim, as Anthropic's own setting. */
const TOOL_FIELDS: ReadonlySet<string> = new Set(['type', 'name', 'description', 'input_schema', 'cache_control']);

function parseTool(t: AnthropicCustomTool): ToolDefinition {
  const tool: ToolDefinition = { name: t.name, parameters: t.input_schema };
  if (t.description != null) tool.description = t.description;
  if (t.strict != null) tool.strict = t.strict;
  const c = cache(t.cache_control);
  if (c) tool.cacheControl = c;
  // Fields the canonical tool does not model (defer_loading, allowed_callers, input_examples, …), verbatim.
  const extra = Object.entries(t).filter(([key, value]) => !TOOL_FIELDS.has(key) && value !== undefined);
  if (extra.length > 0) tool.extensions = { protocol: 'anthropic', fields: Object.fromEntries(extra) };
  return tool;
}

function parseToolChoice(c: NonNullable<AnthropicRequestBody['tool_choice']>): ToolChoice {
  switch (c.type) {
    case 'auto':
    case 'none':
      return { type: c.type };
    case 'any':
      return { type: 'required' };
    case 'tool':
      return { type: 'tool', name: c.name };
  }
}
