import type { AuditRow, HouseholdMemberRecord } from '@avrr/persistence';
import { SPECIAL_CATEGORY_TRANSIT_INCIDENT_KINDS, type CaseView, type MemberView, type Role, type TransitIncidentKind } from '@avrr/domain';

/** Roles that see identity (D1) and case-management (D2) data of the cases in their scope. */
const SEES_PERSONAL_DATA: readonly Role[] = ['officer', 'supervisor', 'protection', 'medical', 'movement', 'counterpart'];

export type PersonalData = Pick<HouseholdMemberRecord, 'givenName' | 'familyName' | 'aliases' | 'dateOfBirth'
  | 'dateOfBirthEstimated' | 'nationality' | 'languages' | 'phone' | 'email' | 'address'>;

/** Operations staff and anyone without a need to know get this: pseudonymous, D0 only. */
export interface CaseSummaryResponse {
  caseId: string; reference: string; stage: string; version: number; hostOffice: string; countryOfOrigin: string;
  receivingOffice: string | null; memberCount: number; holds: string[]; vulnerable: boolean; openedAt: string;
  stageEnteredAt: string; updatedAt: string; closedAt: string | null;
  /** The receiving office has not acknowledged the handover in time (a D0 timer flag, for the sending office). */
  handoverOverdue: boolean;
}

export function caseSummary(view: CaseView): CaseSummaryResponse {
  return {
    caseId: view.caseId, reference: view.reference, stage: view.stage, version: view.version, hostOffice: view.hostOffice,
    countryOfOrigin: view.countryOfOrigin, receivingOffice: view.receivingOffice ?? null, memberCount: view.members.length,
    holds: view.holds.map((h) => h.type), vulnerable: view.flags.vulnerable, openedAt: view.openedAt,
    stageEnteredAt: view.stageEnteredAt, updatedAt: view.updatedAt, closedAt: view.closedAt ?? null,
    handoverOverdue: view.reintegration?.handover.overdue ?? false,
  };
}

const specialIncident = (kind: unknown) => SPECIAL_CATEGORY_TRANSIT_INCIDENT_KINDS.includes(kind as TransitIncidentKind);

/**
 * D3 (special categories) of the view: vulnerability types, assessment outcomes, fitness to travel, protection and
 * medical flags, hold reasons, the kind of a medical or detention incident in transit. A counterpart gets them only when
 * the returnee consented to sharing them for continuity of care (AVRR.md §4); without it the "needs" flags that matter on
 * arrival (vulnerable, UASC) stay.
 */
function withoutSpecialCategories(view: CaseView): CaseView {
  const { flags } = view;
  return {
    ...view,
    flags: { vulnerable: flags.vulnerable, uasc: flags.uasc } as CaseView['flags'],
    holds: view.holds.map(({ reason: _reason, ...h }) => h),
    members: view.members.map(({ fitToTravel: _fit, ...m }): MemberView => ({ ...m, vulnerabilities: [], assessments: [] })),
    // The incident stays (something happened in transit, when and where); what it was does not.
    ...(view.transitIncidents
      ? { transitIncidents: view.transitIncidents.map((i) => (specialIncident(i.kind) ? (({ kind: _kind, ...rest }) => rest)(i) : i)) as CaseView['transitIncidents'] }
      : {}),
  };
}

function sharesSpecialCategories(view: CaseView, role: Role): boolean {
  return role !== 'counterpart' || view.reintegration?.continuityOfCareConsent === true;
}

/** Vulnerability types that are themselves protection facts (VoT, GBV, asylum, mental health: D3 "status"). */
const PROTECTION_TYPES = new Set(['VOT', 'GBV_SURVIVOR', 'ASYLUM_SEEKER', 'MENTAL_HEALTH']);
/** What the medical officer's circle covers. */
const MEDICAL_TYPES = new Set(['MEDICAL', 'DISABILITY', 'PREGNANT', 'ELDERLY', 'MENTAL_HEALTH']);

/**
 * Host roles by their need to know (AVRR.md §4 role table): protection focal points and supervisors see D3; a medical
 * officer sees the medical circle (medical vulnerability types, the medical assessment's outcome, a medical hold's
 * reason); an officer sees D3 only as "needs": the case's needs flags, vulnerability types that are not protection
 * facts, which assessments are pending or done, and outcomes except the VoT risk; a movement assistant sees no D3 at
 * all: fitness to travel and escorts (service codes) stay, types, assessments and hold reasons go.
 */
function shapeForHostRole(view: CaseView, role: Role): CaseView {
  if (role === 'protection' || role === 'supervisor' || role === 'counterpart') return view;
  const keepType = (t: string) => (role === 'medical' ? MEDICAL_TYPES.has(t) || !PROTECTION_TYPES.has(t) : role === 'officer' && !PROTECTION_TYPES.has(t));
  const keepOutcome = (a: MemberView['assessments'][number]) => (role === 'medical' ? a.assessment !== 'VOT_RISK' : role === 'officer' && a.assessment !== 'VOT_RISK');
  const keepHoldReason = (type: string) => role === 'medical' && type === 'MEDICAL_UNFIT';
  return {
    ...view,
    flags: role === 'movement' ? { vulnerable: view.flags.vulnerable, uasc: view.flags.uasc, medical: view.flags.medical } as CaseView['flags'] : view.flags,
    holds: view.holds.map(({ reason, ...h }) => (reason !== undefined && keepHoldReason(h.type) ? { ...h, reason } : h)),
    members: view.members.map((m): MemberView => ({
      ...m,
      vulnerabilities: m.vulnerabilities.filter(keepType),
      assessments: role === 'movement' ? [] : m.assessments.map((a) => (keepOutcome(a) ? a : (({ outcome: _o, ...rest }) => rest)(a))),
    })),
    // Incidents in transit keep their kind for host staff: a coded "medical" or "detained" is a need, not a diagnosis.
  };
}

/** Finance officers: amounts, payee details and plan lines; no counselling, no RSS answers, no D3. */
function financeResponse(view: CaseView, members: HouseholdMemberRecord[]) {
  const r = view.reintegration;
  return {
    ...caseSummary(view),
    payees: members.map((m) => ({ memberId: m.memberId, relationship: m.relationship, givenName: m.givenName, familyName: m.familyName,
      phone: m.phone ?? null })),
    reintegration: r ? {
      plan: r.plan ? { planVersion: r.plan.planVersion, activities: r.plan.activities.map(({ milestones: _m, ...a }) => a), budget: r.plan.budget,
        currency: r.plan.currency, exchangeRate: r.plan.exchangeRate ?? null, modality: r.plan.modality, envelope: r.plan.envelope } : null,
      planVersions: r.planVersions,
      budget: r.budget ?? null,
      tranches: r.tranches,
      evidence: r.evidence.filter((e) => e.purpose === 'TRANCHE_USE'),
    } : null,
  };
}

/**
 * The case as its reader may see it: operations get the D0 summary; finance the money; caseworkers the view with each
 * member's identity data joined from PostgreSQL (it never travels through Temporal), counterparts without D3 unless
 * the returnee consented to sharing it for continuity of care.
 */
export function caseResponse(view: CaseView, members: HouseholdMemberRecord[], role: Role) {
  if (role === 'finance') return financeResponse(view, members);
  if (!SEES_PERSONAL_DATA.includes(role)) return caseSummary(view);
  const shaped = sharesSpecialCategories(view, role) ? shapeForHostRole(view, role) : withoutSpecialCategories(view);
  const byId = new Map(members.map((m) => [m.memberId, m]));
  return {
    ...shaped,
    members: shaped.members.map((m) => {
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

/** Events that carry special-category facts (vulnerabilities, assessments, holds, fitness, asylum notification). */
const SPECIAL_CATEGORY_EVENTS = new Set(['CaseOpened', 'RapidVulnerabilityScreeningRecorded', 'AssessmentRequired', 'AssessmentResultRecorded',
  'HoldPlaced', 'HoldLifted', 'PreEmbarkationCheckRecorded', 'DepartureRecorded', 'CaseSplit']);
/** What a finance officer sees of the audit trail in full; other events show their type and times only. */
const FINANCE_EVENTS = new Set(['PlanAgreed', 'PlanAmended', 'TrancheRequested', 'TrancheApproved', 'TranchePaid', 'TrancheCancelled',
  'StageChanged', 'CaseClosed']);

type AuditEvent = { type: string; effectiveAt?: string; recordedAt?: string; kind?: unknown };
const specialCategoryEvent = (e: AuditEvent) => SPECIAL_CATEGORY_EVENTS.has(e.type) || (e.type === 'TransitIncidentRecorded' && specialIncident(e.kind));
const bare = (e: AuditEvent) => ({ type: e.type, ...(e.effectiveAt ? { effectiveAt: e.effectiveAt, recordedAt: e.recordedAt } : {}) });

const SEES_D3_TRAIL: readonly Role[] = ['protection', 'supervisor', 'counterpart'];
/** Events whose detail is the protection circle's: vulnerability findings and assessment results. */
const PROTECTION_CIRCLE_EVENTS = new Set(['RapidVulnerabilityScreeningRecorded', 'AssessmentRequired', 'AssessmentResultRecorded']);

/** The audit trail shaped like the case: operations see event types, finance the money, counterparts D3 only with consent. */
export function historyEntries(entries: AuditRow[], view: CaseView, role: Role): AuditRow[] {
  if (role === 'operations') return entries.map((e) => ({ ...e, events: e.events.map((ev) => ({ type: (ev as AuditEvent).type })) }));
  if (role === 'finance') return entries.map((e) => ({ ...e, events: e.events.map((ev) => (FINANCE_EVENTS.has((ev as AuditEvent).type) ? ev : bare(ev as AuditEvent))) }));
  if (!sharesSpecialCategories(view, role)) {
    return entries.map((e) => ({ ...e, events: e.events.map((ev) => (specialCategoryEvent(ev as AuditEvent) ? bare(ev as AuditEvent) : ev)) }));
  }
  // Host caseworkers outside the protection circle: the screening findings and assessments show as what and when.
  if (!SEES_D3_TRAIL.includes(role)) {
    return entries.map((e) => ({ ...e, events: e.events.map((ev) => (PROTECTION_CIRCLE_EVENTS.has((ev as AuditEvent).type) ? bare(ev as AuditEvent) : ev)) }));
  }
  return entries;
}

/**
 * Which special categories (D3) a shaped response shows, for the read log ("log who viewed D3"): vulnerability types,
 * assessment outcomes, the kind of a medical or detention incident in transit, hold reasons, and, in an audit trail, the
 * detail of screening, assessment, hold and fitness events. Empty when the reader saw none.
 */
export function specialCategoriesShown(body: unknown): string[] {
  const out = new Set<string>();
  const b = body as { members?: { vulnerabilities?: string[]; assessments?: { outcome?: unknown }[] }[];
    transitIncidents?: { kind?: unknown }[]; holds?: { reason?: unknown }[]; entries?: { events: AuditEvent[] }[] };
  for (const m of b.members ?? []) {
    if (m.vulnerabilities?.length) out.add('VULNERABILITY');
    if (m.assessments?.some((a) => a.outcome !== undefined)) out.add('ASSESSMENT_OUTCOME');
  }
  if (b.transitIncidents?.some((i) => specialIncident(i.kind))) out.add('TRANSIT_INCIDENT');
  if (b.holds?.some((h) => h.reason !== undefined)) out.add('HOLD_REASON');
  for (const e of b.entries ?? []) {
    for (const ev of e.events) {
      if (specialCategoryEvent(ev) && Object.keys(ev).some((k) => !['type', 'effectiveAt', 'recordedAt'].includes(k))) out.add('AUDIT_DETAIL');
    }
  }
  return [...out].sort();
}
