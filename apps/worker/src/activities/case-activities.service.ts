import { CaseRepository, HouseholdRepository } from '@avrr/persistence';
import { CaseProjection } from '@avrr/projection';
import { CaseWorkflowClient } from '@avrr/temporal';
import type { CaseActivities } from '@avrr/workflows/contracts';
import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';

/** Activities with dependencies, through Nest DI. Idempotent on (case id, version). */
@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(
    private readonly projection: CaseProjection,
    private readonly cases: CaseRepository,
    private readonly household: HouseholdRepository,
    private readonly workflows: CaseWorkflowClient,
  ) {}

  /**
   * A change the workflow made by itself (a deadline), projected by a regular activity: Temporal schedules it only
   * when the workflow task that made the change is committed. (Histories recorded before the patch
   * 'projection-after-commit' ran it for every change, some as a local activity; they replay unchanged.)
   */
  async projectCase(committed: Parameters<CaseActivities['projectCase']>[0]): Promise<void> {
    const { view, change } = committed;
    await this.projection.project(committed);
    log.debug('case projected', { caseId: view.caseId, version: change.version });
  }

  /**
   * Moves the split-off members' personal data to the new case, opens its workflow (update-with-start; a retry gets
   * the first result) and projects the new case from that committed result.
   */
  async openSplitCase({
    fromCaseId,
    opened,
    actor,
    config,
  }: Parameters<CaseActivities['openSplitCase']>[0]): Promise<void> {
    await this.household.moveMembers(
      fromCaseId,
      opened.caseId,
      opened.members.map((m) => m.memberId),
    );
    await this.cases.markPending(opened.caseId, `open:${opened.caseId}`); // projected by the reconciler if we die
    const result = await this.workflows.open(opened, actor, config);
    if (result.change)
      await this.projection.project({
        view: result.view,
        change: result.change,
        reminderFacts: result.reminderFacts,
        workFacts: result.workFacts,
        reportFacts: result.reportFacts,
      });
    log.info('split case opened', { caseId: opened.caseId, fromCaseId });
  }
}
