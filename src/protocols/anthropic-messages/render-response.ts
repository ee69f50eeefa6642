import type { ChatResponse, Part } from '../../core/index.js';
import { renderStopReason } from './map-stop-reason.js';
import { renderUsage } from './map-usage.js';
import { toolInput } from './render-content-blocks.js';

export interface RenderResponseMeta {
  /** The generation id; the client sees it as the message id. */
  id: string;
  /** The public model id the client sent. */
  model: string;
}

type Json = Record<string, unknown>;

/**
 * The canonical ChatResponse → the `message` object an Anthropic client receives (choice 0 only).
 * Reasoning without an Anthropic signature (from another vendor) still renders as a thinking
 * block with signature "" — the client only reads it; refusals render as text.
 */
export function renderResponse(res: ChatResponse, meta: RenderResponseMeta): Json {
  const choice = res.choices.find((c) => c.index === 0) ?? res.choices[0];
  const content = (choice?.content ?? []).flatMap(renderPart);
  const hasToolCalls = content.some((b) => b.type === 'tool_use');
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: renderStopReason(choice?.finishReason, hasToolCalls),
    stop_sequence: null,
    usage: renderUsage(res.usage),
  };
}

function renderPart(part: Part): Json[] {
  switch (part.type) {
    case 'text':
    case 'refusal':
      return [{ type: 'text', text: part.text }];
    case 'reasoning':
      if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
      return [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    case 'tool-call':
      // Arguments a model cut short (not JSON) cannot become an input object: sent as {}.
      return [{ type: 'tool_use', id: part.id, name: part.name, input: toolInput(part.arguments) ?? {} }];
    case 'image':
    case 'file':
    case 'tool-result':
      return []; // Not produced by models in a reply.
  }
}
