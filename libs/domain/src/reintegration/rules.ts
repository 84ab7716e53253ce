/**
 * Who may send each reintegration command, in which stages, and what it requires (the "why can't I advance?"
 * answer shared by decide() and availableCommands()), plus the payload shape checks (INVALID_COMMAND).
 */
import { rssConsentWithdrawn } from '../consents';
import { validateRssWeights } from '../rss';
import type { CaseCommand, CommandMeta, Reopen } from '../commands';
import { compareInstants, isIsoDate } from '../dates';
import { activeHold } from '../queries';
import type { CaseState } from '../state';
import { POST_ARRIVAL_STAGES, PRE_DEPARTURE_STAGES } from '../stages';
import type { Actor, Requirement, RequirementCode, Role, Stage } from '../types';
import { reintegrationConfig, type DecideContext, type RssBelowThresholdClosure } from '../config';
import {
  ACTIVITY_DIMENSIONS,
  ACTIVITY_LEVELS,
  ACTIVITY_TYPES,
  ASSISTANCE_MODALITIES,
  BUSINESS_STATUSES,
  CLOSED_MILESTONE_STATUSES,
  CLOSED_REFERRAL_STATUSES,
  CONTACT_MODES,
  EVIDENCE_PURPOSES,
  FOLLOW_UP_ACTIONS,
  MILESTONE_STATUSES,
  MONITORING_MODES,
  POST_ARRIVAL_CLOSURE_REASONS,
  REFERRAL_SATISFACTION_MAX,
  REFERRAL_SATISFACTION_MIN,
  REFERRAL_SERVICES,
  REFERRAL_UPDATE_STATUSES,
  RSS_TIMINGS,
  TRANCHE_CONDITIONS,
  type PlanFields,
  type ReintegrationCommand,
  type ReintegrationCommandType,
  type ReferralState,
  type ReintegrationState,
  type TrancheState,
} from '../reintegration-model';
import {
  assistanceStopped,
  cents,
  currentPlan,
  endlineRss,
  findReferral,
  findTranche,
  hasAtMost2Decimals,
  latestRss,
  lostContactRuleMet,
  moneyInFlight,
  previousPaidTranche,
  referralsOf,
  remainingCents,
  ri,
  totalOf,
} from './queries';

const DELIVERY: readonly Stage[] = ['PLAN_AGREED', 'ASSISTANCE_IN_PROGRESS', 'MONITORING'];
const TRANCHE_STAGES: readonly Stage[] = ['PLAN_AGREED', 'ASSISTANCE_IN_PROGRESS'];
const AFTER_HANDOVER: readonly Stage[] = [
  'REINTEGRATION_COUNSELLING',
  'PLAN_AGREED',
  'ASSISTANCE_IN_PROGRESS',
  'MONITORING',
];

export const REINTEGRATION_COMMAND_STAGES: Record<ReintegrationCommandType, readonly Stage[]> = {
  RecordContinuityOfCareConsent: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES],
  RecordReintegrationAssessment: ['REINTEGRATION_COUNSELLING', 'PLAN_AGREED', 'ASSISTANCE_IN_PROGRESS'],
  AgreePlan: ['REINTEGRATION_COUNSELLING'],
  AmendPlan: TRANCHE_STAGES,
  RecordMilestone: DELIVERY,
  RecordEvidence: DELIVERY,
  RequestTranche: TRANCHE_STAGES,
  ApproveTranche: TRANCHE_STAGES,
  RecordTranchePayment: TRANCHE_STAGES,
  CancelTranche: TRANCHE_STAGES,
  CompleteAssistance: ['ASSISTANCE_IN_PROGRESS'],
  RecordMonitoringVisit: POST_ARRIVAL_STAGES,
  // From the handover on the counterpart owns the case: counselling, delivery and follow-up (§8.2 steps 2-5).
  RecordReferral: AFTER_HANDOVER,
  UpdateReferral: AFTER_HANDOVER,
  RecordContactAttempt: POST_ARRIVAL_STAGES,
  RecordRss: AFTER_HANDOVER,
  RecordFollowUp: POST_ARRIVAL_STAGES,
  OptOut: POST_ARRIVAL_STAGES,
  CloseCase: POST_ARRIVAL_STAGES,
  CorrectClosureReason: ['CLOSED'],
  DraftPlanAmendment: TRANCHE_STAGES,
  ApprovePlanAmendment: TRANCHE_STAGES,
  RejectPlanAmendment: TRANCHE_STAGES,
};

function req(code: RequirementCode, message: string, memberId?: string): Requirement {
  return memberId === undefined ? { code, message } : { code, memberId, message };
}

function commandOf<T extends ReintegrationCommandType>(
  command: CaseCommand | undefined,
  type: T,
): Extract<ReintegrationCommand, { type: T }> | undefined {
  return command && command.type === type ? (command as Extract<ReintegrationCommand, { type: T }>) : undefined;
}

const money = (c: number) => (c / 100).toFixed(2);

// ---------------------------------------------------------------- tranches

function stoppedRequirements(state: CaseState): Requirement[] {
  const out: Requirement[] = [];
  const stopped = assistanceStopped(state);
  if (stopped)
    out.push(
      req(
        'ASSISTANCE_STOPPED',
        stopped === 'DECEASED'
          ? 'The returnee has died: no further tranche is released.'
          : 'The returnee opted out: no further tranche is released.',
      ),
    );
  if (activeHold(state, 'FUNDING_UNAVAILABLE'))
    out.push(req('HOLD_ACTIVE', 'The FUNDING_UNAVAILABLE hold on the case blocks tranches.'));
  return out;
}

/**
 * Evidence of the use of a paid tranche: evidence recorded for that purpose, or (goods handed over in kind) the signed
 * handover note of an in-kind or mixed tranche (AVRR.md §8.3).
 */
function evidenceOfUse(evidence: ReintegrationState['evidence'], prev: TrancheState): boolean {
  return evidence.some(
    (e) =>
      e.trancheId === prev.trancheId &&
      (e.purpose === 'TRANCHE_USE' || (e.purpose === 'HANDOVER_NOTE' && e.signed === true && prev.modality !== 'CASH')),
  );
}

/** The release conditions of a tranche; `recommendedBy` is the role that asked for it. */
function conditionRequirements(state: CaseState, t: TrancheState, recommendedBy: Role | undefined): Requirement[] {
  const r = ri(state);
  const out: Requirement[] = [];
  const earlier = r.tranches.filter((x) => x.sequence < t.sequence && x.status !== 'PAID' && x.status !== 'CANCELLED');
  for (const x of earlier)
    out.push(
      req(
        'PREVIOUS_TRANCHE_NOT_PAID',
        `Tranche ${x.trancheId} must be paid or cancelled before tranche ${t.trancheId}.`,
      ),
    );
  const prev = previousPaidTranche(r, t);
  for (const cond of t.conditions) {
    if (cond === 'BUSINESS_OPERATING') {
      // The state of what was funded, as the latest monitoring visit found it (AVRR.md §7.1: "project under way").
      const latest = [...r.visits].sort((a, b) => compareInstants(a.effectiveAt, b.effectiveAt)).pop();
      if (latest?.businessStatus !== 'OPERATING') {
        out.push(
          req(
            'FUNDED_ACTIVITY_NOT_OPERATING',
            latest
              ? `The latest monitoring visit (${latest.effectiveAt.slice(0, 10)}) found the funded activity ${latest.businessStatus ?? 'not assessed'}, not OPERATING: tranche ${t.trancheId} waits.`
              : `No monitoring visit has found the funded activity operating yet: tranche ${t.trancheId} waits.`,
          ),
        );
      }
    }
    if (cond === 'EVIDENCE_OF_PREVIOUS_USE' && prev && !evidenceOfUse(r.evidence, prev)) {
      out.push(
        req('EVIDENCE_OF_USE_MISSING', `No evidence of the use of tranche ${prev.trancheId} has been recorded.`),
      );
    }
    if (
      cond === 'MONITORING_VISIT' &&
      prev &&
      !r.visits.some((v) => compareInstants(v.effectiveAt, prev.paidAt ?? prev.approvedAt ?? '') >= 0)
    ) {
      out.push(
        req(
          'MONITORING_VISIT_MISSING',
          `No monitoring visit has been recorded since tranche ${prev.trancheId} was paid.`,
        ),
      );
    }
    if (
      cond === 'COUNTERPART_RECOMMENDATION' &&
      recommendedBy !== undefined &&
      recommendedBy !== 'counterpart' &&
      recommendedBy !== 'supervisor'
    ) {
      out.push(
        req(
          'COUNTERPART_RECOMMENDATION_MISSING',
          `Tranche ${t.trancheId} must be requested (recommended) by the reintegration counterpart.`,
        ),
      );
    }
  }
  return out;
}

function budgetRequirements(state: CaseState, t: TrancheState): Requirement[] {
  const r = ri(state);
  const plan = currentPlan(r);
  if (!plan) return [];
  const committed = totalOf(r, ['REQUESTED', 'APPROVED', 'PAID'], t.trancheId) + cents(t.amount);
  if (committed > cents(plan.envelope)) {
    return [
      req(
        'BUDGET_EXCEEDED',
        `Releasing tranche ${t.trancheId} would bring the total to ${money(committed)} ${plan.currency}, above the approved ${plan.envelope.toFixed(2)}.`,
      ),
    ];
  }
  return [];
}

// ---------------------------------------------------------------- per command

type Check = (state: CaseState, actor: Actor, ctx: DecideContext, command: CaseCommand | undefined) => Requirement[];

function planRequirements(
  state: CaseState,
  actor: Actor,
  ctx: DecideContext,
  c: PlanFields | undefined,
): Requirement[] {
  const out: Requirement[] = [];
  if (ri(state).assessments.length === 0)
    out.push(req('REINTEGRATION_ASSESSMENT_MISSING', 'Record the needs and skills assessment before the plan.'));
  if (!c) return out;
  if (!c.returneeSigned) out.push(req('PLAN_NOT_SIGNED', 'The returnee has not signed the plan.'));
  const cfg = reintegrationConfig(ctx.config);
  if (cents(c.budget) > cents(cfg.planBudgetCeiling) && actor.role !== 'supervisor') {
    out.push(
      req(
        'SUPERVISOR_APPROVAL_REQUIRED',
        `The budget ${c.budget.toFixed(2)} ${c.currency} is above the programme ceiling ${cfg.planBudgetCeiling.toFixed(2)}: a supervisor must approve the plan.`,
      ),
    );
  }
  return out;
}

export const REINTEGRATION_CHECKS: Record<ReintegrationCommandType, Check> = {
  RecordContinuityOfCareConsent: () => [],
  RecordReintegrationAssessment: () => [],
  AgreePlan: (state, actor, ctx, command) => planRequirements(state, actor, ctx, commandOf(command, 'AgreePlan')),
  AmendPlan: (state, actor, ctx, command) => {
    const r = ri(state);
    const out: Requirement[] = [];
    const cfg = reintegrationConfig(ctx.config);
    if (cfg.supervisorApprovesPlanAmendments && actor.role !== 'supervisor') {
      out.push(req('SUPERVISOR_APPROVAL_REQUIRED', 'A supervisor approves plan amendments.'));
    }
    for (const t of moneyInFlight(r))
      out.push(
        req('TRANCHE_IN_FLIGHT', `Tranche ${t.trancheId} is ${t.status}: pay or cancel it before amending the plan.`),
      );
    const c = commandOf(command, 'AmendPlan');
    if (!c) return out;
    if (!c.returneeSigned) out.push(req('PLAN_NOT_SIGNED', 'The returnee has not signed the amended plan.'));
    const remaining = remainingCents(r);
    if (cents(c.budget) > remaining) {
      out.push(
        req(
          'AMENDMENT_ABOVE_REMAINING_BUDGET',
          `The amended budget ${c.budget.toFixed(2)} is above the remaining budget ${money(remaining)} ${currentPlan(r)?.currency ?? ''}.`.trim(),
        ),
      );
    }
    return out;
  },
  RecordMilestone: () => [],
  RecordEvidence: () => [],
  RequestTranche: (state, actor, _ctx, command) => {
    const c = commandOf(command, 'RequestTranche');
    const out = stoppedRequirements(state);
    if (!c) return out;
    const t = findTranche(ri(state), c.trancheId);
    if (!t) return out;
    if (t.status !== 'PLANNED')
      out.push(req('TRANCHE_NOT_PLANNED', `Tranche ${t.trancheId} is ${t.status}, not PLANNED.`));
    out.push(...conditionRequirements(state, t, actor.role), ...budgetRequirements(state, t));
    return out;
  },
  ApproveTranche: (state, actor, _ctx, command) => {
    const c = commandOf(command, 'ApproveTranche');
    const out = stoppedRequirements(state);
    if (!c) return out;
    const t = findTranche(ri(state), c.trancheId);
    if (!t) return out;
    if (t.status !== 'REQUESTED')
      out.push(
        req(
          t.status === 'PAID' ? 'TRANCHE_ALREADY_PAID' : 'TRANCHE_NOT_REQUESTED',
          `Tranche ${t.trancheId} is ${t.status}, not REQUESTED.`,
        ),
      );
    if (t.requestedBy === actor.userId)
      out.push(
        req(
          'SEGREGATION_OF_DUTIES',
          `Nobody approves their own request: tranche ${t.trancheId} was requested by this user.`,
        ),
      );
    out.push(...conditionRequirements(state, t, t.requestedByRole), ...budgetRequirements(state, t));
    return out;
  },
  RecordTranchePayment: (state, actor, ctx, command) => {
    const c = commandOf(command, 'RecordTranchePayment');
    const out = stoppedRequirements(state);
    if (!c) return out;
    const r = ri(state);
    const t = findTranche(r, c.trancheId);
    if (!t) return out;
    if (t.status === 'PAID')
      out.push(req('TRANCHE_ALREADY_PAID', `Tranche ${t.trancheId} was already paid (payment ${t.paymentRef}).`));
    else if (t.status !== 'APPROVED')
      out.push(req('TRANCHE_NOT_APPROVED', `Tranche ${t.trancheId} is ${t.status}, not APPROVED.`));
    if (r.tranches.some((x) => x.paymentRef === c.paymentRef))
      out.push(req('PAYMENT_REF_ALREADY_USED', `Payment reference ${c.paymentRef} was already recorded.`));
    if (reintegrationConfig(ctx.config).paymentByOtherUserThanApprover && t.approvedBy === actor.userId) {
      out.push(
        req(
          'SEGREGATION_OF_DUTIES',
          `Tranche ${t.trancheId} was approved by this user: another finance officer records the payment.`,
        ),
      );
    }
    return out;
  },
  CancelTranche: (state, _actor, _ctx, command) => {
    const c = commandOf(command, 'CancelTranche');
    const t = c ? findTranche(ri(state), c.trancheId) : undefined;
    if (!t) return [];
    if (t.status === 'PAID')
      return [req('TRANCHE_ALREADY_PAID', `Tranche ${t.trancheId} was paid: it cannot be cancelled.`)];
    if (t.status === 'CANCELLED') return [req('TRANCHE_NOT_PLANNED', `Tranche ${t.trancheId} is already cancelled.`)];
    return [];
  },
  CompleteAssistance: (state) => {
    const r = ri(state);
    const out: Requirement[] = [];
    for (const t of r.tranches.filter((x) => x.status !== 'PAID' && x.status !== 'CANCELLED')) {
      out.push(req('TRANCHES_OUTSTANDING', `Tranche ${t.trancheId} is ${t.status}: release or cancel it first.`));
    }
    for (const m of r.milestones.filter((x) => !CLOSED_MILESTONE_STATUSES.includes(x.status))) {
      out.push(req('MILESTONES_OPEN', `Milestone ${m.milestoneId} is ${m.status}.`));
    }
    return out;
  },
  RecordMonitoringVisit: () => [],
  RecordReferral: () => [],
  UpdateReferral: (state, _actor, _ctx, command) => {
    const c = commandOf(command, 'UpdateReferral');
    if (!c) {
      return referralsOf(ri(state)).some(referralUpdatable)
        ? []
        : [req('REFERRAL_NOT_OPEN', 'No referral is open to update.')];
    }
    const f = findReferral(ri(state), c.referralId);
    if (!f) return [];
    if (f.status === 'SERVICE_RECEIVED' && c.status !== 'SERVICE_RECEIVED') {
      return [
        req(
          'REFERRAL_NOT_OPEN',
          `Referral ${f.referralId} is SERVICE_RECEIVED: only feedback can still be recorded.`,
          f.memberId,
        ),
      ];
    }
    if (!referralUpdatable(f))
      return [req('REFERRAL_NOT_OPEN', `Referral ${f.referralId} is ${f.status}.`, f.memberId)];
    return [];
  },
  RecordContactAttempt: () => [],
  RecordRss: (state) =>
    rssConsentWithdrawn(state)
      ? [req('CONSENT_WITHDRAWN', 'The returnee withdrew the consent to the RSS interview: it is not run any more.')]
      : [],
  RecordFollowUp: (state, _actor, _ctx, command) => {
    const c = commandOf(command, 'RecordFollowUp');
    if (!c)
      return ri(state).followUps.some((x) => x.status === 'OPEN')
        ? []
        : [req('FOLLOW_UP_NOT_OPEN', 'No follow-up is open.')];
    const f = ri(state).followUps.find((x) => x.followUpId === c.followUpId);
    return f && f.status !== 'OPEN' ? [req('FOLLOW_UP_NOT_OPEN', `Follow-up ${c.followUpId} is already done.`)] : [];
  },
  OptOut: (_state, _actor, ctx, command) => {
    const c = commandOf(command, 'OptOut');
    if (!c || !(ctx.config.referralNoteClosureReasons ?? []).includes('OPTED_OUT') || c.referralNote) return [];
    return [
      req(
        'REFERRAL_NOTE_REQUIRED',
        'Opting out needs a note of why the returnee stops and whether the assistance could be adapted.',
      ),
    ];
  },
  CloseCase: (state, actor, ctx, command) => closeRequirements(state, actor, ctx, commandOf(command, 'CloseCase')),
  CorrectClosureReason: (state) =>
    state.previousStage && POST_ARRIVAL_STAGES.includes(state.previousStage)
      ? []
      : [req('REOPEN_NOT_POSSIBLE', 'Only a closure after arrival can be corrected here.')],
  DraftPlanAmendment: (state, _actor, _ctx, command) => {
    const r = ri(state);
    const out: Requirement[] = [];
    if (r.pendingAmendment)
      out.push(
        req(
          'AMENDMENT_ALREADY_PENDING',
          `Version ${r.pendingAmendment.planVersion} of the plan is waiting for a supervisor's decision.`,
        ),
      );
    out.push(...amendmentRequirements(state, commandOf(command, 'DraftPlanAmendment')));
    return out;
  },
  ApprovePlanAmendment: (state) => {
    const pending = ri(state).pendingAmendment;
    if (!pending) return [req('AMENDMENT_NOT_PENDING', 'No drafted plan amendment is waiting for approval.')];
    return amendmentRequirements(state, pending);
  },
  RejectPlanAmendment: (state) =>
    ri(state).pendingAmendment
      ? []
      : [req('AMENDMENT_NOT_PENDING', 'No drafted plan amendment is waiting for a decision.')],
};

/** A plan version replacing the current one: no money in flight, the returnee's agreement, within the remaining budget. */
function amendmentRequirements(state: CaseState, c: PlanFields | undefined): Requirement[] {
  const r = ri(state);
  const out: Requirement[] = [];
  for (const t of moneyInFlight(r))
    out.push(
      req('TRANCHE_IN_FLIGHT', `Tranche ${t.trancheId} is ${t.status}: pay or cancel it before amending the plan.`),
    );
  if (!c) return out;
  if (!c.returneeSigned) out.push(req('PLAN_NOT_SIGNED', 'The returnee has not agreed to (signed) the amended plan.'));
  const remaining = remainingCents(r);
  if (cents(c.budget) > remaining) {
    out.push(
      req(
        'AMENDMENT_ABOVE_REMAINING_BUDGET',
        `The amended budget ${c.budget.toFixed(2)} is above the remaining budget ${money(remaining)} ${currentPlan(r)?.currency ?? ''}.`.trim(),
      ),
    );
  }
  return out;
}

/** A referral whose status may still change, or (SERVICE_RECEIVED) that may still get feedback. */
function referralUpdatable(f: ReferralState): boolean {
  return f.status === 'SERVICE_RECEIVED' || !CLOSED_REFERRAL_STATUSES.includes(f.status);
}

function closeRequirements(
  state: CaseState,
  actor: Actor,
  ctx: DecideContext,
  c: Extract<ReintegrationCommand, { type: 'CloseCase' }> | undefined,
): Requirement[] {
  const r = ri(state);
  const cfg = reintegrationConfig(ctx.config);
  const out: Requirement[] = [];
  const override = c?.supervisorOverride;
  if (override && actor.role !== 'supervisor')
    out.push(req('ROLE_NOT_ALLOWED', 'Only a supervisor may close a case with items still open.'));
  const open: Requirement[] = [];
  for (const t of moneyInFlight(r))
    open.push(req('MONEY_IN_FLIGHT', `Tranche ${t.trancheId} is ${t.status}: pay or cancel it before closing.`));
  for (const f of r.followUps.filter((x) => x.status === 'OPEN'))
    open.push(req('FOLLOW_UP_OPEN', `Follow-up ${f.followUpId} (${f.reason}) is still open.`));
  if (c?.reason === 'COMPLETED') {
    for (const m of r.milestones.filter((x) => !CLOSED_MILESTONE_STATUSES.includes(x.status)))
      open.push(req('MILESTONES_OPEN', `Milestone ${m.milestoneId} is ${m.status}.`));
  }
  if (!override) out.push(...open);
  if (!c) return out;
  if (c.reason === 'COMPLETED') {
    if (state.stage !== 'MONITORING')
      out.push(
        req('ASSISTANCE_NOT_COMPLETED', 'A case is COMPLETED only after assistance was completed (MONITORING).'),
      );
    if (cfg.finalRssRequiredForCompletion && !endlineRss(r) && !c.rssWaiverReason && !rssConsentWithdrawn(state)) {
      out.push(req('FINAL_RSS_MISSING', 'Record the final (endline) RSS, or the reason it was waived.'));
    }
  }
  if (c.reason === 'LOST_CONTACT' && !lostContactRuleMet(r, ctx.now, cfg)) {
    out.push(
      req(
        'CONTACT_RULE_NOT_MET',
        `LOST_CONTACT needs ${cfg.lostContactMinAttempts} failed contact attempts since the last contact, over ${cfg.lostContactMinDays} days or more.`,
      ),
    );
  }
  out.push(...rssClosureRequirements(r, cfg.rssBelowThresholdClosure, c.justificationCode));
  if ((ctx.config.referralNoteClosureReasons ?? []).includes(c.reason) && !c.referralNote) {
    out.push(
      req(
        'REFERRAL_NOTE_REQUIRED',
        `Closing as ${c.reason} needs a note of what was explored (why, and whether the assistance could be adapted).`,
      ),
    );
  }
  return out;
}

/**
 * What closing with the last RSS below the threshold requires, as configured (AVRR.md §8.5 [C]): a justification, the
 * follow-up that RSS raised done, either, or nothing more (a low score never blocks assistance by itself).
 */
export function rssClosureRequirements(
  r: ReintegrationState,
  rule: RssBelowThresholdClosure,
  justificationCode: string | undefined,
): Requirement[] {
  const last = latestRss(r);
  if (!last || last.belowThreshold.length === 0 || rule === 'NONE') return [];
  const below = `The last RSS (${last.rssId}) is below the threshold (${last.belowThreshold.join(', ')})`;
  const followUps = r.followUps.filter((f) => f.rssId === last.rssId);
  const followUpDone = followUps.length > 0 && followUps.every((f) => f.status === 'DONE');
  if (rule === 'JUSTIFICATION')
    return justificationCode ? [] : [req('RSS_JUSTIFICATION_REQUIRED', `${below}: give a justification to close.`)];
  if (rule === 'FOLLOW_UP_DONE')
    return followUpDone
      ? []
      : [req('RSS_FOLLOW_UP_NOT_DONE', `${below}: record the follow-up it raised before closing.`)];
  return justificationCode || followUpDone
    ? []
    : [
        req(
          'RSS_JUSTIFICATION_REQUIRED',
          `${below}: record the follow-up it raised, or give a justification to close.`,
        ),
      ];
}

/** Stage + role + rules of a CLOSED case being re-opened (the Reopen command from CLOSED). */
export function reopenClosedRequirements(
  state: CaseState,
  actor: Actor,
  ctx: DecideContext,
  command?: Reopen,
): Requirement[] {
  const out: Requirement[] = [];
  if (actor.role !== 'supervisor') out.push(req('ROLE_NOT_ALLOWED', 'Only a supervisor may re-open a closed case.'));
  // A case closed before departure (a death) stays closed: for it Reopen is simply not open in this stage.
  if (!state.previousStage || !POST_ARRIVAL_STAGES.includes(state.previousStage)) {
    return [req('NOT_ALLOWED_IN_STAGE', 'Only a case closed after arrival can be re-opened.')];
  }
  // "Closure was wrong, or a new phase is funded" (AVRR.md §5.3): the ground is recorded with the re-opening.
  if (command && !command.reasonCode && ctx.config.reopenClosedNeedsReason) {
    out.push(req('REOPEN_REASON_REQUIRED', 'Give the ground for re-opening: CLOSURE_WRONG or NEW_PHASE_FUNDED.'));
  }
  return out;
}

// ---------------------------------------------------------------- payload checks

interface Invalid {
  code: 'INVALID_COMMAND' | 'UNKNOWN_MEMBER';
  message: string;
}

const invalid = (message: string): Invalid => ({ code: 'INVALID_COMMAND', message });
const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const codes = (v: unknown): v is string[] => Array.isArray(v) && v.every(text);
const bool = (v: unknown): v is boolean => typeof v === 'boolean';
const noteInvalid = (note: unknown): Invalid | null => {
  if (note === undefined) return null;
  const n: { referredTo?: unknown; solutionCode?: unknown; noteRef?: unknown } | null =
    typeof note === 'object' ? note : null;
  return n && typeof n === 'object' && text(n.referredTo) && text(n.solutionCode) && text(n.noteRef)
    ? null
    : invalid('referralNote needs referredTo, solutionCode and noteRef.');
};

function planInvalid(state: CaseState, c: PlanFields, ctx: DecideContext): Invalid | null {
  const cfg = reintegrationConfig(ctx.config);
  const r = ri(state);
  if (!Array.isArray(c.activities) || c.activities.length === 0) return invalid('activities must not be empty.');
  if (!hasAtMost2Decimals(c.budget) || c.budget <= 0)
    return invalid('budget must be an amount > 0 with at most 2 decimals.');
  if (c.currency !== cfg.programmeCurrency)
    return invalid(`budget currency must be the programme currency ${cfg.programmeCurrency}.`);
  if (c.exchangeRate !== undefined) {
    if (!c.exchangeRate || typeof c.exchangeRate.currency !== 'string' || !/^[A-Z]{3}$/.test(c.exchangeRate.currency))
      return invalid('exchangeRate.currency must be an ISO 4217 code.');
    if (typeof c.exchangeRate.rate !== 'number' || !Number.isFinite(c.exchangeRate.rate) || c.exchangeRate.rate <= 0)
      return invalid('exchangeRate.rate must be a number > 0.');
  }
  if (!ASSISTANCE_MODALITIES.includes(c.modality)) return invalid('modality must be CASH, IN_KIND or MIXED.');
  if (!bool(c.returneeSigned) || !text(c.signatureRef)) return invalid('returneeSigned and signatureRef are required.');
  const activityIds = new Set<string>();
  const milestoneIds = new Set<string>(r.milestones.map((m) => m.milestoneId));
  let sum = 0;
  for (const a of c.activities) {
    if (!a || !text(a.activityId) || activityIds.has(a.activityId))
      return invalid('each activity needs a unique activityId.');
    activityIds.add(a.activityId);
    if (
      !ACTIVITY_DIMENSIONS.includes(a.dimension) ||
      !ACTIVITY_LEVELS.includes(a.level) ||
      !ACTIVITY_TYPES.includes(a.type)
    ) {
      return invalid(`activity ${a.activityId}: unknown dimension, level or type.`);
    }
    if (!hasAtMost2Decimals(a.budget) || a.budget < 0)
      return invalid(`activity ${a.activityId}: budget must be an amount >= 0 with at most 2 decimals.`);
    sum += cents(a.budget);
    if (!Array.isArray(a.milestones)) return invalid(`activity ${a.activityId}: milestones must be a list.`);
    for (const m of a.milestones) {
      if (!m || !text(m.milestoneId) || milestoneIds.has(m.milestoneId))
        return invalid(`activity ${a.activityId}: each milestone needs a new, unique milestoneId.`);
      milestoneIds.add(m.milestoneId);
      if (!isIsoDate(m.dueDate) || !text(m.code))
        return invalid(`milestone ${m.milestoneId}: dueDate (YYYY-MM-DD) and code are required.`);
    }
  }
  if (sum !== cents(c.budget))
    return invalid(`budget ${c.budget.toFixed(2)} is not the sum of the activity budgets ${money(sum)}.`);
  if (!Array.isArray(c.tranches) || c.tranches.length === 0) return invalid('tranches must not be empty.');
  let tranches = 0;
  for (const t of c.tranches) {
    if (!t || !hasAtMost2Decimals(t.amount) || t.amount <= 0)
      return invalid('each tranche amount must be > 0 with at most 2 decimals.');
    tranches += cents(t.amount);
    if (t.dueDate !== undefined && !isIsoDate(t.dueDate)) return invalid('tranche dueDate must be YYYY-MM-DD.');
    if (
      t.conditions !== undefined &&
      (!Array.isArray(t.conditions) || !t.conditions.every((x) => TRANCHE_CONDITIONS.includes(x)))
    )
      return invalid('unknown tranche condition.');
    if (t.modality !== undefined && !ASSISTANCE_MODALITIES.includes(t.modality))
      return invalid('tranche modality must be CASH, IN_KIND or MIXED.');
    if (!text(t.payeeRef)) return invalid('each tranche needs a payeeRef (payee or supplier reference).');
  }
  if (tranches !== cents(c.budget))
    return invalid(`the tranches add up to ${money(tranches)}, not the budget ${c.budget.toFixed(2)}.`);
  return null;
}

/** null when a reintegration payload is well-formed for this case. */
export function validateReintegration(
  state: CaseState,
  command: ReintegrationCommand,
  meta: CommandMeta,
  ctx: DecideContext,
): Invalid | null {
  const r = ri(state);
  const c = command;
  switch (c.type) {
    case 'RecordContinuityOfCareConsent':
      return bool(c.given) && text(c.consentRef) ? null : invalid('given and consentRef are required.');
    case 'RecordReintegrationAssessment':
      return codes(c.needs) && codes(c.skills) ? null : invalid('needs and skills must be lists of codes.');
    case 'AgreePlan':
      return planInvalid(state, c, ctx);
    case 'AmendPlan':
    case 'DraftPlanAmendment':
      return text(c.reasonCode) ? planInvalid(state, c, ctx) : invalid('reasonCode is required.');
    case 'ApprovePlanAmendment':
      return null;
    case 'RejectPlanAmendment':
      return text(c.reasonCode) ? null : invalid('reasonCode is required.');
    case 'RecordMilestone': {
      const m = r.milestones.find((x) => x.milestoneId === c.milestoneId);
      if (!m) return invalid(`No milestone ${String(c.milestoneId)} in the plan.`);
      if (!MILESTONE_STATUSES.includes(c.status) || (c.status as string) === 'PLANNED')
        return invalid('status must be IN_PROGRESS, DONE, PARTIAL, FAILED or CANCELLED.');
      if (c.status === 'CANCELLED' && !text(c.reasonCode)) return invalid('a cancelled milestone needs a reasonCode.');
      if (c.reasonCode !== undefined && !text(c.reasonCode)) return invalid('reasonCode must be a code.');
      if (
        c.evidenceIds !== undefined &&
        (!codes(c.evidenceIds) || !c.evidenceIds.every((id) => r.evidence.some((e) => e.evidenceId === id)))
      ) {
        return invalid('evidenceIds must name evidence already recorded.');
      }
      return null;
    }
    case 'RecordEvidence':
      if (!text(c.evidenceId) || r.evidence.some((e) => e.evidenceId === c.evidenceId))
        return invalid('evidenceId must be a new reference.');
      if (typeof c.checksum !== 'string' || !/^[0-9a-f]{64}$/i.test(c.checksum))
        return invalid('checksum must be a SHA-256 in hex.');
      if (!text(c.contentType) || !/^[\w.+-]+\/[\w.+-]+$/.test(c.contentType))
        return invalid('contentType must be a media type.');
      if (!EVIDENCE_PURPOSES.includes(c.purpose)) return invalid('unknown evidence purpose.');
      if (c.milestoneId !== undefined && !r.milestones.some((m) => m.milestoneId === c.milestoneId))
        return invalid(`No milestone ${String(c.milestoneId)} in the plan.`);
      if (c.trancheId !== undefined && !findTranche(r, c.trancheId))
        return invalid(`No tranche ${String(c.trancheId)} in the plan.`);
      if (c.purpose === 'TRANCHE_USE' && !c.trancheId)
        return invalid('evidence of the use of a tranche names the tranche.');
      if (c.purpose === 'MILESTONE' && !c.milestoneId) return invalid('evidence for a milestone names the milestone.');
      if (c.signed !== undefined && (!bool(c.signed) || c.purpose !== 'HANDOVER_NOTE'))
        return invalid('signed is a flag of a handover note.');
      if (c.purpose === 'HANDOVER_NOTE' && c.signed && !c.trancheId)
        return invalid('a signed handover note names the tranche whose goods were handed over.');
      return null;
    case 'RequestTranche':
    case 'ApproveTranche':
      return findTranche(r, c.trancheId) ? null : invalid(`No tranche ${String(c.trancheId)} in the plan.`);
    case 'RecordTranchePayment':
      if (!findTranche(r, c.trancheId)) return invalid(`No tranche ${String(c.trancheId)} in the plan.`);
      return text(c.paymentRef) ? null : invalid('paymentRef is required.');
    case 'CancelTranche':
      if (!findTranche(r, c.trancheId)) return invalid(`No tranche ${String(c.trancheId)} in the plan.`);
      return text(c.reasonCode) ? null : invalid('reasonCode is required.');
    case 'CompleteAssistance':
      return null;
    case 'RecordMonitoringVisit':
      if (!MONITORING_MODES.includes(c.mode)) return invalid('mode must be IN_PERSON, PHONE or VIDEO.');
      if (!codes(c.findings)) return invalid('findings must be a list of codes.');
      if (c.businessStatus !== undefined && !BUSINESS_STATUSES.includes(c.businessStatus))
        return invalid('unknown businessStatus.');
      return null;
    case 'RecordReferral': {
      if (typeof c.memberId !== 'string') return invalid('memberId is required.');
      const m = state.members.find((x) => x.memberId === c.memberId);
      if (!m) return { code: 'UNKNOWN_MEMBER', message: `Member ${c.memberId} is not part of this case.` };
      if (m.deceased || m.withdrawn) return invalid(`Member ${c.memberId} is not a returnee of this case any more.`);
      if (!text(c.providerRef)) return invalid('providerRef is required.');
      if (!REFERRAL_SERVICES.includes(c.service)) return invalid('unknown referral service.');
      if (c.activityId !== undefined && !currentPlan(r)?.activities.some((a) => a.activityId === c.activityId)) {
        return invalid(`No activity ${String(c.activityId)} in the current plan.`);
      }
      return c.needCode === undefined || text(c.needCode) ? null : invalid('needCode must be a code.');
    }
    case 'UpdateReferral': {
      const f = findReferral(r, c.referralId);
      if (!f) return invalid(`No referral ${String(c.referralId)}.`);
      if (!REFERRAL_UPDATE_STATUSES.includes(c.status))
        return invalid(`status must be one of ${REFERRAL_UPDATE_STATUSES.join(', ')}.`);
      if ((c.status === 'DECLINED' || c.status === 'CANCELLED') && !text(c.reasonCode))
        return invalid(`a ${c.status} referral needs a reasonCode.`);
      if (c.reasonCode !== undefined && !text(c.reasonCode)) return invalid('reasonCode must be a code.');
      if (c.satisfaction !== undefined) {
        if (c.status !== 'SERVICE_RECEIVED')
          return invalid('satisfaction is recorded only once the service was received.');
        if (
          !Number.isInteger(c.satisfaction) ||
          c.satisfaction < REFERRAL_SATISFACTION_MIN ||
          c.satisfaction > REFERRAL_SATISFACTION_MAX
        ) {
          return invalid(
            `satisfaction must be a whole number from ${REFERRAL_SATISFACTION_MIN} to ${REFERRAL_SATISFACTION_MAX}.`,
          );
        }
      }
      if (c.feedback !== undefined && !codes(c.feedback)) return invalid('feedback must be a list of codes.');
      if (compareInstants(meta.effectiveAt, f.referredAt) < 0)
        return invalid(`Referral ${f.referralId} was made on ${f.referredAt}: an update cannot be earlier.`);
      return null;
    }
    case 'RecordContactAttempt':
      if (!CONTACT_MODES.includes(c.mode)) return invalid('unknown contact mode.');
      return bool(c.successful) ? null : invalid('successful is required.');
    case 'RecordRss': {
      const instrument = reintegrationConfig(ctx.config).rssInstruments.find((i) => i.version === c.instrumentVersion);
      if (!instrument) return invalid(`No RSS instrument ${String(c.instrumentVersion)} is configured.`);
      if (!RSS_TIMINGS.includes(c.timing)) return invalid('timing must be BASELINE, MIDPOINT or ENDLINE.');
      if (!MONITORING_MODES.includes(c.mode)) return invalid('mode must be IN_PERSON, PHONE or VIDEO.');
      if (!c.answers || typeof c.answers !== 'object' || Array.isArray(c.answers))
        return invalid('answers must be an object.');
      const ids = instrument.indicators.map((i) => i.id);
      for (const [k, v] of Object.entries(c.answers)) {
        if (!ids.includes(k)) return invalid(`${k} is not an indicator of ${instrument.version}.`);
        if (v !== null && typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string')
          return invalid(`answer ${k} must be a number, a flag, a code or null.`);
      }
      if (c.weights !== undefined) {
        const problem = validateRssWeights(instrument.indicators, c.weights)[0];
        if (problem) return invalid(`weights: ${problem.message}.`);
      }
      return null;
    }
    case 'RecordFollowUp':
      if (!r.followUps.some((f) => f.followUpId === c.followUpId))
        return invalid(`No follow-up ${String(c.followUpId)}.`);
      return FOLLOW_UP_ACTIONS.includes(c.action) ? null : invalid('unknown follow-up action.');
    case 'OptOut':
      if (c.reasonCode !== undefined && !text(c.reasonCode)) return invalid('reasonCode must be a code.');
      return noteInvalid(c.referralNote);
    case 'CloseCase':
      if (!POST_ARRIVAL_CLOSURE_REASONS.includes(c.reason)) return invalid('unknown closure reason.');
      if (noteInvalid(c.referralNote)) return noteInvalid(c.referralNote);
      if (c.justificationCode !== undefined && !text(c.justificationCode))
        return invalid('justificationCode must be a code.');
      if (c.rssWaiverReason !== undefined && !text(c.rssWaiverReason))
        return invalid('rssWaiverReason must be a code.');
      if (c.supervisorOverride !== undefined && (!c.supervisorOverride || !text(c.supervisorOverride.reasonCode)))
        return invalid('supervisorOverride needs a reasonCode.');
      return null;
    case 'CorrectClosureReason':
      if (!POST_ARRIVAL_CLOSURE_REASONS.includes(c.reason)) return invalid('unknown closure reason.');
      if (c.reason === state.closureReason) return invalid(`The closure reason is already ${c.reason}.`);
      return text(c.noteCode) ? null : invalid('noteCode is required.');
    default:
      return invalid('unknown command type.');
  }
}
