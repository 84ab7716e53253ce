import { tracing } from '@avrr/observability';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from './workflow-bundler-options';

/**
 * The client side of Temporal's OpenTelemetry interceptors: starts and Updates open a span whose context travels in
 * the Temporal headers to the workflow. None when traces are off (libs/observability), so no span is even created.
 */
export function tracingClientInterceptors(): ClientInterceptors | undefined {
  return tracing() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/**
 * The worker side: activity spans under the workflow's, the workflow interceptors (bundled, see
 * WORKFLOW_INTERCEPTOR_MODULES) and the sink through which the workflow sandbox hands its spans to the process's
 * span processor. With traces off the sink is a no-op: the bundled interceptors always call it.
 */
export function tracingWorkerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const t = tracing();
  if (!t) {
    const sinks: InjectedSinks<{ exporter: { export(spans: unknown[]): void } }> = {
      exporter: { export: { fn: () => undefined, callDuringReplay: false } },
    };
    return { interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }, sinks: sinks as WorkerOptions['sinks'] };
  }
  return {
    interceptors: {
      workflowModules: WORKFLOW_INTERCEPTOR_MODULES,
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(t.spanProcessor, t.resource) } as WorkerOptions['sinks'],
  };
}
