import type { ChatResponse, Part } from '../../core/index.js';
import { invalidUpstreamResponse as invalid } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { customArguments, upstreamToolName } from './map-tool-names.js';
import { parseStatus } from './map-status.js';
import { parseUsage } from './map-usage.js';
import { upstreamErrorMessage } from './parse-error.js';

/**
 * An upstream Responses API `response` object (parsed JSON) → the canonical ChatResponse: each
 * output item in order — `reasoning` a reasoning part (summary text; id and `encrypted_content`
 * kept in its extensions, so a Responses client gets them back), `message` its text and refusal
 * parts, `function_call` a tool call (`call_id` is the id), `custom_tool_call` a tool call whose
 * arguments carry the freeform input; any other item (hosted-tool calls) a native block. The
 * finish reason comes from `status` / `incomplete_details`. Anything else throws
 * GatewayError('provider_error') with the cause in `detail`.
 */
export function parseResponse(body: unknown): ChatResponse {
  if (!isRecord(body)) throw invalid('not a response object');
  if (body.error != null && body.output == null) throw invalid(`upstream error body (message of ${upstreamErrorMessage(body)?.length ?? 0} characters)`);
  if (!Array.isArray(body.output)) throw invalid('not a response object: output is not an array');
  const content: Part[] = [];
  for (const item of body.output) {
    if (!isRecord(item)) throw invalid('an output item is not an object');
    content.push(...parseItem(item));
  }
  const incomplete = isRecord(body.incomplete_details) && typeof body.incomplete_details.reason === 'string' ? body.incomplete_details.reason : undefined;
  const hasCalls = content.some((p) => p.type === 'tool-call');
  const res: ChatResponse = {
    choices: [{ index: 0, content, finishReason: parseStatus(typeof body.status === 'string' ? body.status : undefined, incomplete, hasCalls) }],
    usage: parseUsage(body.usage),
  };
  if (typeof body.id === 'string') res.upstreamId = body.id;
  if (typeof body.model === 'string') res.upstreamModel = body.model;
  if (typeof body.created_at === 'number') res.created = body.created_at;
  return res;
}

/** One output item → its canonical parts. */
export function parseItem(item: Record<string, unknown>): Part[] {
  switch (item.type) {
    case 'message': {
      const parts: Part[] = [];
      for (const c of Array.isArray(item.content) ? item.content : []) {
        if (!isRecord(c)) continue;
        if (c.type === 'output_text' && typeof c.text === 'string') parts.push({ type: 'text', text: c.text });
        else if (c.type === 'refusal' && typeof c.refusal === 'string') parts.push({ type: 'refusal', text: c.refusal });
      }
      return parts;
    }
    case 'reasoning': {
      const summary = Array.isArray(item.summary) ? item.summary : [];
      const text = summary.flatMap((s) => (isRecord(s) && typeof s.text === 'string' ? [s.text] : [])).join('\n\n');
      const fields: Record<string, unknown> = { summary };
      if (typeof item.id === 'string') fields.id = item.id;
      if (typeof item.encrypted_content === 'string') fields.encrypted_content = item.encrypted_content;
      return [{ type: 'reasoning', text, extensions: { protocol: 'openai-responses', fields } }];
    }
    case 'function_call':
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string') throw invalid('a function_call without call_id or name');
      return [{ type: 'tool-call', id: item.call_id, name: callName(item), arguments: typeof item.arguments === 'string' ? item.arguments : '' }];
    case 'custom_tool_call':
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string') throw invalid('a custom_tool_call without call_id or name');
      return [{ type: 'tool-call', id: item.call_id, name: callName(item), arguments: customArguments(typeof item.input === 'string' ? item.input : '') }];
    default:
      return [{ type: 'native', protocol: 'openai-responses', block: item }];
  }
}

/** The canonical name of a call: a namespaced one flattened as its tool was (map-tool-names.ts). */
export function callName(item: Record<string, unknown>): string {
  return upstreamToolName(String(item.name), typeof item.namespace === 'string' ? item.namespace : undefined);
}
