export * from './auth.decorators';
export * from './auth.errors';
export * from './auth.module';
export * from './auth.service';
export * from './jwt-auth.guard';
export * from './password';
export * from './staff-user';
export * from './session';
