import type { Logger } from 'pino';
import type { CallObserver } from '../pipeline/call-observer.js';

/**
 * The call observer's log subscriber: one `model call` line per call (ids, model, provider,
 * status, total and upstream ms, time to first token — never a key or any text) and one
 * `upstream attempt failed` warning per failed attempt.
 */
export function logCalls(log: Logger): Partial<CallObserver> {
  return {
    attemptEnded(ctx, a) {
      if (a.outcome === 'success' || a.outcome === 'abandoned') return;
      const e = a.error;
      log.warn({ requestId: ctx.requestId, generationId: ctx.generationId, provider: a.providerId, reason: e?.reason ?? 'stream_error', upstreamStatus: e?.upstreamStatus, detail: e?.detail }, 'upstream attempt failed');
    },
    responseEnded(ctx, r) {
      log[r.status >= 500 ? 'warn' : 'info'](
        {
          requestId: ctx.requestId,
          generationId: ctx.generationId,
          keyId: ctx.key?.id,
          model: ctx.model?.id,
          provider: ctx.providerId,
          stream: ctx.request?.stream,
          status: r.status,
          ...(r.errorReason !== undefined ? { reason: r.errorReason } : {}),
          ms: r.endedAt - ctx.startedAt,
          ...(ctx.upstreamMs !== undefined ? { upstreamMs: ctx.upstreamMs } : {}),
          ...(ctx.firstTokenAt !== undefined ? { ttftMs: ctx.firstTokenAt - ctx.startedAt } : {}),
        },
        'model call',
      );
    },
  };
}
