import type { Gateway } from '../pipeline/gateway.js';
import { runEmbeddings } from '../pipeline/run-embeddings.js';
import { openaiEmbeddings } from '../protocols/openai-embeddings/index.js';
import type { Exchange } from './exchange.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJson } from './send-response.js';
import { serveModelCall } from './serve-model-call.js';

/** `POST /v1/embeddings`: body → pipeline (run-embeddings.ts) → the OpenAI embeddings list. */
export async function serveEmbeddings(gw: Gateway, ex: Exchange, keys: Array<string | undefined>): Promise<void> {
  await serveModelCall(gw, ex, 'openai', async (ctx) => {
    const result = await runEmbeddings(gw, ctx, keys, async () => {
      const raw = await readBody(ex.req, gw.config.maxBodyBytes);
      ctx.bodyBytes = raw.length;
      return openaiEmbeddings.parseRequest(parseJsonBody(ex.req, raw));
    });
    const { model, encodingFormat } = result.request;
    sendJson(ex, 200, openaiEmbeddings.renderResponse(result.response, { model, encodingFormat, inputTokens: result.inputTokens, xChuizi: result.xChuizi }));
  });
}
