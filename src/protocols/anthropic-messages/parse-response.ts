import type { z } from 'zod';
import type { ChatResponse, Part } from '../../core/index.js';
import { invalidUpstreamResponse as invalid } from '../shared/invalid-upstream-response.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { mapStopReason } from './map-stop-reason.js';
import { parseUsage } from './map-usage.js';
import {
  messageSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolUseBlockSchema,
  upstreamError,
  type AnthropicAnyBlock,
} from './upstream-schemas.js';

/**
 * An upstream Anthropic `message` body (parsed JSON) → the canonical ChatResponse with one
 * choice. Content blocks keep their order: text, thinking (with its signature),
 * redacted_thinking, tool_use (arguments = JSON text of `input`), text with its citations. Block
 * types the canonical model has no part for (server_tool_use, web_search_tool_result, …) are kept
 * verbatim as native parts; stop_sequence travels in the finish reason. Anything that
 * is not a message throws GatewayError('provider_error') with the cause in `detail`.
 */
export function parseResponse(body: unknown): ChatResponse {
  const isErrorBody = typeof body === 'object' && body !== null && (body as Record<string, unknown>).type === 'error';
  if (isErrorBody) throw invalid(`upstream error body: ${upstreamError(body)?.message ?? JSON.stringify(body).slice(0, 200)}`);
  const result = messageSchema.safeParse(body);
  if (!result.success) throw invalid(`not an Anthropic message: ${summarizeIssues(result.error)}`);
  const m = result.data;
  const content = m.content.flatMap(blockPart);
  const response: ChatResponse = {
    choices: [{ index: 0, content, finishReason: m.stop_reason != null ? mapStopReason(m.stop_reason, m.stop_sequence) : { unified: 'other' } }],
    usage: parseUsage(m.usage),
  };
  if (m.id != null) response.upstreamId = m.id;
  if (m.model != null) response.upstreamModel = m.model;
  return response;
}

function read<S extends z.ZodType>(schema: S, block: AnthropicAnyBlock, index: number): z.infer<S> {
  const r = schema.safeParse(block);
  if (!r.success) throw invalid(`malformed content[${index}] (${block.type}): ${summarizeIssues(r.error)}`);
  return r.data;
}

function blockPart(block: AnthropicAnyBlock, index: number): Part[] {
  const parts = knownBlockPart(block, index);
  // Fields of a known block the canonical part does not model (tool_use `caller`, …) ride along for an Anthropic client.
  const known = parts.length === 1 && parts[0].type !== 'native' && parts[0].type !== 'refusal' ? parts[0] : undefined;
  const schema = SCHEMAS[block.type];
  if (known && schema) {
    const extra = Object.entries(block).filter(([key]) => !Object.hasOwn(schema.shape, key));
    if (extra.length > 0) known.extensions = { protocol: 'anthropic', fields: Object.fromEntries(extra) };
  }
  return parts;
}

const SCHEMAS: Readonly<Record<string, { shape: object }>> = {
  text: textBlockSchema,
  thinking: thinkingBlockSchema,
  redacted_thinking: redactedThinkingBlockSchema,
  tool_use: toolUseBlockSchema,
};

function knownBlockPart(block: AnthropicAnyBlock, index: number): Part[] {
  switch (block.type) {
    case 'text': {
      const b = read(textBlockSchema, block, index);
      return [b.citations != null && b.citations.length > 0 ? { type: 'text', text: b.text, citations: b.citations } : { type: 'text', text: b.text }];
    }
    case 'thinking': {
      const b = read(thinkingBlockSchema, block, index);
      return [b.signature ? { type: 'reasoning', text: b.thinking, signature: b.signature } : { type: 'reasoning', text: b.thinking }];
    }
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', redactedData: read(redactedThinkingBlockSchema, block, index).data }];
    case 'tool_use': {
      const b = read(toolUseBlockSchema, block, index);
      return [{ type: 'tool-call', id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) }];
    }
    default:
      // server_tool_use, web_search_tool_result and the other blocks without a canonical form.
      return [{ type: 'native', protocol: 'anthropic', block }];
  }
}
