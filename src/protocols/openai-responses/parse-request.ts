import type { ChatRequest, Message, Part, ResponseFormat, TextPart, ToolChoice, ToolResultPart } from '../../core/index.js';
import { validateRequestBody } from '../shared/validate-request-body.js';
import { parseDataUrl } from '../shared/data-url.js';
import { customArguments, mapToolNames, upstreamToolName } from './map-tool-names.js';
import { decodeReasoning } from './map-reasoning.js';
import { KNOWN_FIELDS, requestSchema, type ResponsesContentPart, type ResponsesInputItem, type ResponsesRequestBody } from './request-schema.js';

/**
 * Top-level fields the gateway itself acts on or echoes in the response object (kept verbatim in
 * the extensions for that, never warned about): the raw tools and tool choice (the response
 * renderer needs the client's own names), text and reasoning (echoed), store, include,
 * previous_response_id and metadata (the gateway's conversation store), instructions (sent as
 * the first system message).
 */
const ECHOED = ['instructions', 'tools', 'tool_choice', 'text', 'reasoning', 'store', 'include', 'previous_response_id', 'metadata'] as const;

/**
 * An OpenAI Responses API request body (already JSON.parse'd, with any `previous_response_id`
 * conversation already prepended to `input` by the caller) → the canonical ChatRequest.
 * - `instructions` is the first system message; `system` and `developer` input messages are
 *   system messages in place (Codex 0.17x sends its prompt that way).
 * - Items of one assistant turn (reasoning, assistant message, function_call, custom_tool_call)
 *   become one assistant message; consecutive tool outputs one tool message.
 * - Tools: functions as they are, namespaces flattened, custom (freeform) tools as functions
 *   whose one string argument is the input (map-tool-names.ts); hosted tools are left out (the
 *   caller warns about them: no upstream the gateway calls runs them).
 * - Reasoning items keep `encrypted_content` and their id in the part's extensions; an item type
 *   the gateway does not know travels as a native block (dropped, with a warning, by renderers
 *   of other protocols).
 * Invalid input throws GatewayError('validation_error') naming the field.
 */
export function parseRequest(body: unknown): ChatRequest {
  const b = validateRequestBody(requestSchema, body);
  const messages: Message[] = [];
  if (b.instructions != null && b.instructions !== '') messages.push({ role: 'system', content: [{ type: 'text', text: b.instructions }] });
  const items: ResponsesInputItem[] = typeof b.input === 'string' ? [{ type: 'message', role: 'user', content: b.input }] : b.input;
  for (const item of items) addItem(messages, item);
  const req: ChatRequest = { model: b.model, messages, stream: b.stream ?? false };
  const { definitions } = mapToolNames(b.tools ?? []);
  if (definitions.length > 0) req.tools = definitions;
  if (b.tool_choice != null) req.toolChoice = parseToolChoice(b.tool_choice);
  if (b.parallel_tool_calls != null) req.parallelToolCalls = b.parallel_tool_calls;
  if (b.max_output_tokens != null) req.maxOutputTokens = b.max_output_tokens;
  if (b.temperature != null) req.temperature = b.temperature;
  if (b.top_p != null) req.topP = b.top_p;
  if (b.text?.format != null) req.responseFormat = parseFormat(b.text.format);
  if (b.reasoning?.effort != null) req.reasoning = { effort: b.reasoning.effort };
  if (b.user != null) req.user = b.user;
  const raw = body as Record<string, unknown>;
  const echoed = ECHOED.filter((k) => raw[k] != null).map((k) => [k, raw[k]] as const);
  // Object.fromEntries defines own properties: a "__proto__" key stays inert data.
  const unknown = Object.entries(raw).filter(([key]) => !KNOWN_FIELDS.has(key));
  if (echoed.length + unknown.length > 0) {
    req.extensions = { protocol: 'openai-responses', fields: Object.fromEntries([...echoed, ...unknown]), translated: echoed.map(([k]) => k) };
  }
  return req;
}

/** Appends one input item to the conversation, joining the items of one turn. */
function addItem(messages: Message[], item: ResponsesInputItem): void {
  const last = messages[messages.length - 1];
  const toAssistant = (part: Part) => {
    if (last?.role === 'assistant') last.content.push(part);
    else messages.push({ role: 'assistant', content: [part] });
  };
  const toTool = (part: ToolResultPart) => {
    if (last?.role === 'tool') last.content.push(part);
    else messages.push({ role: 'tool', content: [part] });
  };
  switch (item.type) {
    case undefined:
    case 'message': {
      const m = item as Extract<ResponsesInputItem, { role: string }>;
      if (m.role === 'assistant') {
        for (const p of assistantParts(m.content)) toAssistant(p);
        return;
      }
      messages.push({ role: m.role === 'user' ? 'user' : 'system', content: userParts(m.content) });
      return;
    }
    case 'reasoning': {
      const r = item as Extract<ResponsesInputItem, { type: 'reasoning' }>;
      // Another vendor's signed thinking the gateway gave the client: back in its own form.
      const signed = r.encrypted_content != null ? decodeReasoning(r.encrypted_content) : undefined;
      if (signed) {
        toAssistant({ type: 'reasoning', ...signed });
        return;
      }
      const text = (r.summary ?? []).map((s) => s.text).join('\n\n');
      const fields: Record<string, unknown> = { summary: r.summary ?? [] };
      if (r.id != null) fields.id = r.id;
      if (r.encrypted_content != null) fields.encrypted_content = r.encrypted_content;
      toAssistant({ type: 'reasoning', text, extensions: { protocol: 'openai-responses', fields } });
      return;
    }
    case 'function_call': {
      const c = item as Extract<ResponsesInputItem, { type: 'function_call' }>;
      toAssistant({ type: 'tool-call', id: c.call_id, name: upstreamToolName(c.name, c.namespace), arguments: c.arguments });
      return;
    }
    case 'custom_tool_call': {
      const c = item as Extract<ResponsesInputItem, { type: 'custom_tool_call' }>;
      const ns = typeof (c as Record<string, unknown>).namespace === 'string' ? ((c as Record<string, unknown>).namespace as string) : undefined;
      toAssistant({ type: 'tool-call', id: c.call_id, name: upstreamToolName(c.name, ns), arguments: customArguments(c.input) });
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const o = item as Extract<ResponsesInputItem, { type: 'function_call_output' }>;
      toTool({ type: 'tool-result', toolCallId: o.call_id, content: toolResultContent(o.output) });
      return;
    }
    default:
      // A hosted tool's call or result, an item reference, …: no canonical form.
      toAssistant({ type: 'native', protocol: 'openai-responses', block: item as Record<string, unknown> });
  }
}

function userParts(content: string | ResponsesContentPart[]): Part[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map(inputPart);
}

function assistantParts(content: string | ResponsesContentPart[]): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((p): Part => (p.type === 'refusal' ? { type: 'refusal', text: p.refusal } : inputPart(p)));
}

function inputPart(p: ResponsesContentPart): Part {
  switch (p.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: p.text };
    case 'refusal':
      return { type: 'text', text: p.refusal };
    case 'input_image': {
      if (p.image_url == null) return { type: 'native', protocol: 'openai-responses', block: p };
      const inline = parseDataUrl(p.image_url);
      const image: Part = inline ? { type: 'image', data: inline.data, mediaType: inline.mediaType } : { type: 'image', url: p.image_url };
      if (p.detail != null) image.detail = p.detail;
      return image;
    }
    case 'input_file': {
      if (p.file_data != null) {
        const inline = parseDataUrl(p.file_data);
        const file: Part = inline ? { type: 'file', data: inline.data, mediaType: inline.mediaType } : { type: 'file', data: p.file_data };
        if (p.filename != null) file.filename = p.filename;
        return file;
      }
      if (p.file_url != null) return { type: 'file', url: p.file_url, ...(p.filename != null ? { filename: p.filename } : {}) };
      return { type: 'native', protocol: 'openai-responses', block: p };
    }
  }
}

function toolResultContent(output: string | ResponsesContentPart[]): ToolResultPart['content'] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  return output.map((p) => {
    const part = inputPart(p);
    return part.type === 'text' || part.type === 'image' || part.type === 'native' ? part : ({ type: 'native', protocol: 'openai-responses', block: p } as const);
  }) as Array<TextPart | Extract<Part, { type: 'image' | 'native' }>>;
}

function parseToolChoice(c: NonNullable<ResponsesRequestBody['tool_choice']>): ToolChoice {
  if (typeof c === 'string') return { type: c };
  if ((c.type === 'function' || c.type === 'custom') && typeof c.name === 'string') return { type: 'tool', name: upstreamToolName(c.name) };
  if (c.type === 'allowed_tools' && (c.mode === 'auto' || c.mode === 'required')) return { type: c.mode };
  // A hosted tool (web_search, …) forced: the upstream cannot run it; the model chooses.
  return { type: 'auto' };
}

function parseFormat(f: NonNullable<NonNullable<ResponsesRequestBody['text']>['format']>): ResponseFormat {
  if (f.type !== 'json_schema') return { type: f.type };
  const out: Extract<ResponseFormat, { type: 'json_schema' }> = { type: 'json_schema', name: f.name };
  if (f.schema != null) out.schema = f.schema;
  if (f.strict != null) out.strict = f.strict;
  if (f.description != null) out.description = f.description;
  return out;
}
