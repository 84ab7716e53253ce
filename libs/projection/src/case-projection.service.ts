import type { CaseChange, CaseReminderFacts, CaseView, CaseWorkFacts, ReportCaseFacts } from '@avrr/domain';
import { caseEventNotifications } from '@avrr/domain';
import { CaseRepository, NotificationRepository, type DesiredTask } from '@avrr/persistence';
import { RemindersQueue } from '@avrr/queues';
import { Injectable, Logger } from '@nestjs/common';
import { OfficeDirectory } from './office-directory';
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
  private readonly logger = new Logger(CaseProjection.name);
  constructor(
    private readonly cases: CaseRepository,
    private readonly reminders: ReminderService,
    private readonly notifications: NotificationRepository,
    private readonly queue: RemindersQueue,
    private readonly offices: OfficeDirectory,
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
    await this.notify(view, change);
  }

  /**
   * The notifications of a committed change (libs/domain caseEventNotifications: the receiving office told of a
   * withdrawal, a no-show, a changed date...), idempotent on (case, version, kind), and the offices' webhooks. A
   * webhook that cannot be queued now (Redis away) is logged: the in-app notification is the record.
   */
  private async notify(view: CaseView, change: CaseChange): Promise<void> {
    // An inbound case names as host a mission outside this system: its receiving office answers for everything.
    const inbound = !(await this.offices.get(view.hostOffice));
    for (const n of caseEventNotifications(change, view, { inbound })) {
      const groupKey = `case.${view.caseId}.${change.version}.${n.kind}`;
      const written = await this.notifications.notifyCaseEvent(view.caseId, groupKey, 'CASE_EVENT', n.recipients, {
        ...n.body,
        caseId: view.caseId,
      });
      if (!written) continue; // projected before (or nobody to tell): its webhooks were queued then
      for (const office of n.offices) {
        if (!(await this.offices.get(office))?.webhookUrl) continue;
        await this.queue.queueCaseEventWebhook(groupKey, office).catch((err: unknown) => {
          this.logger.warn({ caseId: view.caseId, office, err: String(err) }, 'case-event webhook not queued');
        });
      }
    }
  }
}
