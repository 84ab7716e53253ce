export * from './queue-names';
export * from './queues.module';
export * from './redis.module';
export * from './reminders.queue';
export * from './with-timeout';
export * from './webhook-target';
