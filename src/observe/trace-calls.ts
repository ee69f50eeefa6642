import type * as Api from '@opentelemetry/api';
import type { Tracer, Attributes, TextMapPropagator } from '@opentelemetry/api';
import type { GatewayConfig, ProviderProtocol } from '../config/gateway-config.js';
import type { AttemptReport, CallObserver, ResponseReport, SettlementReport } from '../pipeline/call-observer.js';
import type { RequestContext } from '../pipeline/request-context.js';

/** `gen_ai.system` / `gen_ai.provider.name` of each upstream protocol (OpenTelemetry GenAI semantic conventions). */
const SYSTEM: Record<ProviderProtocol, string> = { openai: 'openai', 'openai-responses': 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini', mock: 'chuizi.mock' };

/** What a call's span needs beyond its context (which holds the hold, `heldAmount`, and the first token's time, `firstTokenAt`). */
interface CallTrace {
  attempts: AttemptReport[];
  settled?: SettlementReport;
  response?: ResponseReport;
}

/**
 * The call observer's tracing subscriber: one SERVER span per model call (`chat {model}`) with
 * one CLIENT child span per upstream attempt, following the OpenTelemetry GenAI semantic
 * conventions (`gen_ai.operation.name`, `gen_ai.system`, `gen_ai.provider.name`,
 * `gen_ai.request.*`, `gen_ai.response.model`, `gen_ai.response.id`,
 * `gen_ai.response.finish_reasons`, `gen_ai.usage.input_tokens` / `output_tokens`) plus
 * `chuizi.*` attributes (generation id, cost). Spans are built once the call is over (its answer
 * written and, when it held money, settled) with the recorded start and end times; a
 * `traceparent` header from the client makes the call a child of the client's trace. No key,
 * account id, prompt or completion text is ever an attribute.
 */
export function traceCalls(tracer: Tracer, api: typeof Api, propagator: TextMapPropagator, config: GatewayConfig): Partial<CallObserver> {
  const calls = new WeakMap<RequestContext, CallTrace>();
  const of = (ctx: RequestContext): CallTrace => {
    let t = calls.get(ctx);
    if (!t) calls.set(ctx, (t = { attempts: [] }));
    return t;
  };
  const systemOf = (providerId: string | undefined): string | undefined => {
    const p = providerId === undefined ? undefined : config.providers.get(providerId);
    return p && SYSTEM[p.protocol];
  };
  const getter: Api.TextMapGetter<RequestContext['headers']> = {
    keys: (h) => Object.keys(h),
    get: (h, k) => h[k],
  };

  const finish = (ctx: RequestContext, t: CallTrace): void => {
    const r = t.response;
    if (!r || (ctx.heldAmount !== undefined && !t.settled)) return;
    calls.delete(ctx);
    const requested = ctx.request?.model ?? 'unknown';
    const parent = propagator.extract(api.ROOT_CONTEXT, ctx.headers, getter);
    const last = t.attempts.at(-1);
    const attrs: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': requested,
      'chuizi.generation_id': ctx.generationId,
      'chuizi.request_id': ctx.requestId,
      'chuizi.client_protocol': ctx.protocol,
      'http.response.status_code': r.status,
    };
    const system = systemOf(ctx.providerId);
    if (system) Object.assign(attrs, { 'gen_ai.system': system, 'gen_ai.provider.name': system });
    if (ctx.model) attrs['chuizi.model'] = ctx.model.id;
    if (ctx.providerId) attrs['chuizi.provider'] = ctx.providerId;
    const req = ctx.request;
    if (req?.maxOutputTokens !== undefined) attrs['gen_ai.request.max_tokens'] = req.maxOutputTokens;
    if (req?.temperature !== undefined) attrs['gen_ai.request.temperature'] = req.temperature;
    if (req?.topP !== undefined) attrs['gen_ai.request.top_p'] = req.topP;
    if (req?.stream !== undefined) attrs['chuizi.streamed'] = req.stream;
    if (last?.outcome === 'success') Object.assign(attrs, { 'gen_ai.response.model': last.upstreamModel, 'gen_ai.response.id': ctx.generationId });
    const s = t.settled;
    if (s) {
      const u = s.outcome.usage;
      if (u.inputTokens !== undefined) attrs['gen_ai.usage.input_tokens'] = u.inputTokens;
      if (u.outputTokens !== undefined) attrs['gen_ai.usage.output_tokens'] = u.outputTokens;
      if (u.cacheReadTokens !== undefined) attrs['gen_ai.usage.cache_read.input_tokens'] = u.cacheReadTokens;
      if (u.cacheWriteTokens !== undefined) attrs['gen_ai.usage.cache_creation.input_tokens'] = u.cacheWriteTokens;
      if (s.outcome.finishReason) attrs['gen_ai.response.finish_reasons'] = [s.outcome.finishReason];
      attrs['chuizi.cost_usd'] = s.cost.cost / 1e8;
      attrs['chuizi.status'] = s.outcome.status;
    }
    if (r.errorReason) attrs['error.type'] = r.errorReason;
    const span = tracer.startSpan(`chat ${requested}`, { kind: api.SpanKind.SERVER, startTime: ctx.startedAt, attributes: attrs }, parent);
    if (ctx.firstTokenAt !== undefined) span.addEvent('gen_ai.first_token', ctx.firstTokenAt);
    if (r.status >= 400) span.setStatus({ code: api.SpanStatusCode.ERROR, message: r.errorReason });
    const inner = api.trace.setSpan(parent, span);
    for (const a of t.attempts) {
      const sys = systemOf(a.providerId);
      const child = tracer.startSpan(
        `chat ${a.upstreamModel}`,
        {
          kind: api.SpanKind.CLIENT,
          startTime: a.sentAt,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': a.upstreamModel,
            ...(sys ? { 'gen_ai.system': sys, 'gen_ai.provider.name': sys } : {}),
            'chuizi.provider': a.providerId,
            'chuizi.attempt.outcome': a.outcome,
            ...(a.outcome === 'success' ? { 'gen_ai.response.model': a.upstreamModel } : {}),
            ...(a.error ? { 'error.type': a.error.upstreamStatus !== undefined ? String(a.error.upstreamStatus) : a.error.reason } : {}),
          },
        },
        inner,
      );
      if (a.outcome === 'failure' || a.outcome === 'throttled') child.setStatus({ code: api.SpanStatusCode.ERROR, message: a.error?.reason });
      child.end(a.endedAt);
    }
    span.end(Math.max(r.endedAt, ctx.startedAt));
  };

  return {
    attemptEnded(ctx, a) {
      of(ctx).attempts.push(a);
    },
    settled(ctx, s) {
      const t = of(ctx);
      t.settled = s;
      finish(ctx, t);
    },
    responseEnded(ctx, r) {
      const t = of(ctx);
      t.response = r;
      finish(ctx, t);
    },
  };
}
