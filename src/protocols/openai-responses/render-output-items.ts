import type { Part, ReasoningPart, ToolCallPart } from '../../core/index.js';
import { customInput, type ResponsesToolName } from './map-tool-names.js';
import { encodeReasoning } from './map-reasoning.js';

type Json = Record<string, unknown>;

/**
 * The id of the output item at `index` of response `responseId`: the same in a stream and in
 * the whole response (the stored copy and `GET /v1/responses/{id}` name the same items).
 */
export function outputItemId(kind: 'msg' | 'rs' | 'fc' | 'ctc', responseId: string, index: number): string {
  return `${kind}_${responseId.replace(/^resp_/, '')}_${index}`;
}

/**
 * Canonical output parts → Responses output items, in order: a reasoning part is a `reasoning`
 * item (its summary is the readable text; `encrypted_content` when a Responses upstream gave
 * one), consecutive text and refusal parts one assistant `message`, each tool call a
 * `function_call` — or a `custom_tool_call` (freeform input) / a namespaced call when the
 * client's tool was one. Blocks only another protocol knows are left out (the caller warns).
 */
export function renderOutputItems(parts: readonly Part[], responseId: string, names: ReadonlyMap<string, ResponsesToolName>): Json[] {
  const items: Json[] = [];
  let message: Json[] | undefined;
  for (const part of parts) {
    switch (part.type) {
      case 'text':
      case 'refusal': {
        if (!message) {
          message = [];
          items.push(messageItem(outputItemId('msg', responseId, items.length), message, 'completed'));
        }
        const last = message[message.length - 1];
        if (part.type === 'text' && last?.type === 'output_text') last.text = `${String(last.text)}${part.text}`;
        else message.push(part.type === 'text' ? outputText(part.text) : { type: 'refusal', refusal: part.text });
        break;
      }
      case 'reasoning':
        message = undefined;
        items.push(reasoningItem(part, outputItemId('rs', responseId, items.length)));
        break;
      case 'tool-call':
        message = undefined;
        items.push(toolCallItem(part, responseId, items.length, names));
        break;
      case 'native':
        if (part.protocol === 'openai-responses') {
          message = undefined;
          items.push({ ...part.block });
        }
        break;
      case 'image':
      case 'file':
      case 'tool-result':
        break; // not model output
    }
  }
  return items;
}

export function messageItem(id: string, content: Json[], status: string): Json {
  return { type: 'message', id, status, role: 'assistant', content };
}

export function outputText(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * A reasoning item: the readable text as its summary; `encrypted_content` a Responses upstream's
 * own, or the gateway's envelope of another vendor's signed or redacted thinking (map-reasoning.ts).
 */
export function reasoningItem(part: Pick<ReasoningPart, 'text' | 'signature' | 'redactedData' | 'extensions'>, id: string): Json {
  const own = part.extensions?.protocol === 'openai-responses' ? part.extensions.fields : undefined;
  const item: Json = { type: 'reasoning', id, summary: part.text !== '' ? [{ type: 'summary_text', text: part.text }] : [] };
  const encrypted = typeof own?.encrypted_content === 'string' ? own.encrypted_content : encodeReasoning(part);
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

export function toolCallItem(part: Pick<ToolCallPart, 'id' | 'name' | 'arguments'>, responseId: string, index: number, names: ReadonlyMap<string, ResponsesToolName>): Json {
  const tool = names.get(part.name);
  if (tool?.kind === 'custom') {
    const item: Json = { type: 'custom_tool_call', id: outputItemId('ctc', responseId, index), call_id: part.id, name: tool.name, input: customInput(part.arguments), status: 'completed' };
    if (tool.namespace !== undefined) item.namespace = tool.namespace;
    return item;
  }
  const item: Json = { type: 'function_call', id: outputItemId('fc', responseId, index), call_id: part.id, name: tool?.name ?? part.name, arguments: part.arguments, status: 'completed' };
  if (tool?.namespace !== undefined) item.namespace = tool.namespace;
  return item;
}
