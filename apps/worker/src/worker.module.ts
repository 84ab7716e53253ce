import { ConfigModule } from '@avrr/config';
import { PersistenceModule } from '@avrr/persistence';
import { TemporalClientModule } from '@avrr/temporal';
import { Module } from '@nestjs/common';
import { CaseActivitiesService } from './activities/case-activities.service';
import { TemporalWorkerService } from './temporal/temporal-worker.service';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalClientModule],
  providers: [CaseActivitiesService, TemporalWorkerService],
})
export class WorkerModule {}
