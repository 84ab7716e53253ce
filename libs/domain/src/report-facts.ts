/**
 * The reporting facts of a case (AVRR.md §12): per individual and per case, the dates that matter and the codes the
 * indicators break down by. Derived from the case state only (pure), so the projection writes them with the case and
 * the reconciliation check can recompute them from the audit trail through `evolve` and compare.
 *
 * No names, no document numbers, no free text: internal ids, codes, dates and amounts. Vulnerability types are kept
 * because the brief reports people in vulnerable situations by type; only aggregates above the small-cell threshold
 * ever leave the reporting module.
 */
import { blankState, type CaseState, type MemberState } from './state';
import type { CaseEvent } from './events';
import { evolve } from './evolve';
import { reintegrationConfig, type DomainConfig, defaultDomainConfig } from './config';
import { plannedVisits, ri, currentPlan } from './reintegration/queries';
import type { ActivityDimension, ActivityLevel, ActivityType, TrancheStatus } from './reintegration-model';
import type { CancelReason, ClosureReason, Sex, Stage, TravelDocumentType } from './types';

export interface ReportDocumentFacts {
  documentType: TravelDocumentType;
  /** The issuing authority (a consulate or the passport office), as a code. */
  authority?: string;
  status: string;
  requestedAt?: string;
  decidedAt?: string;
}

export interface ReportMemberFacts {
  memberId: string;
  sex: Sex;
  /** 'YYYY-MM-DD': the age group is computed at the report's reference date, not stored. */
  dateOfBirth: string;
  vulnerabilities: string[];
  /** The member withdrew alone (the case may go on). */
  withdrawnAt?: string;
  deceasedAt?: string;
  /** On the departure (departure.travellerIds), or counted as a returnee of an inbound case. */
  departed: boolean;
  documents: ReportDocumentFacts[];
}

export interface ReportActivityFacts {
  activityId: string;
  type: ActivityType;
  dimension: ActivityDimension;
  level: ActivityLevel;
  budget: number;
}

export interface ReportTrancheFacts {
  trancheId: string;
  amount: number;
  currency: string;
  status: TrancheStatus;
  /** CASH, IN_KIND or MIXED: the tranche's modality, else the plan's. */
  modality: string;
  dueDate?: string;
  paidAt?: string;
}

export interface ReportRssFacts {
  rssId: string;
  timing: string;
  effectiveAt: string;
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
  incomplete: boolean;
}

export interface ReportReintegrationFacts {
  /** First reintegration counselling: handover acknowledged (stage REINTEGRATION_COUNSELLING) or first assessment. */
  counselledAt?: string;
  /** First plan agreed (plan version 1). */
  planAgreedAt?: string;
  currency?: string;
  /** Current plan budget (plan currency). */
  budgeted: number;
  activities: ReportActivityFacts[];
  tranches: ReportTrancheFacts[];
  visits: { visitNo: number; dueOn: string; doneAt?: string }[];
  rss: ReportRssFacts[];
}

export interface ReportCaseFacts {
  caseId: string;
  version: number;
  stage: Stage;
  stageEnteredAt: string;
  hostOffice: string;
  countryOfOrigin: string;
  receivingOffice?: string;
  /** Opened at arrival: a returnee handed over by another mission (counts as inbound only). */
  inbound: boolean;
  receivedAt: string;
  registeredAt?: string;
  approvedAt?: string;
  departedAt?: string;
  arrivedAt?: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  cancelledAt?: string;
  cancellationReason?: CancelReason;
  closedAt?: string;
  closureReason?: ClosureReason;
  noShowCount: number;
  /** Bookings made (confirmed, changed or rebooked): the base of the no-show rate. */
  bookingCount: number;
  /** Bookings made after the first one (changes, rebookings after a no-show or a cancellation). */
  rebookingCount: number;
  members: ReportMemberFacts[];
  reintegration?: ReportReintegrationFacts;
}

function memberFacts(state: CaseState, m: MemberState, departedIds: Set<string>, inbound: boolean): ReportMemberFacts {
  return {
    memberId: m.memberId,
    sex: m.sex,
    dateOfBirth: m.dateOfBirth,
    vulnerabilities: [...m.vulnerabilities].sort(),
    ...(m.withdrawn && m.withdrawnAt ? { withdrawnAt: m.withdrawnAt } : {}),
    ...(m.deceased && m.deceasedAt ? { deceasedAt: m.deceasedAt } : {}),
    departed: departedIds.has(m.memberId) || (inbound && !m.withdrawn && !(m.deceased && !state.arrival)),
    documents: m.documents.map((d) => ({
      documentType: d.documentType,
      ...(d.authority ? { authority: d.authority } : {}),
      status: d.status,
      ...(d.requestedAt ? { requestedAt: d.requestedAt } : {}),
      ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
    })),
  };
}

function earliest(...values: (string | undefined)[]): string | undefined {
  const present = values.filter((v): v is string => !!v).sort();
  return present[0];
}

function reintegrationFacts(state: CaseState, config: DomainConfig): ReportReintegrationFacts | undefined {
  if (!state.arrival && !state.reintegration) return undefined;
  const r = ri(state);
  const plan = currentPlan(r);
  const first = r.plans.find((p) => p.planVersion === 1) ?? r.plans[0];
  const modalityOf = (planVersion: number) => r.plans.find((p) => p.planVersion === planVersion)?.modality;
  const counselledAt = earliest(state.handover?.effectiveAt, r.assessments[0]?.effectiveAt);
  return {
    ...(counselledAt ? { counselledAt } : {}),
    ...(first ? { planAgreedAt: first.effectiveAt } : {}),
    ...(plan ? { currency: plan.currency } : {}),
    budgeted: plan?.budget ?? 0,
    activities: (plan?.activities ?? []).map((a) => ({
      activityId: a.activityId,
      type: a.type,
      dimension: a.dimension,
      level: a.level,
      budget: a.budget,
    })),
    tranches: r.tranches.map((t) => ({
      trancheId: t.trancheId,
      amount: t.amount,
      currency: t.currency,
      status: t.status,
      modality: t.modality ?? modalityOf(t.planVersion) ?? 'CASH',
      ...(t.dueDate ? { dueDate: t.dueDate } : {}),
      ...(t.paidAt ? { paidAt: t.paidAt } : {}),
    })),
    visits: plannedVisits(state, reintegrationConfig(config)).map((v) => ({
      visitNo: v.visitNo,
      dueOn: v.dueOn,
      ...(v.doneAt ? { doneAt: v.doneAt } : {}),
    })),
    rss: r.rss.map((x) => ({
      rssId: x.rssId,
      timing: x.timing,
      effectiveAt: x.effectiveAt,
      economic: x.dimensionScores.ECONOMIC ?? null,
      social: x.dimensionScores.SOCIAL ?? null,
      psychosocial: x.dimensionScores.PSYCHOSOCIAL ?? null,
      composite: x.composite,
      incomplete: x.incomplete,
    })),
  };
}

/** The reporting facts of a case at its current version. */
export function reportFactsOf(state: CaseState, config: DomainConfig = defaultDomainConfig): ReportCaseFacts {
  const inbound = !!state.arrival && !state.departure;
  const departedIds = new Set(state.departure?.travellerIds ?? []);
  // A case opened at REGISTERED carries no registration event: its opening is the registration.
  const registeredAt =
    state.registration?.effectiveAt ??
    (!inbound && state.members.length > 0 && state.members.every((m) => m.dataConsent?.source === 'OPENING')
      ? state.openedAt
      : undefined);
  // A booking is an itinerary: the history holds outcomes (a no-show may leave two lines for one booking; a
  // departure adds one for the booking it used), so bookings are counted by their itinerary reference.
  const bookings = new Set([
    ...state.bookingHistory.map((b) => b.itineraryRef),
    ...(state.booking ? [state.booking.itineraryRef] : []),
  ]).size;
  const reintegration = reintegrationFacts(state, config);
  return {
    caseId: state.caseId,
    version: state.version,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    hostOffice: state.hostOffice,
    countryOfOrigin: state.countryOfOrigin,
    ...(state.arrival?.receivingOffice || state.receivingOffice
      ? { receivingOffice: state.arrival?.receivingOffice || state.receivingOffice }
      : {}),
    inbound,
    receivedAt: state.openedAt,
    ...(registeredAt ? { registeredAt } : {}),
    ...(state.approval ? { approvedAt: state.approval.effectiveAt } : {}),
    ...(state.departure ? { departedAt: state.departure.effectiveAt } : {}),
    ...(state.arrival ? { arrivedAt: state.arrival.effectiveAt } : {}),
    ...(state.stage === 'WITHDRAWN' && state.withdrawal
      ? {
          withdrawnAt: state.withdrawal.effectiveAt,
          ...(state.withdrawal.reasonCode ? { withdrawalReason: state.withdrawal.reasonCode } : {}),
        }
      : {}),
    ...(state.stage === 'CANCELLED' && state.cancellation
      ? { cancelledAt: state.cancellation.effectiveAt, cancellationReason: state.cancellation.reasonCode }
      : {}),
    ...(state.stage === 'CLOSED' && state.closedAt ? { closedAt: state.closedAt } : {}),
    ...(state.stage === 'CLOSED' && state.closureReason ? { closureReason: state.closureReason } : {}),
    noShowCount: state.noShowCount,
    bookingCount: bookings,
    rebookingCount: Math.max(0, bookings - 1),
    members: state.members.map((m) => memberFacts(state, m, departedIds, inbound)),
    ...(reintegration ? { reintegration } : {}),
  };
}

/** One audited change as the audit trail holds it: its version, recorded time and events. */
export interface AuditedChange {
  version: number;
  recordedAt: string;
  events: CaseEvent[];
}

/**
 * The case state rebuilt from its audit trail: every change's events through `evolve`, in version order, with the
 * version and recorded time the workflow stamped on each (applyAccepted). What the reconciliation check compares the
 * reporting read model against. A gap in the versions is reported, not papered over.
 */
export function stateFromAudit(changes: AuditedChange[]): { state: CaseState; gaps: number[] } {
  let state = blankState();
  const gaps: number[] = [];
  for (const c of [...changes].sort((a, b) => a.version - b.version)) {
    for (let missing = state.version + 1; missing < c.version; missing += 1) gaps.push(missing);
    state = { ...c.events.reduce(evolve, state), version: c.version, updatedAt: c.recordedAt };
  }
  return { state, gaps };
}
