import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { MetricFamily } from './metric-family.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { CallObserver } from '../pipeline/call-observer.js';
import type { RequestContext } from '../pipeline/request-context.js';
import { stateOf, type BreakerState } from '../routing/breaker.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const STATES: BreakerState[] = ['healthy', 'degraded', 'half_open', 'down', 'throttled'];
/** Money units (1e-8 USD) → USD, for metrics only (floats are fine on a dashboard, never in a balance). */
const USD = 1e-8;
/** HTTP status → label, without a string conversion per call for the common ones. */
const STATUS_LABELS = new Map([200, 400, 401, 402, 403, 404, 408, 413, 429, 499, 500, 502, 503, 504].map((s) => [s, String(s)]));
const statusLabel = (status: number): string => STATUS_LABELS.get(status) ?? String(status);

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

  const family = (type: 'counter' | 'histogram', name: string, help: string, labelNames: readonly string[], buckets?: readonly number[]) => new MetricFamily(registry, { type, name, help, labelNames, buckets });
  const requests = family('counter', 'chuizi_requests_total', 'Model calls answered, by client protocol, model, provider and HTTP status', ['protocol', 'model', 'provider', 'status']);
  const total = family('histogram', 'chuizi_request_duration_seconds', 'Total time of a model call, from arrival to the end of the answer', ['protocol', 'model'], DURATION_BUCKETS);
  const upstream = family('histogram', 'chuizi_upstream_duration_seconds', 'Time a model call spent in upstream attempts (all of them, failed ones included)', ['provider', 'model'], DURATION_BUCKETS);
  const overhead = family('histogram', 'chuizi_gateway_overhead_seconds', 'Time the gateway added to a call that reached an upstream: total minus upstream time', ['protocol'], OVERHEAD_BUCKETS);
  const ttft = family('histogram', 'chuizi_time_to_first_token_seconds', 'Streamed calls: time from arrival to the first output token (the stream commit point)', ['provider', 'model'], DURATION_BUCKETS);
  const attempts = family('counter', 'chuizi_upstream_attempts_total', 'Upstream attempts by provider and outcome (success, failure, throttled, abandoned)', ['provider', 'outcome']);
  const tokens = family('counter', 'chuizi_tokens_total', 'Tokens billed, by model and class (input, output, cache_read, cache_write, reasoning)', ['model', 'class']);
  const cost = family('counter', 'chuizi_cost_usd_total', 'Cost charged to wallets, USD (markup included)', ['model']);
  const upstreamCost = family('counter', 'chuizi_upstream_cost_usd_total', 'Upstream cost of the calls charged, USD (before markup)', ['model']);
  const rejections = family('counter', 'chuizi_limit_rejections_total', 'Requests refused by a limit, by layer (key_rpm, account_rpm, model_rpm, concurrency, balance, daily_limit, overload)', ['layer']);
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

  // What each running call's hold reserved (ctx.heldAmount, set by hold.ts before `held`),
  // given back at its settlement (exactly once per hold).
  const observer: Partial<CallObserver> = {
    held(ctx) {
      heldUnits += ctx.heldAmount ?? 0;
    },
    attemptEnded(_ctx, a) {
      attempts.add(1, providerLabel(a.providerId), a.outcome);
    },
    firstToken(ctx, at) {
      ttft.observe((at - ctx.startedAt) / 1000, providerLabel(ctx.providerId), modelLabel(ctx));
    },
    settled(ctx, s) {
      heldUnits -= ctx.heldAmount ?? 0;
      const model = modelLabel(ctx);
      const u = s.outcome.usage;
      if (u.inputTokens) tokens.add(u.inputTokens, model, 'input');
      if (u.outputTokens) tokens.add(u.outputTokens, model, 'output');
      if (u.cacheReadTokens) tokens.add(u.cacheReadTokens, model, 'cache_read');
      if (u.cacheWriteTokens) tokens.add(u.cacheWriteTokens, model, 'cache_write');
      if (u.reasoningTokens) tokens.add(u.reasoningTokens, model, 'reasoning');
      if (s.cost.cost) cost.add(s.cost.cost * USD, model);
      if (s.cost.upstreamCost) upstreamCost.add(s.cost.upstreamCost * USD, model);
    },
    responseEnded(ctx, r) {
      const model = modelLabel(ctx);
      const provider = providerLabel(ctx.providerId);
      requests.add(1, ctx.protocol, model, provider, statusLabel(r.status));
      const seconds = (r.endedAt - ctx.startedAt) / 1000;
      total.observe(seconds, ctx.protocol, model);
      if (ctx.upstreamMs === undefined) return;
      upstream.observe(ctx.upstreamMs / 1000, provider, model);
      overhead.observe(Math.max(0, seconds - ctx.upstreamMs / 1000), ctx.protocol);
    },
    limited(layer) {
      rejections.add(1, layer);
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
