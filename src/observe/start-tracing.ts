import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { CallObserver } from '../pipeline/call-observer.js';
import { traceCalls } from './trace-calls.js';

export interface Tracing {
  /** The call observer's tracing subscriber. */
  observer: Partial<CallObserver>;
  /** Flushes the spans not yet exported, then stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces over OTLP/HTTP (JSON), on only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and `OTEL_SDK_DISABLED` is not `true`. Off, the
 * SDK is never loaded and nothing subscribes: tracing costs nothing. The exporter reads the
 * standard OTEL_EXPORTER_OTLP_* variables (headers, timeout); `OTEL_SERVICE_NAME` names the
 * service (default `chuizi-gateway`). Spans are batched (OTEL_BSP_* variables) and flushed at
 * shutdown.
 */
export async function startTracing(env: NodeJS.ProcessEnv, config: GatewayConfig, log: Logger): Promise<Tracing | undefined> {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, api, { W3CTraceContextPropagator }] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
  ]);
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'chuizi-gateway' }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  const tracer = provider.getTracer('chuizi-gateway');
  log.info({ endpoint: url }, 'tracing to OTLP');
  return {
    observer: traceCalls(tracer, api, new W3CTraceContextPropagator(), config),
    shutdown: () => provider.shutdown().catch((err) => log.warn({ err: String(err) }, 'flushing traces failed')),
  };
}
