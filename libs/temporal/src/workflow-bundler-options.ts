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
