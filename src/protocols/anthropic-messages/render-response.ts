import type { ChatResponse, Part } from '../../core/index.js';
import { renderStopReason } from './map-stop-reason.js';
import { renderUsage } from './map-usage.js';
import { toolInput, withExtensions } from './render-content-blocks.js';

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
 * block with signature "" — the client only reads it; refusals render as text. Anthropic's own
 * blocks (server_tool_use, web_search_tool_result, …) and citations come back verbatim, and
 * stop_sequence carries the matched sequence when the upstream reported it.
 */
export function renderResponse(res: ChatResponse, meta: RenderResponseMeta): Json {
  const choice = res.choices.find((c) => c.index === 0) ?? res.choices[0];
  const content = (choice?.content ?? []).flatMap((part) => renderPart(part).map((block) => withExtensions(block, part)));
  const hasToolCalls = content.some((b) => b.type === 'tool_use');
  const stopReason = renderStopReason(choice?.finishReason, hasToolCalls);
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (choice?.finishReason.stopSequence ?? null) : null,
    usage: renderUsage(res.usage),
  };
}

function renderPart(part: Part): Json[] {
  switch (part.type) {
    case 'text':
      return [part.citations !== undefined ? { type: 'text', text: part.text, citations: part.citations } : { type: 'text', text: part.text }];
    case 'refusal':
      return [{ type: 'text', text: part.text }];
    case 'native':
      // Anthropic's own blocks (server tool calls and results) verbatim; other protocols' have no form here.
      return part.protocol === 'anthropic' ? [part.block] : [];
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
