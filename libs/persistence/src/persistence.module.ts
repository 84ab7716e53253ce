import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuditChainRepository } from './audit-chain.repository';
import { DataSource } from 'typeorm';
import { CaseRepository } from './case.repository';
import { createDataSource, runMigrations } from './data-source';
import { HouseholdRepository } from './household.repository';
import { DuplicateRepository } from './duplicate.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { UserRepository } from './user.repository';
import { NotificationRepository } from './notification.repository';
import { OfficeSettingsRepository } from './office-settings.repository';
import { OpsRepository } from './ops.repository';
import { AdminRepository } from './admin.repository';
import { RssWeightsRepository } from './rss-weights.repository';
import { ReminderRepository } from './reminder.repository';
import { ReportRepository } from './report.repository';
import { RetentionRepository } from './retention.repository';
import { TaskRepository } from './task.repository';
import { DataProtectionRepository } from './data-protection.repository';

/** Token-free: the TypeORM DataSource class is the injection token. */
const dataSourceProvider = {
  provide: DataSource,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig) => createDataSource(config).initialize(),
};

@Injectable()
class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Persistence');
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}
  async onModuleInit() {
    if (this.config.db.migrateOnStart) await runMigrations(this.ds, (line) => this.logger.log(line));
  }
  async onApplicationShutdown() {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({
  providers: [
    dataSourceProvider,
    DataSourceLifecycle,
    CaseRepository,
    AuditChainRepository,
    HouseholdRepository,
    DuplicateRepository,
    IdempotencyRepository,
    UserRepository,
    ReminderRepository,
    ReportRepository,
    DataProtectionRepository,
    NotificationRepository,
    OfficeSettingsRepository,
    OpsRepository,
    AdminRepository,
    RssWeightsRepository,
    RetentionRepository,
    TaskRepository,
  ],
  exports: [
    DataSource,
    CaseRepository,
    AuditChainRepository,
    HouseholdRepository,
    DuplicateRepository,
    IdempotencyRepository,
    UserRepository,
    ReminderRepository,
    ReportRepository,
    DataProtectionRepository,
    NotificationRepository,
    OfficeSettingsRepository,
    OpsRepository,
    AdminRepository,
    RssWeightsRepository,
    RetentionRepository,
    TaskRepository,
  ],
})
export class PersistenceModule {}
