import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { StreamEvent } from '../core/stream-event.js';
import type { FnTransformer } from '../protocols/shared/fn-transformer.js';
import type { Usage } from '../core/usage.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { runChat, type XChuizi } from '../pipeline/run-chat.js';
import type { Exchange } from './exchange.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJson } from './send-response.js';
import { serveModelCall } from './serve-model-call.js';
import { writeEventStream } from './write-event-stream.js';

/** How one client protocol reads a chat request and writes the answer. */
export interface ChatCodec {
  protocol: RequestContext['protocol'];
  parseRequest(body: Record<string, unknown>, ex: Exchange): ChatRequest;
  renderResponse(res: ChatResponse, meta: { id: string; model: string; created: number; xChuizi: XChuizi }): Record<string, unknown>;
  createRenderTransformer(meta: { id: string; model: string; created: number; trailer: (usage: Usage) => Record<string, unknown>; promptTokens?: number }): FnTransformer<StreamEvent, string>;
}

/** A model call on any protocol's chat endpoint: body → pipeline → response or stream (serve-model-call.ts: load shedding, errors, the log line). */
export async function serveChat(gw: Gateway, ex: Exchange, codec: ChatCodec, keys: Array<string | undefined>): Promise<void> {
  await serveModelCall(gw, ex, codec.protocol, async (ctx) => {
    const result = await runChat(gw, ctx, keys, async () => {
      const raw = await readBody(ex.req, gw.config.maxBodyBytes);
      ctx.bodyBytes = raw.length;
      return codec.parseRequest(parseJsonBody(ex.req, raw), ex);
    });
    // The public id the client sent; for `auto/*`, the model actually used.
    const model = ctx.routedModel ?? ctx.request?.model ?? '';
    const created = Math.floor(ex.startedAt / 1000);
    if (result.type === 'response') {
      noteForeignBlocks(result.response, codec.protocol, ctx.warnings);
      sendJson(ex, 200, codec.renderResponse(result.response, { id: ex.generationId, model, created, xChuizi: result.xChuizi }));
    } else {
      await writeEventStream(ex, result.events, codec.createRenderTransformer({ id: ex.generationId, model, created, trailer: result.trailer, promptTokens: ctx.promptTokens }));
    }
  });
}

/** Blocks of the answer only another protocol knows (Anthropic server-tool results for an OpenAI client) are not rendered: say so. */
function noteForeignBlocks(res: ChatResponse, protocol: RequestContext['protocol'], warnings: string[]): void {
  const types = new Set(res.choices.flatMap((c) => c.content.flatMap((p) => (p.type === 'native' && p.protocol !== protocol ? [`${p.protocol} block '${String(p.block.type)}'`] : []))));
  for (const t of types) warnings.push(`dropped unsupported ${t} in the response`);
}
