export * from './case-workflow.client';
export * from './encryption-codec';
export * from './temporal-client.module';
export * from './workflow-bundler-options';
