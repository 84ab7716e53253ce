import type { WorkerOptions } from '@temporalio/worker';
import path from 'node:path';

/** The Temporal bundler (webpack) ignores tsconfig `paths`; this alias lets workflows import @avrr/domain. cwd = repo root. */
export const workflowBundlerOptions = {
  webpackConfigHook: (config) => ({
    ...config,
    resolve: {
      ...config.resolve,
      alias: {
        ...(config.resolve?.alias as Record<string, string> | undefined),
        '@avrr/domain': path.resolve('libs/domain/src'),
      },
    },
  }),
} satisfies NonNullable<WorkerOptions['bundlerOptions']>;

export const WORKFLOWS_PATH = path.resolve('workflows/index.ts');

/**
 * Workflow interceptors bundled with the workflows: OpenTelemetry's, which continue the trace of an Update or a start
 * inside the workflow task and pass it on to the activities it schedules. Always in the bundle (a prebuilt bundle
 * cannot depend on the worker's environment); with traces off the worker gives their span sink a no-op (see
 * tracingWorkerOptions), so they add no export, only the in-memory spans of each activation.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];
