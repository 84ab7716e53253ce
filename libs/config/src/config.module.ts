import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './app-config';

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Injection token of the AVRR rule settings (DomainConfig): validated once at boot with the rest of the config
 * (a bad DOMAIN_RULES fails the boot), and the same object for the API (new case workflows) and the worker (reminders).
 */
export const DOMAIN_CONFIG = Symbol('DOMAIN_CONFIG');

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: DOMAIN_CONFIG, inject: [APP_CONFIG], useFactory: (app: AppConfig) => app.domain },
  ],
  exports: [APP_CONFIG, DOMAIN_CONFIG],
})
export class ConfigModule {}
