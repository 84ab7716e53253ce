import { Global, Module } from '@nestjs/common';
import { CaseProjection } from './case-projection.service';
import { CommittedChangeReconciler } from './committed-change-reconciler';
import { OfficeDirectory } from './office-directory';
import { ReminderService } from './reminder.service';

/** The projection of committed changes (read model, audit, reminders) and its reconciliation, for the API and the worker alike. */
@Global()
@Module({
  providers: [OfficeDirectory, ReminderService, CaseProjection, CommittedChangeReconciler],
  exports: [OfficeDirectory, ReminderService, CaseProjection, CommittedChangeReconciler],
})
export class ProjectionModule {}
