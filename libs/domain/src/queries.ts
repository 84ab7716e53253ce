/** Read-only questions about a case state, shared by the rules, evolve, deadlines and the view. */
import type { DomainConfig } from './config';
import { ageOn, toDate } from './dates';
import type { AssessmentRecord, CaseState, DocumentRecord, HoldRecord, MemberState } from './state';
import type { AssessmentType, HoldType } from './types';

export function findMember(state: CaseState, memberId: string | undefined): MemberState | undefined {
  if (memberId === undefined) return undefined;
  return state.members.find((m) => m.memberId === memberId);
}

export function isAdultOn(member: MemberState, on: string, config: DomainConfig): boolean {
  return ageOn(member.dateOfBirth, toDate(on)) >= config.adultAge;
}

/** Members still taking part in the return: not withdrawn, not deceased. */
export function travellers(state: CaseState): MemberState[] {
  return state.members.filter((m) => m.travelling && !m.withdrawn && !m.deceased);
}

export function travellerIds(state: CaseState): string[] {
  return travellers(state).map((m) => m.memberId);
}

export function hasOwnConsent(member: MemberState): boolean {
  return member.dataConsent !== null && member.dataConsent.signatory !== 'GUARDIAN';
}

export function usableDocuments(member: MemberState): DocumentRecord[] {
  return member.documents.filter(
    (d) => (d.status === 'ISSUED' || d.status === 'ON_RECORD') && d.expiresOn !== undefined,
  );
}

/** The usable travel document that stays valid longest, if any. */
export function bestDocument(member: MemberState): DocumentRecord | undefined {
  let best: DocumentRecord | undefined;
  for (const d of usableDocuments(member)) {
    if (!best || (d.expiresOn ?? '') > (best.expiresOn ?? '')) best = d;
  }
  return best;
}

export function pendingDocumentRequests(member: MemberState): DocumentRecord[] {
  return member.documents.filter((d) => d.status === 'REQUESTED');
}

export function latestAssessment(member: MemberState, type: AssessmentType): AssessmentRecord | undefined {
  for (let i = member.assessments.length - 1; i >= 0; i--) {
    const a = member.assessments[i];
    if (a && a.assessment === type) return a;
  }
  return undefined;
}

export function pendingAssessments(state: CaseState): { member: MemberState; assessment: AssessmentRecord }[] {
  const out: { member: MemberState; assessment: AssessmentRecord }[] = [];
  for (const m of travellers(state)) {
    for (const a of m.assessments) if (a.status === 'PENDING') out.push({ member: m, assessment: a });
  }
  return out;
}

/** Needs a medical fitness result (MEDICAL flag or a MEDICAL assessment). */
export function isMedical(member: MemberState): boolean {
  return member.vulnerabilities.includes('MEDICAL') || member.assessments.some((a) => a.assessment === 'MEDICAL');
}

export function isVot(member: MemberState): boolean {
  return member.vulnerabilities.includes('VOT') || member.assessments.some((a) => a.assessment === 'VOT_RISK');
}

/** Adult guardians of a child who are members of this case and still travelling. */
export function travellingGuardians(
  state: CaseState,
  child: MemberState,
  on: string,
  config: DomainConfig,
): MemberState[] {
  return child.guardianMemberIds
    .map((id) => findMember(state, id))
    .filter((g): g is MemberState => !!g && g.travelling && !g.withdrawn && !g.deceased && isAdultOn(g, on, config));
}

/** A child with no guardian in the case (or flagged unaccompanied at intake). */
export function isUasc(state: CaseState, member: MemberState, on: string, config: DomainConfig): boolean {
  if (isAdultOn(member, on, config)) return false;
  if (member.unaccompanied || member.vulnerabilities.includes('UASC')) return true;
  return travellingGuardians(state, member, on, config).length === 0;
}

/** BID says return is in the child's best interests and the family in the CoO was traced and found suitable. */
export function uascAssessmentsComplete(member: MemberState): boolean {
  const bid = latestAssessment(member, 'BID');
  const family = latestAssessment(member, 'FAMILY');
  return (
    bid?.status === 'COMPLETED' &&
    bid.outcome === 'RETURN_IN_BEST_INTERESTS' &&
    family?.status === 'COMPLETED' &&
    family.outcome === 'FAMILY_TRACED_SUITABLE'
  );
}

export function activeHold(state: CaseState, type: HoldType, memberId?: string): HoldRecord | undefined {
  return state.holds.find((h) => h.type === type && h.memberId === memberId);
}

/** Case-level holds of the given types, plus member-level ones on a current traveller. */
export function blockingHolds(state: CaseState, types: readonly HoldType[]): HoldRecord[] {
  const ids = travellerIds(state);
  return state.holds.filter((h) => types.includes(h.type) && (h.memberId === undefined || ids.includes(h.memberId)));
}

/** Vulnerability types flagged on current travellers (plus UASC flagged at intake). */
export function flaggedVulnerabilities(state: CaseState): string[] {
  const out = new Set<string>();
  for (const m of travellers(state)) {
    for (const v of m.vulnerabilities) out.add(v);
    if (m.unaccompanied) out.add('UASC');
  }
  return [...out];
}

export function needsEscort(state: CaseState, on: string, config: DomainConfig): MemberState[] {
  return travellers(state).filter((m) => m.escortRequired || isUasc(state, m, on, config));
}

export function describeHold(h: HoldRecord): string {
  return h.memberId ? `${h.type} hold on member ${h.memberId}` : `${h.type} hold on the case`;
}

/** Members that move with a split: the ones asked for, plus children whose every living in-case guardian moves. */
export function splitMembers(state: CaseState, memberIds: string[]): string[] {
  const moved = new Set(memberIds);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of state.members) {
      if (moved.has(m.memberId) || m.guardianMemberIds.length === 0) continue;
      const guardians = m.guardianMemberIds
        .map((g) => findMember(state, g))
        .filter((g): g is MemberState => !!g && !g.deceased);
      if (guardians.length > 0 && guardians.every((g) => moved.has(g.memberId))) {
        moved.add(m.memberId);
        grew = true;
      }
    }
  }
  return state.members.filter((m) => moved.has(m.memberId)).map((m) => m.memberId);
}
