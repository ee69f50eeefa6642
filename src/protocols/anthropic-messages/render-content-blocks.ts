import type { CacheControl, FilePart, ImagePart, NativePart, Part, TextPart, ToolCallPart, ToolResultPart } from '../../core/index.js';

type Json = Record<string, unknown>;

/** The Anthropic role a canonical message is sent as. */
export type AnthropicRole = 'user' | 'assistant';

/**
 * One canonical part → one Anthropic request content block, or undefined when the part has no
 * form for that role (a warning says what was dropped, `where` names the message).
 * Dropped silently: an image's `detail` hint (Anthropic has none).
 */
export function renderBlock(part: Part, role: AnthropicRole, where: string, warnings: string[]): Json | undefined {
  const block = renderPart(part, role, where, warnings);
  return block && withExtensions(block, part);
}

/** The fields of the client's Anthropic block the canonical part does not model, put back (never overriding). */
export function withExtensions(block: Json, part: Part): Json {
  const ext = 'extensions' in part ? part.extensions : undefined;
  if (ext?.protocol !== 'anthropic') return block;
  // fromEntries keeps a "__proto__" key inert.
  return Object.fromEntries([...Object.entries(block), ...Object.entries(ext.fields).filter(([key]) => !Object.hasOwn(block, key))]);
}

function renderPart(part: Part, role: AnthropicRole, where: string, warnings: string[]): Json | undefined {
  const drop = (what: string) => {
    warnings.push(`dropped unsupported ${what} in ${where}`);
    return undefined;
  };
  switch (part.type) {
    case 'text':
      return textBlock(part);
    case 'refusal':
      return { type: 'text', text: part.text };
    case 'image':
      return role === 'user' ? (imageBlock(part) ?? drop(describe(part))) : drop(`content part 'image' of an assistant message`);
    case 'file':
      return role === 'user' ? (fileBlock(part) ?? drop(describe(part))) : drop(`content part 'file' of an assistant message`);
    case 'reasoning':
      if (role !== 'assistant') return drop(`content part 'reasoning' of a user message`);
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      // Anthropic rejects thinking without its own signature (reasoning from another vendor).
      if (part.signature) return { type: 'thinking', thinking: part.text, signature: part.signature };
      return drop(`reasoning without an Anthropic signature`);
    case 'tool-call':
      return role === 'assistant' ? toolUseBlock(part, where, warnings) : drop(`content part 'tool-call' of a user message`);
    case 'tool-result':
      return role === 'user' ? toolResultBlock(part, where, warnings) : drop(`content part 'tool-result' of an assistant message`);
    case 'native':
      return nativeBlock(part) ?? drop(describeNative(part));
  }
}

/** A native part's block, when it is Anthropic's own (a copy: the canonical request stays frozen). */
export function nativeBlock(part: NativePart): Json | undefined {
  return part.protocol === 'anthropic' ? { ...part.block } : undefined;
}

export function describeNative(part: NativePart): string {
  return `${part.protocol} block '${String(part.block.type)}'`;
}

export function textBlock(part: TextPart): Json {
  const block = withCache({ type: 'text', text: part.text }, part.cacheControl);
  if (part.citations !== undefined) block.citations = part.citations;
  return block;
}

export function withCache(block: Json, cc: CacheControl | undefined): Json {
  if (cc) block.cache_control = cc.ttl !== undefined ? { type: cc.type, ttl: cc.ttl } : { type: cc.type };
  return block;
}

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$; other vendors' ids are rewritten consistently. */
export function toolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_') || '_';
}

/** A tool call's JSON-text arguments → the `input` object (empty arguments are `{}`). */
export function toolInput(args: string): Record<string, unknown> | undefined {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toolUseBlock(part: ToolCallPart, where: string, warnings: string[]): Json {
  let input = toolInput(part.arguments);
  if (input === undefined) {
    warnings.push(`arguments of tool call '${part.name}' in ${where} are not a JSON object; sent as {}`);
    input = {};
  }
  return { type: 'tool_use', id: toolId(part.id), name: part.name, input };
}

function toolResultBlock(part: ToolResultPart, where: string, warnings: string[]): Json {
  const block: Json = { type: 'tool_result', tool_use_id: toolId(part.toolCallId) };
  const content: Json[] = [];
  for (const c of part.content) {
    const rendered = c.type === 'text' ? textBlock(c) : c.type === 'image' ? imageBlock(c) : nativeBlock(c);
    if (rendered) content.push(withExtensions(rendered, c));
    else if (c.type !== 'text') warnings.push(`dropped unsupported ${c.type === 'image' ? describe(c) : describeNative(c)} of a tool result in ${where}`);
  }
  if (content.length > 0) block.content = collapseText(content);
  if (part.isError !== undefined) block.is_error = part.isError;
  return withCache(block, part.cacheControl);
}

/** One text block without cache_control or citations is sent as a plain string, anything else as blocks. */
export function collapseText(blocks: Json[]): string | Json[] {
  if (blocks.length === 1 && blocks[0].type === 'text' && blocks[0].cache_control === undefined && blocks[0].citations === undefined) return blocks[0].text as string;
  return blocks;
}

function imageBlock(part: ImagePart | FilePart): Json | undefined {
  if (part.data !== undefined) {
    const mediaType = part.mediaType ?? sniffImageType(part.data);
    if (mediaType === undefined) return undefined;
    return withCache({ type: 'image', source: { type: 'base64', media_type: mediaType, data: part.data } }, part.cacheControl);
  }
  if (part.url !== undefined) return withCache({ type: 'image', source: { type: 'url', url: part.url } }, part.cacheControl);
  return undefined;
}

function fileBlock(part: FilePart): Json | undefined {
  if (part.mediaType?.startsWith('image/')) return imageBlock(part);
  let source: Json;
  if (part.data !== undefined) {
    if (part.mediaType === 'application/pdf') source = { type: 'base64', media_type: 'application/pdf', data: part.data };
    else if (part.mediaType?.startsWith('text/')) source = { type: 'text', media_type: 'text/plain', data: Buffer.from(part.data, 'base64').toString('utf8') };
    else return undefined;
  } else if (part.url !== undefined) {
    source = { type: 'url', url: part.url };
  } else return undefined;
  const block: Json = { type: 'document', source };
  if (part.filename !== undefined) block.title = part.filename;
  return withCache(block, part.cacheControl);
}

function describe(part: ImagePart | FilePart): string {
  return part.mediaType ? `content part '${part.type}' (${part.mediaType})` : `content part '${part.type}'`;
}

/** The image type of base64 data from its first bytes, for images that came without one. */
function sniffImageType(data: string): string | undefined {
  if (data.startsWith('iVBORw0KGgo')) return 'image/png';
  if (data.startsWith('/9j/')) return 'image/jpeg';
  if (data.startsWith('R0lGOD')) return 'image/gif';
  if (data.startsWith('UklGR')) return 'image/webp';
  return undefined;
}
