import { ConfigModule } from '@avrr/config';
import { PersistenceModule } from '@avrr/persistence';
import { ProjectionModule } from '@avrr/projection';
import { QueuesModule, RedisModule } from '@avrr/queues';
import { TemporalClientModule } from '@avrr/temporal';
import { Module } from '@nestjs/common';
import { WorkerMetricsServer } from './metrics/worker-metrics.server';
import { CaseActivitiesService } from './activities/case-activities.service';
import { MonitorService } from './monitor/monitor.service';
import { QueueProcessors } from './processors/queue-processors.service';
import { PendingCommandReconciler } from './projection/pending-command-reconciler.service';
import { ReminderDeliveryService } from './reminders/reminder-delivery.service';
import { ReminderReconciler } from './reminders/reminder-reconciler.service';
import { TemporalWorkerService } from './temporal/temporal-worker.service';
import { RetentionProcessor } from './retention/retention.processor';
import { RetentionService } from './retention/retention.service';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalClientModule, RedisModule, QueuesModule, ProjectionModule],
  providers: [
    WorkerMetricsServer,
    CaseActivitiesService,
    TemporalWorkerService,
    ReminderDeliveryService,
    ReminderReconciler,
    MonitorService,
    QueueProcessors,
    PendingCommandReconciler,
    RetentionService,
    RetentionProcessor,
  ],
})
export class WorkerModule {}
