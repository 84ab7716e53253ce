/**
 * The role work queue: for a case's state, the "work" commands (commands that move the case on) that are open now
 * and allowed for a role, so each role's console lists the cases waiting on it. Computed in the workflow from its own
 * state (as reminderFactsOf is) and carried to the read model by the projection, so "what waits on me?" is one indexed
 * query, never a replay of every case.
 *
 * Availability is the same function decide() uses (requirementsFor), asked for an actor of the role. Not listed:
 * case-control commands a role may send at any time (Withdraw, Cancel, PlaceHold, LiftHold, RecordDeath, Reopen,
 * SplitCase, notes such as RecordContactAttempt): they are never "waiting" on anyone. Some commands are open for a
 * long time without anything waiting (ApproveTranche is open in every tranche stage): their rule says when work is
 * actually due from the state (a tranche REQUESTED).
 *
 * A drafted plan amendment (DraftPlanAmendment) is in the state, so it is the supervisor's work until decided. Not
 * derivable from the state, so not listed: a plan above the budget ceiling waiting for a supervisor (it exists only as
 * a command's payload, never as a pending request in the state).
 */
import type { CaseCommandType } from './commands';
import { reintegrationConfig, type DecideContext } from './config';
import { nextDeadline, type Deadline } from './deadlines';
import { requirementsFor } from './requirements';
import type { CaseState } from './state';
import { tasksOf, type PlannedTask } from './tasks';
import type { AssessmentType, Role } from './types';

/** One rule of a role's work: the command, and (when its availability alone says too little) when work is due. */
interface WorkRule {
  command: CaseCommandType;
  /** Work is due only when this holds (default: whenever the command is allowed). */
  due?: (state: CaseState, ctx: DecideContext) => boolean;
  /** Only the stage and role gate, not the command's requirements (work that exists because something blocks). */
  gateOnly?: boolean;
  /**
   * Users who may not do this work although their role may (segregation of duties): the single requester of every
   * requested tranche may not approve it, the single approver of every approved tranche may not record its payment.
   */
  exceptUsers?: (state: CaseState, ctx: DecideContext) => string[];
}

const pendingAssessment =
  (types: readonly AssessmentType[]) =>
  (state: CaseState): boolean =>
    state.members.some(
      (m) =>
        m.travelling &&
        !m.withdrawn &&
        !m.deceased &&
        m.assessments.some((a) => a.status === 'PENDING' && types.includes(a.assessment)),
    );

const tranchesIn = (state: CaseState, status: 'REQUESTED' | 'APPROVED') =>
  (state.reintegration?.tranches ?? []).filter((t) => t.status === status);

/** The one user behind every item, when there is exactly one (else nobody is excluded: other items remain theirs). */
function soleUser(users: (string | undefined)[]): string[] {
  const distinct = [...new Set(users)];
  return distinct.length === 1 && distinct[0] !== undefined ? [distinct[0]] : [];
}

const ROLE_ACTOR = (role: Role) => ({ userId: `work-queue:${role}`, role });

/**
 * The work of each role. The supervisor's Approve is the approval an officer may not give (vulnerabilities flagged:
 * SUPERVISOR_APPROVAL_REQUIRED); an ordinary approval is the officer's work.
 */
export const ROLE_WORK: Partial<Record<Role, readonly WorkRule[]>> = {
  officer: [
    { command: 'Register' },
    { command: 'RecordCounsellingSession', due: (s) => s.stage === 'REGISTERED' },
    { command: 'StartScreening' },
    { command: 'RecordEligibility', due: (s) => !s.eligibility },
    { command: 'RecordRapidVulnerabilityScreening', due: (s) => !s.vulnerabilityScreening },
    { command: 'Approve' },
    { command: 'MarkReadyForBooking' },
  ],
  supervisor: [
    {
      command: 'Approve',
      due: (s, ctx) =>
        requirementsFor(s, 'Approve', ROLE_ACTOR('officer'), ctx).some(
          (r) => r.code === 'SUPERVISOR_APPROVAL_REQUIRED',
        ),
    },
    {
      command: 'RecordNoShowReview',
      due: (s) => s.noShowCount > 0 && s.noShowReview?.noShowCount !== s.noShowCount,
    },
    // A plan amendment the counterpart drafted waits for the supervisor's approval (or rejection).
    { command: 'ApprovePlanAmendment', gateOnly: true, due: (s) => s.reintegration?.pendingAmendment !== undefined },
  ],
  protection: [{ command: 'RecordAssessmentResult', due: pendingAssessment(['BID', 'VOT_RISK', 'FAMILY']) }],
  medical: [
    { command: 'RecordAssessmentResult', due: pendingAssessment(['MEDICAL']) },
    {
      command: 'RecordPreEmbarkationCheck',
      due: (s, ctx) =>
        requirementsFor(s, 'RecordDeparture', ROLE_ACTOR('movement'), ctx).some(
          (r) => r.code === 'PRE_EMBARKATION_CHECK_MISSING',
        ),
    },
  ],
  movement: [
    { command: 'ConfirmBooking' },
    {
      // A booked case that may not depart (a hold placed since the booking): the booking must be changed.
      command: 'ChangeBooking',
      gateOnly: true,
      due: (s, ctx) =>
        requirementsFor(s, 'RecordDeparture', ROLE_ACTOR('movement'), ctx).some((r) => r.code === 'HOLD_ACTIVE'),
    },
    { command: 'RecordTicketIssued', due: (s) => s.booking !== undefined && !s.booking.ticketed },
    { command: 'RecordDeparture' },
    { command: 'RecordArrival' },
  ],
  counterpart: [
    { command: 'RecordArrival' },
    { command: 'AcknowledgeHandover' },
    {
      command: 'RecordReintegrationAssessment',
      due: (s) => s.stage === 'REINTEGRATION_COUNSELLING' && (s.reintegration?.assessments.length ?? 0) === 0,
    },
    { command: 'AgreePlan' },
    {
      command: 'RecordMonitoringVisit',
      due: (s) => {
        const r = s.reintegration;
        return (r?.visitsDue ?? []).some((d) => !r!.visits.some((v) => v.visitNo === d.visitNo));
      },
    },
    { command: 'CompleteAssistance' },
  ],
  finance: [
    {
      command: 'ApproveTranche',
      due: (s) => tranchesIn(s, 'REQUESTED').length > 0,
      exceptUsers: (s) => soleUser(tranchesIn(s, 'REQUESTED').map((t) => t.requestedBy)),
    },
    {
      command: 'RecordTranchePayment',
      due: (s) => tranchesIn(s, 'APPROVED').length > 0,
      exceptUsers: (s, ctx) =>
        reintegrationConfig(ctx.config).paymentByOtherUserThanApprover
          ? soleUser(tranchesIn(s, 'APPROVED').map((t) => t.approvedBy))
          : [],
    },
  ],
};

/** A work entry: 'role:CommandType'. */
export type WorkEntry = `${Role}:${CaseCommandType}`;

/** What the read model keeps of a case's work and deadlines (computed from the workflow's state). */
export interface CaseWorkFacts {
  /** 'role:CommandType' for every role with this work open now. */
  awaiting: WorkEntry[];
  /** 'CommandType:userId': a user whose role has this work but who may not do it here (segregation of duties). */
  awaitingExcept: string[];
  /** The earliest deadline the engine reacts to, without the member it concerns. */
  nextDeadline: { kind: Deadline['kind']; dueAt: string } | null;
  /** The tasks the state calls for now (tasks.ts); absent in results recorded before tasks existed. */
  tasks?: PlannedTask[];
}

/** The open work of every role on this case, now. Pure: the same state and context give the same list. */
export function workQueueOf(state: CaseState, ctx: DecideContext): { awaiting: WorkEntry[]; awaitingExcept: string[] } {
  const awaiting: WorkEntry[] = [];
  const awaitingExcept: string[] = [];
  for (const [role, rules] of Object.entries(ROLE_WORK) as [Role, readonly WorkRule[]][]) {
    for (const rule of rules) {
      const unmet = requirementsFor(state, rule.command, ROLE_ACTOR(role), ctx);
      const open = rule.gateOnly
        ? !unmet.some((r) => r.code === 'NOT_ALLOWED_IN_STAGE' || r.code === 'ROLE_NOT_ALLOWED')
        : unmet.length === 0;
      if (!open || (rule.due && !rule.due(state, ctx))) continue;
      awaiting.push(`${role}:${rule.command}`);
      for (const user of rule.exceptUsers?.(state, ctx) ?? []) awaitingExcept.push(`${rule.command}:${user}`);
    }
  }
  return { awaiting, awaitingExcept };
}

/** The read model's work facts of a case: its open work per role and its next deadline. */
export function workFactsOf(state: CaseState, ctx: DecideContext): CaseWorkFacts {
  const deadline = nextDeadline(state, ctx.config);
  return {
    ...workQueueOf(state, ctx),
    nextDeadline: deadline ? { kind: deadline.kind, dueAt: deadline.at } : null,
    tasks: tasksOf(state, ctx),
  };
}

/** The commands of `role` in a list of work entries (for one reader: their role's entries only). */
export function awaitingFor(entries: readonly string[], role: Role, except: readonly string[] = [], userId?: string) {
  const prefix = `${role}:`;
  return entries
    .filter((e) => e.startsWith(prefix))
    .map((e) => e.slice(prefix.length) as CaseCommandType)
    .filter((c) => userId === undefined || !except.includes(`${c}:${userId}`));
}
