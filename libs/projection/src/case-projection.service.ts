import type { CaseChange, CaseView } from '@avrr/domain';
import { CaseRepository } from '@avrr/persistence';
import { Injectable } from '@nestjs/common';
import { ReminderService } from './reminder.service';

/**
 * Writes one committed change of a case to PostgreSQL: its audit row, the read model and the case's reminder rows, in
 * one transaction, then the reminders' jobs in Redis (not waited for). Idempotent on (case id, version), and it
 * clears the command's pending mark in the same statement.
 *
 * Only a committed change may come here: the result of an Update that Temporal returned (the API, the split-case
 * activity), a change found in Temporal's history (the reconciler), or a regular activity scheduled by a committed
 * workflow task (a deadline). Never code running inside a workflow task, which Temporal may still drop.
 */
@Injectable()
export class CaseProjection {
  constructor(private readonly cases: CaseRepository, private readonly reminders: ReminderService) {}

  async project(view: CaseView, change: CaseChange): Promise<void> {
    const offices = await this.reminders.officesOf(view);
    const sync = await this.cases.project(view, change,
      (tx, latest) => this.reminders.syncRows(tx, view, change.version, change.commandType, latest, offices));
    this.reminders.queueJobs(view, change.version, sync);
  }
}
