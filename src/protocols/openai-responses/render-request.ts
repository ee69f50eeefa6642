import type { ChatRequest, Message, Part, ResponseFormat, ToolCallPart, ToolChoice, ToolDefinition } from '../../core/index.js';
import { toDataUrl } from '../shared/data-url.js';
import { customInput, mapToolNames, type ResponsesToolName } from './map-tool-names.js';

export interface RenderRequestTarget {
  /** The upstream's own model name. */
  model: string;
}

type Json = Record<string, unknown>;

/**
 * The canonical ChatRequest → an upstream Responses API body (`store: false`: the upstream keeps
 * nothing, the whole conversation is sent each time). Pure and per attempt; what the format
 * cannot carry is dropped with a warning, never an exception. System messages are `system`
 * input messages in place; assistant turns become their items (reasoning with
 * `encrypted_content` when a Responses client sent it — other reasoning is dropped silently, an
 * upstream ignores reasoning it did not produce); tool results `function_call_output` items.
 * A Responses client's own `tools`, `tool_choice`, `text`, `reasoning` and `include` go verbatim
 * (custom, namespaced and hosted tools reach an upstream that runs them), and its tool calls
 * in history as it made them (`custom_tool_call`, `namespace`).
 */
export function renderRequest(req: ChatRequest, target: RenderRequestTarget): { body: Json; warnings: string[] } {
  const warnings: string[] = [];
  // A Responses client's own tools go verbatim (custom, namespaced, hosted), and its calls as it made them.
  const own = req.extensions?.protocol === 'openai-responses' ? req.extensions.fields : undefined;
  const rawTools = Array.isArray(own?.tools) ? own.tools : undefined;
  const names = mapToolNames(rawTools ?? []).names;
  const customCalls = new Set<string>();
  const input = req.messages.flatMap((m, i) => renderMessage(m, i, warnings, names, customCalls));
  const body: Json = { model: target.model, input, store: false };
  if (rawTools) body.tools = rawTools;
  else if (req.tools && req.tools.length > 0) body.tools = req.tools.map(renderTool);
  if (own?.tool_choice !== undefined) body.tool_choice = own.tool_choice;
  else if (req.toolChoice) body.tool_choice = renderToolChoice(req.toolChoice);
  for (const key of ['text', 'reasoning', 'include'] as const) if (own?.[key] !== undefined) body[key] = own[key];
  if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.maxOutputTokens !== undefined) body.max_output_tokens = req.maxOutputTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.responseFormat && body.text === undefined) body.text = { format: renderFormat(req.responseFormat) };
  if (req.reasoning?.effort !== undefined && body.reasoning === undefined) body.reasoning = { effort: req.reasoning.effort };
  else if (req.reasoning?.budgetTokens !== undefined) warnings.push(`dropped unsupported field 'reasoning.budget_tokens'`);
  if (req.user !== undefined) body.user = req.user;
  if (req.stream) body.stream = true;
  for (const [field, set] of [['stop', req.stop], ['n', req.n], ['seed', req.seed], ['top_k', req.topK], ['presence_penalty', req.presencePenalty], ['frequency_penalty', req.frequencyPenalty]] as const) {
    if (set !== undefined && !(field === 'n' && set === 1)) warnings.push(`dropped unsupported field '${field}'`);
  }
  const ext = req.extensions;
  if (!ext) return { body, warnings };
  const translated = new Set(ext.translated ?? []);
  if (ext.protocol !== 'openai-responses') {
    for (const key of Object.keys(ext.fields)) if (!translated.has(key)) warnings.push(`dropped unsupported field '${key}'`);
    return { body, warnings };
  }
  // A Responses client's own fields travel verbatim, never overriding a rendered one; the
  // gateway's own (store, previous_response_id, …) stay here. fromEntries keeps "__proto__" inert.
  const extra = Object.entries(ext.fields).filter(([key]) => !translated.has(key) && !Object.hasOwn(body, key));
  return { body: Object.fromEntries([...Object.entries(body), ...extra]), warnings };
}

function renderMessage(m: Message, index: number, warnings: string[], names: ReadonlyMap<string, ResponsesToolName>, customCalls: Set<string>): Json[] {
  const drop = (what: string) => warnings.push(`dropped unsupported ${what} in messages[${index}]`);
  switch (m.role) {
    case 'system':
    case 'user': {
      const content = m.content.flatMap((p) => inputPart(p, drop));
      return content.length > 0 ? [{ type: 'message', role: m.role, content }] : [];
    }
    case 'tool':
      return m.content.flatMap((p) => {
        if (p.type !== 'tool-result') return [];
        const text = p.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
        if (p.content.some((c) => c.type !== 'text')) drop('non-text content of a tool result');
        return [{ type: customCalls.has(p.toolCallId) ? 'custom_tool_call_output' : 'function_call_output', call_id: p.toolCallId, output: text }];
      });
    case 'assistant': {
      const items: Json[] = [];
      let message: Json[] | undefined;
      for (const p of m.content) {
        if (p.type === 'text' || p.type === 'refusal') {
          if (!message) items.push({ type: 'message', role: 'assistant', content: (message = []) });
          message.push(p.type === 'text' ? { type: 'output_text', text: p.text } : { type: 'refusal', refusal: p.text });
          continue;
        }
        message = undefined;
        if (p.type === 'tool-call') items.push(renderCall(p, names, customCalls));
        else if (p.type === 'reasoning') {
          const own = p.extensions?.protocol === 'openai-responses' ? p.extensions.fields : undefined;
          if (typeof own?.encrypted_content === 'string') items.push({ type: 'reasoning', ...(typeof own.id === 'string' ? { id: own.id } : {}), summary: own.summary ?? [], encrypted_content: own.encrypted_content });
        } else if (p.type === 'native' && p.protocol === 'openai-responses') items.push({ ...p.block });
        else drop(p.type === 'native' ? `${p.protocol} block '${String(p.block.type)}'` : `content part '${p.type}'`);
      }
      return items;
    }
  }
}

/** A tool call as the client's tool was declared: a freeform tool's call with its input, a namespaced one with its namespace. */
function renderCall(p: ToolCallPart, names: ReadonlyMap<string, ResponsesToolName>, customCalls: Set<string>): Json {
  const tool = names.get(p.name);
  const ns = tool?.namespace !== undefined ? { namespace: tool.namespace } : {};
  if (tool?.kind === 'custom') {
    customCalls.add(p.id);
    return { type: 'custom_tool_call', call_id: p.id, name: tool.name, input: customInput(p.arguments), ...ns };
  }
  return { type: 'function_call', call_id: p.id, name: tool?.name ?? p.name, arguments: p.arguments, ...ns };
}

function inputPart(p: Part, drop: (what: string) => void): Json[] {
  switch (p.type) {
    case 'text':
      return [{ type: 'input_text', text: p.text }];
    case 'image': {
      const url = p.data !== undefined ? toDataUrl(p.mediaType, p.data) : p.url;
      if (url === undefined) return [];
      return [{ type: 'input_image', image_url: url, detail: p.detail ?? 'auto' }];
    }
    case 'file':
      if (p.data !== undefined) return [{ type: 'input_file', file_data: toDataUrl(p.mediaType, p.data), ...(p.filename !== undefined ? { filename: p.filename } : {}) }];
      if (p.url !== undefined) return [{ type: 'input_file', file_url: p.url }];
      return [];
    case 'native':
      if (p.protocol === 'openai-responses') return [{ ...p.block }];
      drop(`${p.protocol} block '${String(p.block.type)}'`);
      return [];
    case 'reasoning':
    case 'refusal':
    case 'tool-call':
    case 'tool-result':
      drop(`content part '${p.type}'`);
      return [];
  }
}

function renderTool(t: ToolDefinition): Json {
  const tool: Json = { type: 'function', name: t.name };
  if (t.description !== undefined) tool.description = t.description;
  tool.parameters = t.parameters ?? { type: 'object', properties: {} };
  if (t.strict !== undefined) tool.strict = t.strict;
  return tool;
}

function renderToolChoice(c: ToolChoice): string | Json {
  return c.type === 'tool' ? { type: 'function', name: c.name } : c.type;
}

function renderFormat(f: ResponseFormat): Json {
  if (f.type !== 'json_schema') return { type: f.type };
  const out: Json = { type: 'json_schema', name: f.name };
  if (f.schema !== undefined) out.schema = f.schema;
  if (f.strict !== undefined) out.strict = f.strict;
  if (f.description !== undefined) out.description = f.description;
  return out;
}
