import type { ChatResponse } from '../../core/index.js';
import { buildResponseObject, clientToolNames, type ResponseMeta } from './build-response-object.js';
import { renderOutputItems } from './render-output-items.js';

export interface RenderResponseMeta extends ResponseMeta {
  /** The gateway's `x_chuizi` (generation id, latency, cost). */
  xChuizi?: Record<string, unknown>;
}

/**
 * The canonical ChatResponse → the `response` object a Responses client receives (first
 * choice: the Responses API has no `n`). Output items as render-output-items.ts builds them;
 * the request's settings echoed; `x_chuizi` added.
 */
export function renderResponse(res: ChatResponse, meta: RenderResponseMeta): Record<string, unknown> {
  const choice = res.choices[0];
  const output = renderOutputItems(choice?.content ?? [], meta.id, clientToolNames(meta.request));
  const body = buildResponseObject(meta, output, { finish: choice?.finishReason, usage: res.usage });
  if (meta.xChuizi) body.x_chuizi = meta.xChuizi;
  return body;
}
