import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Gateway } from '../pipeline/gateway.js';
import type { CallObserver } from '../pipeline/call-observer.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { estimateHold } from '../billing/estimate-hold.js';
import { stateOf, type BreakerState } from '../routing/breaker.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const STATES: BreakerState[] = ['healthy', 'degraded', 'half_open', 'down', 'throttled'];
/** Money units (1e-8 USD) → USD, for metrics only (floats are fine on a dashboard, never in a balance). */
const USD = 1e-8;

export interface GatewayMetrics {
  registry: Registry;
  /** The call observer's metrics subscriber. */
  observer: Partial<CallObserver>;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  contentType: string;
}

/**
 * The gateway's Prometheus metrics (README, "Metrics"), fed by the call observer and, at
 * scrape time, by the gateway's own state (in-flight calls, holds, breakers). Labels are
 * bounded: protocol, status and provider come from fixed or configured sets; `model` is a
 * configured model id (`other` for anything else, `none` before a model was resolved); no key
 * or account ids. Node's default metrics (event-loop delay, GC, memory) are included.
 */
export function createMetrics(gw: Pick<Gateway, 'config' | 'health' | 'calls' | 'inflight' | 'now'>): GatewayMetrics {
  const registry = new Registry();
  processMetrics(); // start sampling the event loop now, not at the first scrape
  const known = new Set(gw.config.models.map((m) => m.id));
  const modelLabel = (ctx: RequestContext): string => (ctx.model === undefined ? 'none' : known.has(ctx.model.id) ? ctx.model.id : 'other');
  const providerLabel = (id: string | undefined): string => (id === undefined ? 'none' : gw.config.providers.has(id) ? id : 'other');

  const requests = new Counter({ name: 'chuizi_requests_total', help: 'Model calls answered, by client protocol, model, provider and HTTP status', labelNames: ['protocol', 'model', 'provider', 'status'] as const, registers: [registry] });
  const total = new Histogram({ name: 'chuizi_request_duration_seconds', help: 'Total time of a model call, from arrival to the end of the answer', labelNames: ['protocol', 'model'] as const, buckets: DURATION_BUCKETS, registers: [registry] });
  const upstream = new Histogram({ name: 'chuizi_upstream_duration_seconds', help: 'Time a model call spent in upstream attempts (all of them, failed ones included)', labelNames: ['provider', 'model'] as const, buckets: DURATION_BUCKETS, registers: [registry] });
  const overhead = new Histogram({ name: 'chuizi_gateway_overhead_seconds', help: 'Time the gateway added to a call that reached an upstream: total minus upstream time', labelNames: ['protocol'] as const, buckets: OVERHEAD_BUCKETS, registers: [registry] });
  const ttft = new Histogram({ name: 'chuizi_time_to_first_token_seconds', help: 'Streamed calls: time from arrival to the first output token (the stream commit point)', labelNames: ['provider', 'model'] as const, buckets: DURATION_BUCKETS, registers: [registry] });
  const attempts = new Counter({ name: 'chuizi_upstream_attempts_total', help: 'Upstream attempts by provider and outcome (success, failure, throttled, abandoned)', labelNames: ['provider', 'outcome'] as const, registers: [registry] });
  const tokens = new Counter({ name: 'chuizi_tokens_total', help: 'Tokens billed, by model and class (input, output, cache_read, cache_write, reasoning)', labelNames: ['model', 'class'] as const, registers: [registry] });
  const cost = new Counter({ name: 'chuizi_cost_usd_total', help: 'Cost charged to wallets, USD (markup included)', labelNames: ['model'] as const, registers: [registry] });
  const upstreamCost = new Counter({ name: 'chuizi_upstream_cost_usd_total', help: 'Upstream cost of the calls charged, USD (before markup)', labelNames: ['model'] as const, registers: [registry] });
  const rejections = new Counter({ name: 'chuizi_limit_rejections_total', help: 'Requests refused by a limit, by layer (key_rpm, account_rpm, model_rpm, concurrency, balance, daily_limit, overload)', labelNames: ['layer'] as const, registers: [registry] });
  let heldUnits = 0;
  new Gauge({ name: 'chuizi_holds_active', help: 'Holds of this process whose call is still running', registers: [registry], collect() { this.set(gw.inflight.size); } });
  new Gauge({ name: 'chuizi_held_usd', help: 'Amount held by the running calls of this process, USD', registers: [registry], collect() { this.set(heldUnits * USD); } });
  new Gauge({ name: 'chuizi_inflight_requests', help: 'Model calls in flight in this process', registers: [registry], collect() { this.set(gw.calls.active); } });
  new Gauge({
    name: 'chuizi_breaker_state',
    help: 'Circuit breaker state of each route target seen so far: 1 for its current state, 0 for the others',
    labelNames: ['provider', 'upstream_model', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const now = gw.now();
      for (const [key, health] of gw.health.snapshot()) {
        const [provider, upstreamModel] = key.split('\u0000');
        const current = stateOf(health, now);
        for (const state of STATES) this.set({ provider: providerLabel(provider), upstream_model: upstreamModel, state }, state === current ? 1 : 0);
      }
    },
  });

  /** What the call's hold reserved: recomputed from what the hold step priced (hold.ts). */
  const heldAmount = (ctx: RequestContext): number => (ctx.heldTokens && ctx.model ? estimateHold(ctx.heldTokens.inputTokens, ctx.heldTokens.outputTokens, ctx.model.price, ctx.model.markup) : 0);

  const observer: Partial<CallObserver> = {
    held(ctx) {
      heldUnits += heldAmount(ctx);
    },
    attemptEnded(_ctx, a) {
      attempts.inc({ provider: providerLabel(a.providerId), outcome: a.outcome });
    },
    firstToken(ctx, at) {
      ttft.observe({ provider: providerLabel(ctx.providerId), model: modelLabel(ctx) }, (at - ctx.startedAt) / 1000);
    },
    settled(ctx, s) {
      heldUnits = Math.max(0, heldUnits - heldAmount(ctx));
      const model = modelLabel(ctx);
      const u = s.outcome.usage;
      if (u.inputTokens) tokens.inc({ model, class: 'input' }, u.inputTokens);
      if (u.outputTokens) tokens.inc({ model, class: 'output' }, u.outputTokens);
      if (u.cacheReadTokens) tokens.inc({ model, class: 'cache_read' }, u.cacheReadTokens);
      if (u.cacheWriteTokens) tokens.inc({ model, class: 'cache_write' }, u.cacheWriteTokens);
      if (u.reasoningTokens) tokens.inc({ model, class: 'reasoning' }, u.reasoningTokens);
      if (s.cost.cost) cost.inc({ model }, s.cost.cost * USD);
      if (s.cost.upstreamCost) upstreamCost.inc({ model }, s.cost.upstreamCost * USD);
    },
    responseEnded(ctx, r) {
      const model = modelLabel(ctx);
      requests.inc({ protocol: ctx.protocol, model, provider: providerLabel(ctx.providerId), status: String(r.status) });
      const seconds = (r.endedAt - ctx.startedAt) / 1000;
      total.observe({ protocol: ctx.protocol, model }, seconds);
      if (ctx.upstreamMs === undefined) return;
      upstream.observe({ provider: providerLabel(ctx.providerId), model }, ctx.upstreamMs / 1000);
      overhead.observe({ protocol: ctx.protocol }, Math.max(0, seconds - ctx.upstreamMs / 1000));
    },
    limited(layer) {
      rejections.inc({ layer });
    },
  };
  return { registry, observer, render: async () => (await processMetrics().metrics()) + (await registry.metrics()), contentType: registry.contentType };
}

let defaults: Registry | undefined;

/** Node's default metrics (event-loop delay, GC, heap, CPU): one set per process, however many gateways it runs (tests). */
function processMetrics(): Registry {
  if (!defaults) {
    defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
  }
  return defaults;
}
