import type {
  Actor,
  CaseChange,
  CaseOpened,
  CaseReminderFacts,
  CaseView,
  CaseWorkFacts,
  ReportCaseFacts,
  DomainConfig,
} from '@avrr/domain';

/** Implemented in apps/worker; every activity is idempotent on (case id, version). */
export interface CaseActivities {
  /**
   * Writes the audit row, the read model and the reminders of one committed change. `reminderFacts` is absent in
   * activities scheduled by earlier code: the case's reminders then stay as they are (and without `workFacts`, its
   * work queue and next deadline).
   */
  projectCase(input: {
    view: CaseView;
    change: CaseChange;
    reminderFacts?: CaseReminderFacts;
    workFacts?: CaseWorkFacts;
    reportFacts?: ReportCaseFacts;
  }): Promise<void>;
  /** Moves the split-off members' personal data to the new case and opens its workflow (update-with-start; idempotent). */
  openSplitCase(input: { fromCaseId: string; opened: CaseOpened; actor: Actor; config: DomainConfig }): Promise<void>;
}
