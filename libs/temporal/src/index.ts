export * from './case-workflow.client';
export * from './encryption-codec';
export * from './temporal-client.module';
export * from './temporal-inspection';
export * from './workflow-bundler-options';
export * from './workflow-inspection';
export * from './tracing-interceptors';
export * from './case-keyring';
