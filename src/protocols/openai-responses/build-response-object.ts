import type { ChatRequest, FinishReason, Usage } from '../../core/index.js';
import { mapToolNames, type ResponsesToolName } from './map-tool-names.js';
import { renderStatus } from './map-status.js';
import { renderUsage } from './map-usage.js';

/** What a Responses answer needs to know of its call. */
export interface ResponseMeta {
  /** The response id (`resp_…`). */
  id: string;
  /** The public model id the client sent. */
  model: string;
  /** Epoch seconds. */
  created: number;
  /** The request as the gateway parsed it: its echoed fields and its client tool names. */
  request?: ChatRequest;
}

type Json = Record<string, unknown>;

/** The client's own fields of the request (kept verbatim by parse-request), for the echo. */
export function echoedFields(req: ChatRequest | undefined): Json {
  return req?.extensions?.protocol === 'openai-responses' ? req.extensions.fields : {};
}

/** Upstream tool name → the client's tool (namespaced, custom), from the request's own tools. */
export function clientToolNames(req: ChatRequest | undefined): Map<string, ResponsesToolName> {
  const tools = echoedFields(req).tools;
  return mapToolNames(Array.isArray(tools) ? tools : []).names;
}

/**
 * The Responses `response` object around `output`: the request's settings echoed as OpenAI
 * does (instructions, tools, tool_choice, text, reasoning, store, …), the status from the
 * finish reason, and the usage — null while in progress (`finish` undefined and no usage).
 */
export function buildResponseObject(meta: ResponseMeta, output: Json[], state: { finish?: FinishReason; usage?: Usage; inProgress?: boolean; error?: Json }): Json {
  const e = echoedFields(meta.request);
  const req = meta.request;
  const { status, incompleteDetails } = state.error ? { status: 'failed', incompleteDetails: null } : state.inProgress ? { status: 'in_progress', incompleteDetails: null } : renderStatus(state.finish);
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status,
    error: state.error ?? null,
    incomplete_details: incompleteDetails,
    instructions: e.instructions ?? null,
    max_output_tokens: req?.maxOutputTokens ?? null,
    model: meta.model,
    output,
    parallel_tool_calls: req?.parallelToolCalls ?? true,
    previous_response_id: e.previous_response_id ?? null,
    reasoning: e.reasoning ?? { effort: null, summary: null },
    store: e.store ?? true,
    temperature: req?.temperature ?? 1,
    text: e.text ?? { format: { type: 'text' } },
    tool_choice: e.tool_choice ?? 'auto',
    tools: e.tools ?? [],
    top_p: req?.topP ?? 1,
    truncation: 'disabled',
    usage: state.usage && !state.inProgress ? renderUsage(state.usage) : null,
    user: req?.user ?? null,
    metadata: e.metadata ?? {},
  };
}
