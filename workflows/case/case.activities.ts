import type { CaseChange, CaseView } from '@avrr/domain';

/** Implemented in apps/worker; every activity is idempotent on (case id, version). */
export interface CaseActivities {
  /** Writes the audit row and the read model of one accepted change. */
  projectCase(input: { view: CaseView; change: CaseChange }): Promise<void>;
}
