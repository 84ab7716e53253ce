import { CaseRepository } from '@avrr/persistence';
import type { CaseActivities } from '@avrr/workflows/contracts';
import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';

/** Activities with dependencies, through Nest DI. Idempotent on (case id, version). */
@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(private readonly cases: CaseRepository) {}

  async projectCase({ view, change }: Parameters<CaseActivities['projectCase']>[0]): Promise<void> {
    await this.cases.project(view, change);
    log.debug('case projected', { caseId: view.caseId, version: change.version });
  }
}
