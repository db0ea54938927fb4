/**
 * OpenTelemetry tracing: the Node SDK, started by the API's entry point only when an OTLP endpoint is
 * configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). Unset, the SDK is
 * never even loaded: every span the code asks for is the API's no-op, and the request, procedure,
 * verification and statement hooks skip their work when the span under way is not recording.
 * The standard variables apply (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER,
 * OTEL_EXPORTER_OTLP_HEADERS / _PROTOCOL, OTEL_SDK_DISABLED…). Metrics are Prometheus (./metrics) and logs
 * pino on stdout, so the SDK exports traces only.
 */
import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

export interface Tracing {
  /** Exports the spans still buffered, then stops; the API's global tracer is a no-op again. */
  shutdown(): Promise<void>;
}

export function tracingRequested(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

function serviceNameIsSet(env: Record<string, string | undefined>): boolean {
  return Boolean(env.OTEL_SERVICE_NAME || env.OTEL_RESOURCE_ATTRIBUTES?.includes('service.name='));
}

/**
 * Registers the SDK globally. `spanProcessors` replaces the OTLP exporter (tests pass an in-memory one);
 * by default the SDK builds a batching OTLP exporter from the OTEL_* variables.
 */
export async function startTracing(
  spanProcessors?: NodeSDKConfiguration['spanProcessors'],
  env: Record<string, string | undefined> = process.env,
): Promise<Tracing> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  // A process (a test file) may start tracing more than once: the API refuses a second global otherwise.
  disableGlobals();
  const sdk = new NodeSDK({
    ...(serviceNameIsSet(env) ? {} : { serviceName: 'gatehouse-api' }),
    ...(spanProcessors ? { spanProcessors } : {}),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    async shutdown() {
      await sdk.shutdown();
      disableGlobals();
    },
  };
}

function disableGlobals(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Added to every log line written inside a traced request, so a line leads to its trace. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
