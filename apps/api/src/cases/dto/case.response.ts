import type { HouseholdMemberRecord } from '@avrr/persistence';
import type { CaseView, Role } from '@avrr/domain';

/** Roles that see identity (D1) and case-management (D2) data of the cases in their scope. */
const SEES_PERSONAL_DATA: readonly Role[] = ['officer', 'supervisor', 'protection', 'medical', 'movement', 'counterpart'];

export type PersonalData = Pick<HouseholdMemberRecord, 'givenName' | 'familyName' | 'aliases' | 'dateOfBirth'
  | 'dateOfBirthEstimated' | 'nationality' | 'languages' | 'phone' | 'email' | 'address'>;

/** Operations staff and anyone without a need to know get this: pseudonymous, D0 only. */
export interface CaseSummaryResponse {
  caseId: string; reference: string; stage: string; version: number; hostOffice: string; countryOfOrigin: string;
  receivingOffice: string | null; memberCount: number; holds: string[]; vulnerable: boolean; openedAt: string;
  stageEnteredAt: string; updatedAt: string; closedAt: string | null;
}

export function caseSummary(view: CaseView): CaseSummaryResponse {
  return {
    caseId: view.caseId, reference: view.reference, stage: view.stage, version: view.version, hostOffice: view.hostOffice,
    countryOfOrigin: view.countryOfOrigin, receivingOffice: view.receivingOffice ?? null, memberCount: view.members.length,
    holds: view.holds.map((h) => h.type), vulnerable: view.flags.vulnerable, openedAt: view.openedAt,
    stageEnteredAt: view.stageEnteredAt, updatedAt: view.updatedAt, closedAt: view.closedAt ?? null,
  };
}

/**
 * The case as its reader may see it: operations get the D0 summary; caseworkers get the view with each member's
 * identity data joined from PostgreSQL (it never travels through Temporal).
 */
export function caseResponse(view: CaseView, members: HouseholdMemberRecord[], role: Role) {
  if (!SEES_PERSONAL_DATA.includes(role)) return caseSummary(view);
  const byId = new Map(members.map((m) => [m.memberId, m]));
  return {
    ...view,
    members: view.members.map((m) => {
      const p = byId.get(m.memberId);
      const personal: PersonalData | null = p ? {
        givenName: p.givenName, familyName: p.familyName, aliases: p.aliases, dateOfBirth: p.dateOfBirth,
        dateOfBirthEstimated: p.dateOfBirthEstimated, nationality: p.nationality, languages: p.languages,
        phone: p.phone ?? null, email: p.email ?? null, address: p.address ?? null,
      } : null;
      return { ...m, personal };
    }),
  };
}
