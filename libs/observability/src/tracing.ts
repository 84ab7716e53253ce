import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What the Temporal interceptors need of the process's tracing (the worker's workflow span sink). */
export interface Tracing {
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** Whether traces are exported: only with an OTLP endpoint configured (OpenTelemetry's own variables). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The process's tracing, once startTracing has run with an endpoint; undefined when traces are off. */
export function tracing(): Tracing | undefined {
  return current;
}

/**
 * OpenTelemetry traces over OTLP/HTTP (JSON), when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set; else
 * nothing is installed and the API's global no-op tracer stays (no overhead). Must run before `http` and `pg` are
 * loaded (first import of main.ts): their instrumentations patch the modules as they are required. Spans: incoming
 * and outgoing HTTP, every PostgreSQL query (statement text without values), and, through Temporal's interceptors
 * (libs/temporal, the worker), the Update, the workflow task and the activity.
 */
export function startTracing(serviceName: 'avrr-api' | 'avrr-worker', env = process.env): Tracing | undefined {
  if (current || !tracingConfigured(env)) return current;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  // The exporter reads the endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would be most of the traces and say nothing.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
        // The exporter's own requests to the collector are not traced.
        ignoreOutgoingRequestHook: (req) => String(req.path ?? '').startsWith('/v1/traces'),
      }),
      // Statement text only, never the values (personal data). requireParentSpan: no traces of lone pool pings.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  current = { resource, spanProcessor, shutdown: () => provider.shutdown() };
  return current;
}
