import type { ChatRequest, Message, Part, ResponseFormat, TextPart, ToolChoice, ToolDefinition } from '../../core/index.js';
import { toDataUrl } from '../shared/data-url.js';

export interface RenderRequestTarget {
  /** The upstream's own model name. */
  model: string;
  /** Which field carries the output limit; reasoning models need max_completion_tokens. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

type Json = Record<string, unknown>;

/**
 * The canonical ChatRequest → an upstream OpenAI Chat Completions body. Pure and per attempt.
 * What the format cannot carry is dropped with a warning, never an exception. Dropped silently:
 * reasoning parts in history (Chat Completions has no field for them, and upstreams ignore
 * reasoning they did not produce), and cache-control hints (OpenAI caches prompts automatically).
 * System messages stay at their position (Chat Completions accepts them anywhere); one the
 * client marked to clear at the next user message is left out once a user message follows.
 */
export function renderRequest(req: ChatRequest, target: RenderRequestTarget): { body: Json; warnings: string[] } {
  const warnings: string[] = [];
  const body: Json = {
    model: target.model,
    messages: renderMessages(req.messages, warnings),
  };
  // An assistant turn last is an Anthropic-style prefill: Chat Completions starts a new turn instead of continuing it.
  if (req.messages[req.messages.length - 1]?.role === 'assistant') warnings.push('assistant prefill is sent as a previous turn: the upstream will not continue it');
  const ext = req.extensions?.protocol === 'openai' ? req.extensions.fields : undefined;
  // Custom tools and a custom / allowed_tools choice have no canonical form: an OpenAI client's travel verbatim.
  const customTools = Array.isArray(ext?.tools) ? (ext.tools as unknown[]) : [];
  if ((req.tools && req.tools.length > 0) || customTools.length > 0) body.tools = [...(req.tools ?? []).map(renderTool), ...customTools];
  for (const t of req.tools ?? []) {
    // strict is canonical; the other fields of another protocol's tool have no form here.
    const foreign = t.extensions && t.extensions.protocol !== 'openai' ? Object.keys(t.extensions.fields).filter((k) => k !== 'strict') : [];
    for (const key of foreign) warnings.push(`dropped unsupported field '${key}' of tool '${t.name}'`);
  }
  if (ext?.tool_choice !== undefined) body.tool_choice = ext.tool_choice;
  else if (req.toolChoice) body.tool_choice = renderToolChoice(req.toolChoice);
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.maxOutputTokens !== undefined) body[target.maxTokensField ?? 'max_tokens'] = req.maxOutputTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.topK !== undefined) warnings.push(`dropped unsupported field 'top_k'`);
  if (req.stop && req.stop.length > 0) body.stop = req.stop;
  if (req.n !== undefined) body.n = req.n;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.presencePenalty !== undefined) body.presence_penalty = req.presencePenalty;
  if (req.frequencyPenalty !== undefined) body.frequency_penalty = req.frequencyPenalty;
  if (req.responseFormat) body.response_format = renderResponseFormat(req.responseFormat);
  if (req.reasoning?.effort !== undefined) body.reasoning_effort = req.reasoning.effort;
  else if (req.reasoning?.budgetTokens !== undefined) warnings.push(`dropped unsupported field 'reasoning.budget_tokens'`);
  if (req.user !== undefined) body.user = req.user;
  // Usage must be read from every stream for billing (spec §9), whatever the client asked.
  if (req.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (!req.extensions) return { body, warnings };
  if (req.extensions.protocol !== 'openai') {
    const translated = new Set(req.extensions.translated ?? []);
    for (const key of Object.keys(req.extensions.fields)) if (!translated.has(key)) warnings.push(`dropped unsupported field '${key}'`);
    return { body, warnings };
  }
  // Extensions never override a field rendered above; fromEntries keeps "__proto__" inert.
  const extra = Object.entries(req.extensions.fields).filter(([key]) => key !== 'tools' && key !== 'tool_choice' && !Object.hasOwn(body, key));
  return { body: Object.fromEntries([...Object.entries(body), ...extra]), warnings };
}

/**
 * Each message in order. A system message shown only until the next user message (Anthropic
 * clear_at) is left out once one follows it: what the model would see.
 */
function renderMessages(messages: readonly Message[], warnings: string[]): Json[] {
  const lastUser = messages.findLastIndex((m) => m.role === 'user' || m.role === 'tool');
  return messages.flatMap((m, i) => (m.clearAtNextUser && i < lastUser ? [] : renderMessage(m, i, warnings)));
}

function renderMessage(m: Message, index: number, warnings: string[]): Json[] {
  const drop = (what: string) => warnings.push(`dropped unsupported ${what} in messages[${index}]`);
  // clear_at is honoured above; other per-message fields (a per-turn output_config) have no form here.
  const own = m.extensions?.protocol === 'openai' ? m.extensions.fields : undefined;
  if (!own) for (const key of Object.keys(m.extensions?.fields ?? {})) if (key !== 'clear_at') drop(`field '${key}'`);
  if (m.content.some((p) => p.type === 'text' && p.citations !== undefined)) drop('citations of a text block');
  const foreign = new Set(m.content.flatMap((p) => ('extensions' in p && p.extensions && p.extensions.protocol !== 'openai' ? Object.keys(p.extensions.fields) : [])));
  for (const key of foreign) drop(`field '${key}' of a content block`);
  // Tool results become role "tool" messages, placed first: OpenAI wants them right after the
  // assistant's tool calls (an Anthropic-style user turn carries them before its own text).
  const out: Json[] = [];
  const rest: Part[] = [];
  for (const part of m.content) {
    if (part.type === 'tool-result') {
      if (part.isError) drop('is_error flag of a tool result (only its text is sent)');
      out.push(renderToolResult(part.toolCallId, part.content, drop));
    }
    else rest.push(part);
  }
  if (m.role === 'tool') {
    if (rest.length > 0) drop(`${rest.length} non-tool-result part(s) of a tool message`);
    // The deprecated function result, as the client sent it.
    if (own?.role === 'function' && out.length === 1) return [{ role: 'function', name: own.name, content: out[0].content }];
    return out;
  }
  if (m.role === 'assistant') {
    const msg = renderAssistant(rest, drop);
    if (msg) out.push(withName(msg, m.name));
    return out;
  }
  const parts: Json[] = [];
  for (const part of rest) {
    const rendered = m.role === 'user' ? renderUserPart(part) : part.type === 'text' ? textJson(part) : undefined;
    if (rendered) parts.push(rendered);
    else if (part.type !== 'reasoning') drop(describePart(part));
  }
  // A system message left with nothing to say (only Anthropic directives: output_config, tool changes) is not sent.
  if (m.role === 'system' && parts.length === 0) return out;
  if (parts.length > 0 || out.length === 0) out.push(withName({ role: m.role, content: collapse(parts) }, m.name));
  return out;
}

function renderAssistant(parts: Part[], drop: (what: string) => void): Json | undefined {
  const content: Json[] = [];
  const refusals: string[] = [];
  const toolCalls: Json[] = [];
  let functionCall: Json | undefined;
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        content.push(textJson(part));
        break;
      case 'refusal':
        refusals.push(part.text);
        break;
      case 'tool-call': {
        const kind = part.extensions?.protocol === 'openai' ? part.extensions.fields : undefined;
        if (kind?.legacy === 'function_call') functionCall = { name: part.name, arguments: part.arguments };
        else if (kind?.type === 'custom') toolCalls.push({ id: part.id, type: 'custom', custom: { name: part.name, input: part.arguments } });
        else toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
        break;
      }
      case 'reasoning':
        break; // No place in Chat Completions history; see renderRequest.
      case 'image':
      case 'file':
      case 'tool-result':
      case 'native':
        drop(describePart(part));
        break;
    }
  }
  if (content.length === 0 && refusals.length === 0 && toolCalls.length === 0 && !functionCall) return undefined;
  const msg: Json = { role: 'assistant', content: content.length > 0 ? collapse(content) : null };
  if (refusals.length > 0) msg.refusal = refusals.join('');
  if (toolCalls.length > 0) msg.tool_calls = toolCalls;
  if (functionCall) msg.function_call = functionCall;
  return msg;
}

function renderUserPart(part: Part): Json | undefined {
  switch (part.type) {
    case 'text':
      return textJson(part);
    case 'image': {
      const url = part.data !== undefined ? toDataUrl(part.mediaType, part.data) : part.url;
      if (url === undefined) return undefined;
      return { type: 'image_url', image_url: part.detail !== undefined ? { url, detail: part.detail } : { url } };
    }
    case 'file': {
      if (part.data === undefined) return undefined; // A file by URL has no Chat Completions form.
      const audio = audioFormat(part.mediaType);
      if (audio) return { type: 'input_audio', input_audio: { data: part.data, format: audio } };
      const file: Json = { file_data: toDataUrl(part.mediaType, part.data) };
      if (part.filename !== undefined) file.filename = part.filename;
      return { type: 'file', file };
    }
    case 'native':
      return part.protocol === 'openai' ? { ...part.block } : undefined;
    case 'reasoning':
    case 'refusal':
    case 'tool-call':
    case 'tool-result':
      return undefined;
  }
}

function renderToolResult(toolCallId: string, content: Part[], drop: (what: string) => void): Json {
  // Chat Completions tool messages carry text only; an is-error flag has no field (the text says it).
  const texts: Json[] = [];
  for (const part of content) {
    if (part.type === 'text') texts.push(textJson(part));
    else drop(`${describePart(part)} of a tool result`);
  }
  return { role: 'tool', tool_call_id: toolCallId, content: collapse(texts) };
}

function textJson(part: TextPart): Json {
  return { type: 'text', text: part.text };
}

/** A single text part is sent as a plain string (none as ""), anything else as the parts array. */
function collapse(parts: Json[]): string | Json[] {
  if (parts.length === 0) return '';
  if (parts.length === 1 && parts[0].type === 'text') return parts[0].text as string;
  return parts;
}

function withName(msg: Json, name: string | undefined): Json {
  if (name !== undefined) msg.name = name;
  return msg;
}

function describePart(part: Part): string {
  if (part.type === 'file' && part.data === undefined) return `content part 'file' given by URL`;
  if (part.type === 'native') return `${part.protocol} block '${String(part.block.type)}'`;
  return `content part '${part.type}'`;
}

/** input_audio accepts wav and mp3 only. */
function audioFormat(mediaType: string | undefined): 'wav' | 'mp3' | undefined {
  if (mediaType === 'audio/wav' || mediaType === 'audio/x-wav' || mediaType === 'audio/wave') return 'wav';
  if (mediaType === 'audio/mpeg' || mediaType === 'audio/mp3') return 'mp3';
  return undefined;
}

function renderTool(t: ToolDefinition): Json {
  const fn: Json = { name: t.name };
  if (t.description !== undefined) fn.description = t.description;
  if (t.parameters !== undefined) fn.parameters = t.parameters;
  if (t.strict !== undefined) fn.strict = t.strict;
  return { type: 'function', function: fn };
}

function renderToolChoice(c: ToolChoice): string | Json {
  switch (c.type) {
    case 'auto':
    case 'none':
    case 'required':
      return c.type;
    case 'tool':
      return { type: 'function', function: { name: c.name } };
  }
}

function renderResponseFormat(f: ResponseFormat): Json {
  switch (f.type) {
    case 'text':
    case 'json_object':
      return { type: f.type };
    case 'json_schema': {
      const spec: Json = { name: f.name };
      if (f.description !== undefined) spec.description = f.description;
      if (f.schema !== undefined) spec.schema = f.schema;
      if (f.strict !== undefined) spec.strict = f.strict;
      return { type: 'json_schema', json_schema: spec };
    }
  }
}
