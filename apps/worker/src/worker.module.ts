import { ConfigModule } from '@avrr/config';
import { PersistenceModule } from '@avrr/persistence';
import { QueuesModule, RedisModule } from '@avrr/queues';
import { TemporalClientModule } from '@avrr/temporal';
import { Module } from '@nestjs/common';
import { CaseActivitiesService } from './activities/case-activities.service';
import { MonitorService } from './monitor/monitor.service';
import { TemporalInspector } from './monitor/temporal-inspector';
import { QueueProcessors } from './processors/queue-processors.service';
import { OfficeDirectory } from './reminders/office-directory';
import { ReminderDeliveryService } from './reminders/reminder-delivery.service';
import { ReminderReconciler } from './reminders/reminder-reconciler.service';
import { ReminderService } from './reminders/reminder.service';
import { TemporalWorkerService } from './temporal/temporal-worker.service';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalClientModule, RedisModule, QueuesModule],
  providers: [CaseActivitiesService, TemporalWorkerService, OfficeDirectory, ReminderService, ReminderDeliveryService,
    ReminderReconciler, TemporalInspector, MonitorService, QueueProcessors],
})
export class WorkerModule {}
