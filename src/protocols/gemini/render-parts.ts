import type { Part } from '../../core/index.js';

type Json = Record<string, unknown>;

/** Who the parts are rendered for: an upstream (history of a request) or a client (an answer). */
export interface RenderPartsContext {
  /** The name of each tool call by id (functionResponse carries the name, not the id). */
  callNames: ReadonlyMap<string, string>;
  /** A client sees reasoning as thought parts and call ids; an upstream gets only its own thoughts back. */
  forClient: boolean;
  /** Notes what has no Gemini form (x-chuizi-warnings). */
  drop(what: string): void;
}

/** Canonical parts → Gemini parts, a part's `thoughtSignature` (gemini extensions) put back on it. */
export function renderParts(parts: readonly Part[], ctx: RenderPartsContext): Json[] {
  return parts.flatMap((part) => {
    const rendered = renderPart(part, ctx);
    if (!rendered) return [];
    const signature = 'extensions' in part && part.extensions?.protocol === 'gemini' ? part.extensions.fields.thoughtSignature : undefined;
    return [typeof signature === 'string' ? { ...rendered, thoughtSignature: signature } : rendered];
  });
}

function renderPart(part: Part, ctx: RenderPartsContext): Json | undefined {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'refusal':
      return { text: part.text };
    case 'reasoning':
      // An upstream gets back only the thoughts it produced (they carry its signature); a client sees every thought.
      if (part.redactedData !== undefined) return undefined;
      return ctx.forClient || part.extensions?.protocol === 'gemini' ? { text: part.text, thought: true } : undefined;
    case 'image':
    case 'file': {
      const mimeType = part.mediaType ?? (part.type === 'image' ? 'image/jpeg' : 'application/octet-stream');
      if (part.data !== undefined) return { inlineData: { mimeType, data: part.data } };
      if (part.url !== undefined) return { fileData: { mimeType, fileUri: part.url } };
      return undefined;
    }
    case 'tool-call': {
      const call: Json = { name: part.name, args: parseArgs(part.arguments) };
      return { functionCall: ctx.forClient ? { id: part.id, ...call } : call };
    }
    case 'tool-result': {
      const name = ctx.callNames.get(part.toolCallId) ?? part.toolCallId;
      const texts = part.content.flatMap((c) => (c.type === 'text' ? [c.text] : []));
      if (texts.length < part.content.length) ctx.drop('non-text content of a tool result');
      return { functionResponse: { name, response: toolResponse(texts.join(''), part.isError === true) } };
    }
    case 'native':
      if (part.protocol === 'gemini') return { ...part.block };
      ctx.drop(`${part.protocol} block '${String(part.block.type)}'`);
      return undefined;
  }
}

/** A tool call's arguments as the object Gemini wants (a model's unparseable or empty arguments become {}). */
export function parseArgs(text: string): Json {
  try {
    const v: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
}

/**
 * A tool result's text → functionResponse.response, which must be an object: a JSON object as
 * itself (what a Gemini client sent comes back unchanged), anything else as `{"output": text}`
 * (or `{"error": text}` for a failed call), Gemini's documented keys.
 */
function toolResponse(text: string, isError: boolean): Json {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
  } catch {
    /* plain text */
  }
  return isError ? { error: text } : { output: text };
}
