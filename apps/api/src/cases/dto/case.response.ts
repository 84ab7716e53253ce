import type { AuditRow, HouseholdMemberRecord } from '@avrr/persistence';
import {
  caseSummary as summaryFor,
  discloseAuditEntry,
  discloseCase,
  readerOf,
  specialCategoriesShown,
  specialCategoriesShownInHistory,
  type CaseEvent,
  type CaseView,
  type Role,
  type Topic,
} from '@avrr/domain';

/**
 * Responses that show case data, shaped by the domain's disclosure policy for the reader's role (and, for a
 * counterpart, the returnee's continuity-of-care consent). Nothing here decides what a role may see.
 */

/** The case for its reader, with each member's identity (kept in PostgreSQL) joined where the reader may see it. */
export function caseResponse(view: CaseView, members: HouseholdMemberRecord[], role: Role) {
  return discloseCase(view, readerOf(role, view), members);
}

/** A row of the case list: D0, with the hold types the reader may see. */
export function caseSummary(view: CaseView, role: Role) {
  return summaryFor(view, readerOf(role, view));
}

/** The audit trail shaped like the case. */
export function historyEntries(entries: AuditRow[], view: CaseView, role: Role): AuditRow[] {
  const reader = readerOf(role, view);
  return entries.map((e) => discloseAuditEntry(e, reader));
}

/** The special categories (D3 topics) a case response shows its reader, for the read log. */
export function caseCategoriesShown(view: CaseView, role: Role): Topic[] {
  return specialCategoriesShown(view, readerOf(role, view));
}

/** The special categories an audit trail shows its reader, for the read log. */
export function historyCategoriesShown(entries: AuditRow[], view: CaseView, role: Role): Topic[] {
  return specialCategoriesShownInHistory(
    entries.flatMap((e) => e.events as CaseEvent[]),
    readerOf(role, view),
  );
}
