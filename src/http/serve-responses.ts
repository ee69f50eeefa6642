import type { ChatRequest } from '../core/chat-request.js';
import { GatewayError } from '../core/gateway-error.js';
import type { StreamEvent } from '../core/stream-event.js';
import { openaiResponses, mapToolNames, StreamOutput } from '../protocols/openai-responses/index.js';
import { isRecord } from '../protocols/shared/is-record.js';
import type { Protocol } from '../protocols/shared/protocol.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { keyCandidates } from '../pipeline/authenticate.js';
import type { XChuizi } from '../pipeline/run-chat.js';
import { RESPONSE_MAX_BYTES, RESPONSE_RETENTION_MS } from '../store/response-retention.js';
import type { Exchange } from './exchange.js';
import { serveChat } from './serve-chat.js';

/** The id a Responses client sees for a generation: `resp_` + the generation id's body. */
export function responseIdOf(generationId: string): string {
  return `resp_${generationId.replace(/^gen-/, '')}`;
}

/**
 * `POST /v1/responses`: the chat pipeline with the Responses protocol, plus what that API adds
 * around it —
 * - `previous_response_id`: the kept conversation of that response (the caller's account only;
 *   any other id is a 404) is prepended to `input`;
 * - the answer is kept (unless `store: false`, as Codex sends) for the next turn and for
 *   `GET /v1/responses/{id}`, for RESPONSE_RETENTION_MS, while it fits in RESPONSE_MAX_BYTES and
 *   one request body — a stream's when it ends, before its last event is sent, so a client that
 *   continues at once finds it;
 * - hosted tools (web_search, …) are dropped with an `x-chuizi-warnings` entry unless a Responses
 *   upstream (which runs them) served the call.
 */
export function serveResponses(gw: Gateway, ex: Exchange): Promise<void> {
  const responseId = responseIdOf(ex.generationId);
  let parsed: ChatRequest | undefined;
  let conversation: unknown[] = [];
  let keep = false;
  let call: RequestContext | undefined;
  let hostedWarnings: string[] = [];
  /** Before the answer's headers: hosted tools were dropped unless a Responses upstream served the call (it runs them). */
  const noteHostedTools = () => {
    const served = call?.providerId !== undefined ? gw.config.providers.get(call.providerId)?.protocol : undefined;
    if (served !== 'openai-responses') ex.warnings.push(...hostedWarnings);
    hostedWarnings = [];
  };

  const protocol: Protocol = {
    ...openaiResponses,
    parseRequest(body) {
      parsed = openaiResponses.parseRequest(body);
      hostedWarnings = hostedToolWarnings(body);
      return parsed;
    },
    renderResponse: (res, meta) => openaiResponses.renderResponse(res, { ...meta, id: responseId, request: parsed }),
    createRenderTransformer: (meta) => openaiResponses.createRenderTransformer({ ...meta, id: responseId, request: parsed }),
  };

  const prepare = async (body: unknown, ctx: RequestContext): Promise<unknown> => {
    call = ctx;
    if (!isRecord(body)) return body; // the protocol's parser answers 400
    const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : body.input;
    if (!Array.isArray(input)) return body;
    const key = ctx.key;
    const store = gw.store.responses;
    keep = body.store !== false && store !== undefined && key !== undefined;
    const previous = body.previous_response_id;
    if (previous == null) {
      conversation = input;
      return body;
    }
    if (typeof previous !== 'string' || previous === '') return body; // the parser names the field
    if (!store) throw new GatewayError('validation_error', 'previous_response_id is not supported: this gateway keeps no responses', { param: 'previous_response_id' });
    const record = key ? await store.get(previous, key.accountId, gw.now()) : null;
    if (!record) throw new GatewayError('not_found', `Previous response with id '${previous.slice(0, 80)}' not found.`, { param: 'previous_response_id' });
    const before = JSON.parse(record.conversation) as unknown[];
    const answer = JSON.parse(record.response) as { output?: unknown[] };
    conversation = [...before, ...(answer.output ?? []), ...input];
    return { ...body, input: conversation };
  };

  const keepAnswer = async (rendered: Record<string, unknown>, text: string): Promise<void> => {
    noteHostedTools();
    await save(rendered, text);
  };

  /** `responseText`: the answer as sent (serialised once, for the client and the store). */
  const save = async (rendered: Record<string, unknown>, responseText: string): Promise<void> => {
    const store = gw.store.responses;
    const key = call?.key;
    if (!keep || !store || !key || rendered.status === 'failed') return;
    const text = { conversation: JSON.stringify(conversation), response: responseText };
    const bytes = Buffer.byteLength(text.conversation) + Buffer.byteLength(text.response);
    if (bytes > Math.min(RESPONSE_MAX_BYTES, gw.config.maxBodyBytes)) {
      ex.warnings.push(`response not stored: the conversation (${bytes} bytes) is larger than the gateway keeps`);
      gw.log.info({ requestId: ex.requestId, generationId: ex.generationId, bytes }, 'response not stored: too large');
      return;
    }
    const now = gw.now();
    try {
      await store.put({ id: responseId, accountId: key.accountId, keyId: key.id, ...text, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + RESPONSE_RETENTION_MS).toISOString() });
    } catch (err) {
      // The answer was paid for: it is still delivered; only the next turn's previous_response_id will miss it.
      gw.log.error({ requestId: ex.requestId, generationId: ex.generationId, err: String(err) }, 'storing the response failed');
    }
  };

  const tapStream = (events: ReadableStream<StreamEvent>, trailer: () => XChuizi): ReadableStream<StreamEvent> => {
    noteHostedTools();
    if (!keep) return events;
    const output = new StreamOutput();
    let failed = false;
    return events.pipeThrough(
      new TransformStream<StreamEvent, StreamEvent>({
        transform(event, controller) {
          if (event.type === 'error') failed = true;
          output.add(event);
          controller.enqueue(event);
        },
        async flush() {
          if (failed) return;
          const model = call?.routedModel ?? parsed?.model ?? ''; // as serve-chat names it
          const rendered = openaiResponses.renderResponse(output.response(), { id: responseId, model, created: Math.floor(ex.startedAt / 1000), request: parsed, xChuizi: trailer() });
          await save(rendered, JSON.stringify(rendered));
        },
      }),
    );
  };

  return serveChat(gw, ex, protocol, keyCandidates(ex.req.headers), { prepare, keep: keepAnswer, tapStream });
}

/** What dropping the request's hosted tools means for an upstream that cannot run them. */
function hostedToolWarnings(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const warnings = [...new Set(mapToolNames(Array.isArray(body.tools) ? body.tools : []).hosted)].map((type) => `dropped hosted tool '${type}': the upstream does not run it`);
  const choice = body.tool_choice;
  if (isRecord(choice) && !['function', 'custom', 'allowed_tools'].includes(String(choice.type))) warnings.push(`tool_choice '${String(choice.type)}' sent as 'auto': the hosted tool is dropped`);
  return warnings;
}
