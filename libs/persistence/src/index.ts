export * from './case.repository';
export * from './data-source';
export * from './demo-data';
export * from './household.repository';
export * from './idempotency.repository';
export * from './persistence.module';
export * from './user.repository';
