export * from './logging';
export * from './tracing';
