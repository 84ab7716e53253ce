/**
 * SLAs as AVRR.md §9 describes them, beside the per-stage table of sla.ts: the whole-journey SLA (registration to
 * departure), the three levels (alert, escalation, critical), who each level reaches, and who a stuck case is waiting
 * for (a neutral category: a consulate, the returnee, a colleague... never a name). Pure: `now` comes from the caller.
 */
import type { OfficeCalendar } from './dates';
import type { HoldPeriod } from './hold-periods';
import { evaluateSla, runSlaClock, type SlaTable, type StageSla } from './sla';
import { slaOwnerOffice } from './sla-ownership';
import { isPreDeparture } from './stages';
import type { HoldType, Role, Stage } from './types';
import type { CaseView } from './view';

export type SlaLevel = 'ALERT' | 'ESCALATE' | 'CRITICAL';

/** Per-stage critical thresholds (§9 names one: a consular LP request unanswered for 60 days). */
export const DEFAULT_CRITICAL_THRESHOLDS: Partial<Record<Stage, number>> = { DOCUMENTATION: 60 };

/** Registration to departure (the whole pre-departure journey): alert at 60 days, escalate at 90 (§9). */
export const DEFAULT_JOURNEY_SLA: StageSla = {
  alert: 60,
  escalate: 90,
  unit: 'DAYS',
  basis: 'registration to departure',
};

/** The key of the journey SLA among an office's SLA overrides (beside the stages). */
export const JOURNEY_SLA_KEY = 'JOURNEY';

/** The journey SLA with an office's override (whole thresholds and unit) applied. */
export function journeySla(overrides: Record<string, Partial<StageSla> | undefined> | undefined): StageSla {
  return { ...DEFAULT_JOURNEY_SLA, ...(overrides?.[JOURNEY_SLA_KEY] ?? {}) };
}

/** Stages the journey SLA counts in: registered, and not yet departed. */
export const JOURNEY_SLA_STAGES: readonly Stage[] = [
  'REGISTERED',
  'COUNSELLING',
  'SCREENING',
  'ASSESSMENT',
  'APPROVED',
  'DOCUMENTATION',
  'READY_FOR_BOOKING',
  'BOOKED',
];

export interface SlaLevelEvaluation {
  /** 'STAGE' = the stage's own SLA; 'JOURNEY' = registration to departure. */
  clock: 'STAGE' | 'JOURNEY';
  level: SlaLevel | null;
  paused: boolean;
  elapsed: number;
  unit: StageSla['unit'];
  alert?: number;
  escalate?: number;
  critical?: number;
  /** Where the clock started: the stage entry, or the opening for the journey. */
  since: string;
}

/**
 * BID and family tracing (UASC, AVRR.md §9): weeks to months, so 45 days to alert and 90 to escalate instead of the
 * 21/45 of the other specialised assessments, while the child's best-interests determination is pending.
 */
export const BID_SLA: StageSla = { alert: 45, escalate: 90, unit: 'DAYS', basis: 'BID and family tracing (UASC)' };

/** The SLA table for this case: ASSESSMENT waits by the BID's clock while the BID hold stands. */
export function slaTableFor(view: Pick<CaseView, 'stage' | 'holds'>, table: SlaTable): SlaTable {
  if (view.stage !== 'ASSESSMENT' || !view.holds.some((h) => h.type === 'BID_PENDING')) return table;
  return { ...table, ASSESSMENT: { ...BID_SLA, critical: table.ASSESSMENT?.critical } };
}

/** The stage SLA at its level, critical included where the stage has a critical threshold. */
export function evaluateStageLevel(
  view: Pick<CaseView, 'stage' | 'stageEnteredAt' | 'holds'>,
  now: number,
  cal: OfficeCalendar,
  table: SlaTable,
  pastHolds: readonly HoldPeriod[] = [],
  critical: Partial<Record<Stage, number>> = DEFAULT_CRITICAL_THRESHOLDS,
): SlaLevelEvaluation {
  const sla = slaTableFor(view, table);
  const ev = evaluateSla(view, now, cal, sla, pastHolds);
  const crit = sla[view.stage] ? (sla[view.stage]?.critical ?? critical[view.stage]) : undefined;
  const level: SlaLevel | null =
    ev.state === 'ESCALATE'
      ? crit !== undefined && ev.elapsed >= crit
        ? 'CRITICAL'
        : 'ESCALATE'
      : ev.state === 'ALERT'
        ? 'ALERT'
        : null;
  return {
    clock: 'STAGE',
    level,
    paused: ev.state === 'PAUSED',
    elapsed: ev.elapsed,
    unit: ev.unit,
    ...(ev.alert !== undefined ? { alert: ev.alert, escalate: ev.escalate } : {}),
    ...(crit !== undefined ? { critical: crit } : {}),
    since: view.stageEnteredAt,
  };
}

/**
 * The whole-journey SLA: time since the case was opened (registration) while it has not departed, minus the time a
 * pausing hold was active. Not counted after departure, nor for a case still at REFERRED (registration not done).
 */
export function evaluateJourneySla(
  view: Pick<CaseView, 'stage' | 'openedAt' | 'holds'>,
  now: number,
  cal: OfficeCalendar,
  sla: StageSla = DEFAULT_JOURNEY_SLA,
  pastHolds: readonly HoldPeriod[] = [],
): SlaLevelEvaluation | null {
  if (!JOURNEY_SLA_STAGES.includes(view.stage)) return null;
  const clock = runSlaClock(sla, Date.parse(view.openedAt), now, cal, view.holds, pastHolds);
  const paused = clock.state === 'PAUSED';
  return {
    clock: 'JOURNEY',
    level: clock.state === 'ESCALATE' ? 'ESCALATE' : clock.state === 'ALERT' ? 'ALERT' : null,
    paused,
    elapsed: clock.elapsed,
    unit: sla.unit,
    alert: sla.alert,
    escalate: sla.escalate,
    since: view.openedAt,
  };
}

// ------------------------------------------------------------------------------------------------- waiting for

/** Who a case is waiting for: a neutral category (operations never see names). */
export type WaitingParty = 'CONSULATE' | 'AUTHORITY' | 'RETURNEE' | 'COLLEAGUE' | 'RECEIVING_OFFICE';

export interface WaitingFor {
  party: WaitingParty;
  /** For a colleague (or the receiving office): the role whose move it is. */
  role?: Role;
}

type WaitingView = Pick<CaseView, 'stage' | 'holds' | 'members'>;

const HOLD_WAITS: Partial<Record<HoldType, WaitingFor>> = {
  BENEFICIARY_PAUSE: { party: 'RETURNEE' },
  CONTACT_LOST: { party: 'RETURNEE' },
  DOCUMENT_REFUSED: { party: 'CONSULATE' },
  LEGAL_PROCEEDINGS: { party: 'AUTHORITY' },
  COO_SECURITY: { party: 'RECEIVING_OFFICE', role: 'supervisor' },
  MEDICAL_UNFIT: { party: 'COLLEAGUE', role: 'medical' },
  PROTECTION_RISK: { party: 'COLLEAGUE', role: 'protection' },
  BID_PENDING: { party: 'COLLEAGUE', role: 'protection' },
  FUNDING_UNAVAILABLE: { party: 'COLLEAGUE', role: 'supervisor' },
};

/** Who the case is waiting for now: an active hold first, then what its stage waits on. */
export function waitingFor(view: WaitingView): WaitingFor {
  for (const h of view.holds) {
    const w = HOLD_WAITS[h.type];
    if (w) return w;
  }
  const travelling = view.members.filter((m) => m.travelling && !m.withdrawn && !m.deceased);
  const pending = (a: string) =>
    travelling.some((m) => m.assessments.some((x) => x.assessment === a && x.status === 'PENDING'));
  switch (view.stage) {
    case 'REFERRED':
    case 'REGISTERED':
    case 'SCREENING':
    case 'APPROVED':
      return { party: 'COLLEAGUE', role: 'officer' };
    case 'COUNSELLING':
      return { party: 'RETURNEE' };
    case 'ASSESSMENT':
      if (pending('BID') || pending('FAMILY') || pending('VOT_RISK')) return { party: 'COLLEAGUE', role: 'protection' };
      if (pending('MEDICAL')) return { party: 'COLLEAGUE', role: 'medical' };
      return { party: 'COLLEAGUE', role: 'officer' };
    case 'DOCUMENTATION':
      if (
        travelling.some((m) => m.documents.some((d) => d.documentType === 'LAISSEZ_PASSER' && d.status === 'REQUESTED'))
      )
        return { party: 'CONSULATE' };
      if (travelling.some((m) => m.exitAuthorization?.status === 'REQUESTED')) return { party: 'AUTHORITY' };
      return { party: 'COLLEAGUE', role: 'officer' };
    case 'READY_FOR_BOOKING':
      return { party: 'COLLEAGUE', role: 'movement' };
    case 'BOOKED':
      return { party: 'RETURNEE' };
    case 'DEPARTED':
    case 'ARRIVED':
      return { party: 'RECEIVING_OFFICE', role: 'counterpart' };
    case 'PLAN_AGREED':
      return { party: 'COLLEAGUE', role: 'finance' };
    default:
      return { party: 'COLLEAGUE', role: isPreDeparture(view.stage) ? 'officer' : 'counterpart' };
  }
}

// ------------------------------------------------------------------------------------------------- recipients

export interface SlaRecipient {
  role: Role;
  /** null: every office (operations watch the whole organisation). */
  office: string | null;
}

export interface SlaRecipientFacts {
  stage: Stage;
  hostOffice: string;
  receivingOffice?: string | null;
  /** Who the case waits for (waitingFor): a protection assessment routes its alerts to the protection focal point. */
  waiting?: WaitingFor;
}

/**
 * Who each level reaches (§9: "alert raises a task for the owner; escalate notifies the supervisor and operations"):
 * - alert: the owner of the wait in the owning office: the protection focal point for a BID or family tracing, the
 *   medical officer for a medical assessment, the movement assistant for a case ready for booking, the counterpart
 *   from arrival on, the officer otherwise;
 * - escalation: the owning office's supervisor and operations, with the protection focal point kept in for their wait;
 * - critical: as escalation, and the owner again.
 * The owning office is the receiving office from arrival on (an inbound plan overdue reaches the receiving office's
 * supervisor, never the sending mission), the host office before.
 */
export function slaLevelRecipients(level: SlaLevel, facts: SlaRecipientFacts): SlaRecipient[] {
  const office = slaOwnerOffice(facts);
  const ownerRole: Role =
    facts.waiting?.party === 'COLLEAGUE' && facts.waiting.role
      ? facts.waiting.role
      : isPreDeparture(facts.stage)
        ? facts.stage === 'READY_FOR_BOOKING'
          ? 'movement'
          : 'officer'
        : 'counterpart';
  const owner: SlaRecipient = { role: ownerRole, office };
  if (level === 'ALERT') return [owner];
  const escalation: SlaRecipient[] = [
    { role: 'supervisor', office },
    { role: 'operations', office: null },
  ];
  if (ownerRole === 'protection') escalation.push(owner);
  if (level === 'CRITICAL' && !escalation.some((r) => r.role === owner.role)) escalation.push(owner);
  return escalation;
}
