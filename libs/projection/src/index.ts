export * from './case-projection.service';
export * from './committed-change-reconciler';
export * from './office-directory';
export * from './projection.module';
export * from './reminder.service';
