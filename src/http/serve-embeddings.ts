import type { ClientProtocol } from '../core/chat-request.js';
import type { EmbeddingRequest } from '../core/embedding-request.js';
import type { EmbeddingResponse } from '../core/embedding-response.js';
import type { Gateway } from '../pipeline/gateway.js';
import { runEmbeddings, type EmbeddingsResult } from '../pipeline/run-embeddings.js';
import type { Exchange } from './exchange.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJson } from './send-response.js';
import { serveModelCall } from './serve-model-call.js';

/** How one client protocol reads an embedding request and writes the answer. */
export interface EmbeddingsCodec {
  protocol: ClientProtocol;
  parseRequest(body: unknown): EmbeddingRequest;
  renderResponse(res: EmbeddingResponse, result: EmbeddingsResult): Record<string, unknown>;
}

/** An embedding call on any protocol's endpoint (OpenAI `/v1/embeddings`, Gemini `:embedContent`): body → pipeline (run-embeddings.ts) → answer. */
export async function serveEmbeddings(gw: Gateway, ex: Exchange, codec: EmbeddingsCodec, keys: Array<string | undefined>): Promise<void> {
  await serveModelCall(gw, ex, codec.protocol, async (ctx) => {
    const result = await runEmbeddings(gw, ctx, keys, async () => {
      const raw = await readBody(ex.req, gw.config.maxBodyBytes);
      ctx.bodyBytes = raw.length;
      return codec.parseRequest(parseJsonBody(ex.req, raw));
    });
    sendJson(ex, 200, codec.renderResponse(result.response, result));
  });
}
