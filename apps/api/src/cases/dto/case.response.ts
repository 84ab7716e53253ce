import type { AuditRow, CaseRow, HouseholdMemberRecord } from '@avrr/persistence';
import {
  awaitingFor,
  caseSummary as summaryFor,
  discloseAuditEntry,
  discloseDeadline,
  REMINDER_DISCLOSURE,
  REMINDER_KINDS,
  sees,
  seesStaffNames,
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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A row of the case list and the work queue: the summary, whole days in the stage, the monitor's SLA state, the next
 * deadline (its kind as the reader may see it), the reminders due to this user and the work waiting on this user
 * (their role's entries, without those the two-person rules bar them from).
 */
export function caseListItem(row: CaseRow, user: { id: string; role: Role }, now: number, dueReminders: number) {
  const reader = readerOf(user.role, row.view);
  return {
    ...summaryFor(row.view, reader),
    daysInStage: Math.max(0, Math.floor((now - Date.parse(row.stageEnteredAt)) / DAY_MS)),
    slaState: row.slaState,
    nextDeadline: discloseDeadline(row.nextDeadline, reader),
    dueReminders,
    awaiting: awaitingFor(row.awaiting, user.role, row.awaitingExcept, user.id),
  };
}

/** The reminder kinds a role may see (a count of due reminders counts only those). */
export function reminderKindsSeenBy(role: Role): string[] {
  const reader = readerOf(role);
  return REMINDER_KINDS.filter((k) => sees(reader, REMINDER_DISCLOSURE[k]));
}

/**
 * The audit trail shaped like the case; with `names` (staff display names by user id), each entry names its actor
 * for a reader who may see staff names (never operations, whose screens show no names).
 */
export function historyEntries(
  entries: AuditRow[],
  view: CaseView,
  role: Role,
  names?: ReadonlyMap<string, string>,
): (AuditRow & { actorName?: string | null })[] {
  const reader = readerOf(role, view);
  const named = names !== undefined && seesStaffNames(reader);
  return entries.map((e) => {
    const shown = discloseAuditEntry(e, reader);
    return named ? { ...shown, actorName: names.get(e.actorId) ?? null } : shown;
  });
}

/** Whether the reader of this case is shown staff names (so the service looks them up). */
export function showsStaffNames(view: CaseView, role: Role): boolean {
  return seesStaffNames(readerOf(role, view));
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
