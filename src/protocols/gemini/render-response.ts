import type { ChatResponse } from '../../core/index.js';
import type { RenderResponseMeta } from '../shared/protocol.js';
import { renderFinishReason } from './map-finish-reason.js';
import { renderUsage } from './map-usage.js';
import { renderParts } from './render-parts.js';

export type { RenderResponseMeta };

type Json = Record<string, unknown>;

/**
 * The canonical response → the `GenerateContentResponse` a Gemini client receives: one candidate
 * per choice (reasoning as `thought` parts, tool calls as `functionCall` with their ids, each
 * part's thoughtSignature put back), `usageMetadata`, `modelVersion` = the public model id the
 * client called, `responseId` = the generation id. Blocks only another protocol knows are left
 * out (http/serve-chat.ts warns about them).
 */
export function renderResponse(res: ChatResponse, meta: Pick<RenderResponseMeta, 'id' | 'model'>): Json {
  const ctx = { callNames: new Map<string, string>(), forClient: true, drop: () => undefined };
  const candidates = res.choices.map((c) => {
    const parts = renderParts(c.content, ctx);
    return { content: { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] }, finishReason: renderFinishReason(c.finishReason), index: c.index };
  });
  return { candidates, usageMetadata: renderUsage(res.usage), modelVersion: meta.model, responseId: meta.id };
}
