import type { ChatResponse } from '../core/chat-response.js';
import type { Protocol, RequestUrlParts, StreamFraming } from '../protocols/shared/protocol.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { runChat, type XChuizi } from '../pipeline/run-chat.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { Exchange } from './exchange.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJsonText } from './send-response.js';
import { serveModelCall } from './serve-model-call.js';
import { writeEventStream } from './write-event-stream.js';

/** What a front door's path says about the call beyond its body. */
export interface ChatCallOptions {
  /** Parts of the request the path carries (Gemini's model and stream). */
  url?: RequestUrlParts;
  /** How a stream is sent (Gemini without `alt=sse`: a JSON array). */
  framing?: StreamFraming;
  /** Reads the JSON body before the protocol does, once the key is known (the Responses store prepends a previous response's conversation). */
  prepare?: (body: unknown, ctx: RequestContext) => Promise<unknown>;
  /** Keeps a whole answer as the client receives it (`text`: the body as sent), before it is sent (the Responses store). */
  keep?: (rendered: Record<string, unknown>, text: string) => Promise<void>;
  /** Passes a stream's events through on their way to the client (the Responses store keeps the whole answer at its end). */
  tapStream?: (events: ReadableStream<StreamEvent>, trailer: () => XChuizi) => ReadableStream<StreamEvent>;
}

/** A model call on any protocol's chat endpoint: body → pipeline → response or stream (serve-model-call.ts: load shedding, errors, the log line). */
export async function serveChat(gw: Gateway, ex: Exchange, protocol: Protocol, keys: Array<string | undefined>, opts: ChatCallOptions = {}): Promise<void> {
  await serveModelCall(gw, ex, protocol.id, async (ctx) => {
    const result = await runChat(gw, ctx, keys, async () => {
      const raw = await readBody(ex.req, gw.config.maxBodyBytes);
      ctx.bodyBytes = raw.length;
      const body = parseJsonBody(ex.req, raw);
      return protocol.parseRequest(opts.prepare ? await opts.prepare(body, ctx) : body, opts.url);
    });
    // The public id the client sent; for `auto/*`, the model actually used.
    const model = ctx.routedModel ?? ctx.request?.model ?? '';
    const created = Math.floor(ex.startedAt / 1000);
    if (result.type === 'response') {
      noteForeignBlocks(result.response, protocol.id, ctx.warnings);
      const rendered = protocol.renderResponse(result.response, { id: ex.generationId, model, created, xChuizi: result.xChuizi });
      const text = JSON.stringify(rendered);
      await opts.keep?.(rendered, text);
      sendJsonText(ex, 200, text);
    } else {
      const { framing } = opts;
      const render = protocol.createRenderTransformer({ id: ex.generationId, model, created, trailer: result.trailer, promptTokens: ctx.promptTokens, framing });
      const events = opts.tapStream ? opts.tapStream(result.events, result.trailer) : result.events;
      await writeEventStream(ex, events, render, {}, framing);
    }
  });
}

/** Blocks of the answer only another protocol knows (Anthropic server-tool results for an OpenAI client) are not rendered: say so. */
function noteForeignBlocks(res: ChatResponse, protocol: RequestContext['protocol'], warnings: string[]): void {
  const types = new Set(res.choices.flatMap((c) => c.content.flatMap((p) => (p.type === 'native' && p.protocol !== protocol ? [`${p.protocol} block '${String(p.block.type)}'`] : []))));
  for (const t of types) warnings.push(`dropped unsupported ${t} in the response`);
}
