import { AuthModule } from '@avrr/auth';
import { ConfigModule } from '@avrr/config';
import { PersistenceModule } from '@avrr/persistence';
import { ProjectionModule } from '@avrr/projection';
import { QueuesModule, RedisModule } from '@avrr/queues';
import { TemporalClientModule } from '@avrr/temporal';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuthController } from './auth/auth.controller';
import { LoginThrottle } from './auth/login-throttle';
import { OidcService } from './auth/oidc.service';
import { CasesModule } from './cases/cases.module';
import { CodecModule } from './codec/codec.module';
import { AuditModule } from './audit/audit.module';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { RequestLogging } from './http/logging';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { IncomingModule } from './incoming/incoming.module';
import { OpsModule } from './ops/ops.module';
import { AdminModule } from './admin/admin.module';
import { RssModule } from './rss/rss.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { TasksModule } from './tasks/tasks.module';
import { DataProtectionModule } from './dataprotection/dataprotection.module';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    ProjectionModule,
    RedisModule,
    TemporalClientModule,
    AuthModule,
    TerminusModule,
    CasesModule,
    QueuesModule,
    NotificationsModule,
    IncomingModule,
    OpsModule,
    AdminModule,
    RssModule,
    CodecModule,
    AuditModule,
    ReportsModule,
    DataProtectionModule,
    MetricsModule,
    RetentionModule,
    TasksModule,
  ],
  controllers: [AuthController, HealthController],
  providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, LoginThrottle, OidcService, RequestLogging],
})
export class AppModule {}
