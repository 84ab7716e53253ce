import { CaseRepository, HouseholdRepository } from '@avrr/persistence';
import { CaseWorkflowClient } from '@avrr/temporal';
import type { CaseActivities } from '@avrr/workflows/contracts';
import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { ReminderService } from '../reminders/reminder.service';

/** Activities with dependencies, through Nest DI. Idempotent on (case id, version). */
@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(private readonly cases: CaseRepository, private readonly household: HouseholdRepository,
              private readonly workflows: CaseWorkflowClient, private readonly reminders: ReminderService) {}

  async projectCase({ view, change }: Parameters<CaseActivities['projectCase']>[0]): Promise<void> {
    // Read model, audit row and reminder rows in one transaction; then the reminders' jobs in Redis, not waited for.
    const offices = await this.reminders.officesOf(view);
    const sync = await this.cases.project(view, change,
      (tx, latest) => this.reminders.syncRows(tx, view, change.version, change.commandType, latest, offices));
    this.reminders.queueJobs(view, change.version, sync);
    log.debug('case projected', { caseId: view.caseId, version: change.version });
  }

  async openSplitCase({ fromCaseId, opened, actor, config }: Parameters<CaseActivities['openSplitCase']>[0]): Promise<void> {
    await this.household.moveMembers(fromCaseId, opened.caseId, opened.members.map((m) => m.memberId));
    await this.workflows.open(opened, actor, config);
    log.info('split case opened', { caseId: opened.caseId, fromCaseId });
  }
}
