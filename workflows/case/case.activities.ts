import type { Actor, CaseChange, CaseOpened, CaseView, DomainConfig } from '@avrr/domain';

/** Implemented in apps/worker; every activity is idempotent on (case id, version). */
export interface CaseActivities {
  /** Writes the audit row and the read model of one accepted change. */
  projectCase(input: { view: CaseView; change: CaseChange }): Promise<void>;
  /** Moves the split-off members' personal data to the new case and opens its workflow (update-with-start; idempotent). */
  openSplitCase(input: { fromCaseId: string; opened: CaseOpened; actor: Actor; config: DomainConfig }): Promise<void>;
}
