import type { CaseChange, CaseReminderFacts, CaseView, CaseWorkFacts, ReportCaseFacts } from '@avrr/domain';
import { CaseRepository, type DesiredTask } from '@avrr/persistence';
import { Injectable } from '@nestjs/common';
import { ReminderService } from './reminder.service';

/**
 * One committed change of a case, as its workflow returned it: the change, the new view and the reminder planner's
 * facts and the case's work queue from the workflow's state. `reminderFacts` and `workFacts` are absent in results
 * recorded before they existed.
 */
export interface CommittedChange {
  view: CaseView;
  change: CaseChange;
  reminderFacts?: CaseReminderFacts;
  workFacts?: CaseWorkFacts;
  /** The reporting facts of this version; absent in results recorded before they existed (rows left as they are). */
  reportFacts?: ReportCaseFacts;
}

/**
 * Writes one committed change of a case to PostgreSQL: its audit row, the read model and the case's reminder rows, in
 * one transaction, then the reminders' jobs in Redis (not waited for). The reminders are planned first, from the
 * workflow's own facts (libs/domain, pure), so the transaction only writes. Idempotent on (case id, version), and it
 * clears the command's pending mark in the same statement. A change without the planner's facts (recorded by earlier
 * code) leaves the case's reminders as they are: the next change plans them.
 *
 * Only a committed change may come here: the result of an Update that Temporal returned (the API, the split-case
 * activity), a change found in Temporal's history (the reconciler), or a regular activity scheduled by a committed
 * workflow task (a deadline). Never code running inside a workflow task, which Temporal may still drop.
 */
@Injectable()
export class CaseProjection {
  constructor(
    private readonly cases: CaseRepository,
    private readonly reminders: ReminderService,
  ) {}

  async project({ view, change, reminderFacts, workFacts, reportFacts }: CommittedChange): Promise<void> {
    const offices = reminderFacts || workFacts?.tasks ? await this.reminders.officesOf(view) : undefined;
    const desired = reminderFacts && offices ? this.reminders.desired(view, reminderFacts, offices) : undefined;
    // Tasks with their owner's office: the host office, or the receiving office as the reminders resolve it.
    const tasks: DesiredTask[] | undefined = workFacts?.tasks?.map((t) => ({
      ...t,
      ownerOffice:
        t.owner.scope === 'HOST' ? view.hostOffice : (offices?.receiving?.office ?? view.receivingOffice ?? null),
    }));
    const { reminders } = await this.cases.project(view, change, desired, workFacts, reportFacts, tasks);
    if (reminders) this.reminders.queueJobs(view, change.version, reminders);
  }
}
