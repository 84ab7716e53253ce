/**
 * Every [C] value the rules read (AVRR.md markers [C] and [A]). Per programme, donor, office or country:
 * the caller picks the right DomainConfig and passes it in DecideContext; the rules never read globals.
 */
import { RSS_INSTRUMENT_V1, validateRssInstrument, type RssInstrument } from './rss';
import { TRANCHE_CONDITIONS, type TrancheCondition } from './reintegration-model';

/**
 * The [C] values of the reintegration rules (AVRR.md §8, §9, §10). Part of DomainConfig (flat keys, so a
 * deployment's DOMAIN_RULES can override each). A workflow started before these keys existed carries a config
 * without them: `reintegrationConfig` fills the defaults for the rules, and the durable timers of the monitoring
 * visits, the handover acknowledgement and the contact rule are only set when the case's own config has the keys
 * (so old histories replay with the timers they had).
 */
export interface ReintegrationConfig {
  /** Currency plan budgets are approved in (USD or EUR) [C]. */
  programmeCurrency: string;
  /** A plan whose budget is above this (programme currency) needs a supervisor's approval [C]. */
  planBudgetCeiling: number;
  /** AmendPlan is sent (approved) by a supervisor [C]. */
  supervisorApprovesPlanAmendments: boolean;
  /** Conditions of every tranche after the case's first one, unless the plan says otherwise [C]. */
  defaultTrancheConditions: TrancheCondition[];
  /** The user who records a payment must not be the one who approved it (the requester never approves). */
  paymentByOtherUserThanApprover: boolean;
  /** Monitoring visits planned at these months after arrival (durable timers) [A, 1, 3, 6, 12]. */
  monitoringVisitOffsetsMonths: number[];
  /** LOST_CONTACT needs at least this many failed contact attempts since the last contact ... [C, 3] */
  lostContactMinAttempts: number;
  /** ... the first of them at least this many days ago [C, 60]. */
  lostContactMinDays: number;
  /**
   * When failed attempts meet the contact rule only by time passing (the first of them `lostContactMinDays` ago, no
   * new attempt), a durable timer places the CONTACT_LOST hold then (the same hold a failed attempt places).
   */
  contactRuleTimer: boolean;
  /** The receiving office acknowledges the handover within this many working days of arrival [A, 3]. */
  handoverAckWorkingDays: number;
  /** Days of the week that are not working days (0 = Sunday) [C]. */
  nonWorkingWeekdays: number[];
  /** Versioned RSS instruments; RecordRss names the version it used. */
  rssInstruments: RssInstrument[];
  /** Closing as COMPLETED needs an endline RSS or a waiver reason. */
  finalRssRequiredForCompletion: boolean;
  /**
   * What closing with the last RSS below the threshold requires [C] (AVRR.md §8.5): a justification code, the
   * follow-up it raised done, either of the two, or nothing more.
   */
  rssBelowThresholdClosure: RssBelowThresholdClosure;
}

export type RssBelowThresholdClosure = 'JUSTIFICATION' | 'FOLLOW_UP_DONE' | 'JUSTIFICATION_OR_FOLLOW_UP_DONE' | 'NONE';
export const RSS_BELOW_THRESHOLD_CLOSURES: readonly RssBelowThresholdClosure[] = [
  'JUSTIFICATION',
  'FOLLOW_UP_DONE',
  'JUSTIFICATION_OR_FOLLOW_UP_DONE',
  'NONE',
];

export const defaultReintegrationConfig: ReintegrationConfig = {
  programmeCurrency: 'EUR',
  planBudgetCeiling: 1500,
  supervisorApprovesPlanAmendments: true,
  defaultTrancheConditions: ['EVIDENCE_OF_PREVIOUS_USE', 'MONITORING_VISIT', 'COUNTERPART_RECOMMENDATION'],
  paymentByOtherUserThanApprover: true,
  monitoringVisitOffsetsMonths: [1, 3, 6, 12],
  lostContactMinAttempts: 3,
  lostContactMinDays: 60,
  contactRuleTimer: true,
  handoverAckWorkingDays: 3,
  nonWorkingWeekdays: [0, 6],
  rssInstruments: [RSS_INSTRUMENT_V1],
  finalRssRequiredForCompletion: true,
  rssBelowThresholdClosure: 'JUSTIFICATION',
};

/** The reintegration settings of a config, with the defaults for keys an older config lacks. */
export function reintegrationConfig(config: Partial<ReintegrationConfig>): ReintegrationConfig {
  const out: Record<string, unknown> = { ...defaultReintegrationConfig };
  for (const key of Object.keys(defaultReintegrationConfig)) {
    const v = (config as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as ReintegrationConfig;
}

/** Problems of the reintegration settings (empty when usable), e.g. for a deployment's DOMAIN_RULES overrides. */
export function validateReintegrationConfig(config: Partial<ReintegrationConfig>): string[] {
  const cfg = reintegrationConfig(config);
  const problems: string[] = [];
  if (!/^[A-Z]{3}$/.test(cfg.programmeCurrency)) problems.push('programmeCurrency: must be an ISO 4217 code');
  if (!(cfg.planBudgetCeiling > 0)) problems.push('planBudgetCeiling: must be > 0');
  const conditions: readonly string[] = TRANCHE_CONDITIONS;
  if (!cfg.defaultTrancheConditions.every((c) => conditions.includes(c)))
    problems.push('defaultTrancheConditions: unknown condition');
  if (
    !cfg.monitoringVisitOffsetsMonths.every((m, i, all) => Number.isInteger(m) && m > 0 && (i === 0 || m > all[i - 1]))
  ) {
    problems.push('monitoringVisitOffsetsMonths: whole months > 0, increasing');
  }
  if (!Number.isInteger(cfg.lostContactMinAttempts) || cfg.lostContactMinAttempts < 1)
    problems.push('lostContactMinAttempts: a whole number >= 1');
  if (typeof cfg.contactRuleTimer !== 'boolean') problems.push('contactRuleTimer: true or false');
  if (!Number.isInteger(cfg.handoverAckWorkingDays) || cfg.handoverAckWorkingDays < 1)
    problems.push('handoverAckWorkingDays: a whole number >= 1');
  if (
    !cfg.nonWorkingWeekdays.every((d) => Number.isInteger(d) && d >= 0 && d <= 6) ||
    cfg.nonWorkingWeekdays.length > 6
  ) {
    problems.push('nonWorkingWeekdays: weekdays 0-6, at least one working day');
  }
  if (!RSS_BELOW_THRESHOLD_CLOSURES.includes(cfg.rssBelowThresholdClosure))
    problems.push(`rssBelowThresholdClosure: one of ${RSS_BELOW_THRESHOLD_CLOSURES.join(', ')}`);
  if (cfg.rssInstruments.length === 0) problems.push('rssInstruments: at least one instrument');
  const versions = cfg.rssInstruments.map((i) => i.version);
  if (new Set(versions).size !== versions.length) problems.push('rssInstruments: versions must be unique');
  for (const i of cfg.rssInstruments)
    for (const p of validateRssInstrument(i)) problems.push(`rssInstruments[${i.version}]: ${p}`);
  return problems;
}

/** The reintegration keys (ReintegrationConfig) are part of it: see reintegration/config.ts. */
export interface DomainConfig extends ReintegrationConfig {
  /** A travel document must be valid at least this many days after the departure date (§5.3 ConfirmBooking). */
  documentExpiryBufferDays: number;
  /** Validity of a fit-to-travel result when the MEDICAL assessment gives no validUntil. */
  fitToTravelValidityDays: number;
  /** Validity of a VoT risk assessment when the result gives no validUntil; reassess after (§5.3 VoT). */
  votAssessmentValidityDays: number;
  /** Withdrawn, cancelled and closed cases may be re-opened within this many days of leaving the process (reopen-window.ts). */
  reopenWindowDays: number;
  /** From this no-show on, rebooking needs a supervisor review and a new counselling session. */
  noShowReviewThreshold: number;
  /** Approve needs the supervisor role when any vulnerability is flagged. */
  supervisorApprovalForVulnerable: boolean;
  /** UASC aged uascCoSignAge or more sign the declaration together with their legal representative [S18]. */
  uascOver16SignsWithRepresentative: boolean;
  /** Age from which a UASC co-signs (with uascOver16SignsWithRepresentative). */
  uascCoSignAge: number;
  /** How long an unticketed booking is held when ConfirmBooking gives no bookingHoldUntil. */
  bookingHoldDefaultHours: number;
  /** Age of majority used by every age rule. */
  adultAge: number;
  /** No departure without a granted exit authorization for every traveller (§7.3). */
  exitAuthorizationRequired: boolean;
  /** Who needs a passed pre-embarkation check before RecordDeparture. */
  preEmbarkationCheckRequiredFor: 'MEDICAL' | 'ALL' | 'NONE';
  /** Vulnerability types that need a supervisor's approval (with supervisorApprovalForVulnerable). */
  vulnerabilitiesNeedingSupervisor: readonly string[];
  /**
   * A protection risk judged TOO_HIGH is reassessed this many days later: the assessment is pending again then, and the
   * protection focal point has it in their work. Absent in configs of cases started before the rule (no timer).
   */
  riskReassessmentDays?: number;
  /** Cancellation reasons that need a referral note [C] (alternative solutions; AVRR.md §5.3, §7.0, §7.2). */
  referralNoteCancelReasons?: readonly string[];
  /** Post-arrival closure reasons (and OptOut) that need a note of what was explored [C] (AVRR.md §8.4). */
  referralNoteClosureReasons?: readonly string[];
  /**
   * A repeat applicant (recorded as the same person as an earlier case that departed with assistance): ALLOWED, or
   * approval needs a supervisor's recorded exception (SUPERVISOR_EXCEPTION, the default), or NOT_ELIGIBLE.
   */
  repeatApplicant?: 'SUPERVISOR_EXCEPTION' | 'ALLOWED' | 'NOT_ELIGIBLE';
  /**
   * A child registered without a parent or legal guardian in the case gets a BID_PENDING hold at opening (AVRR.md §5.3
   * UASC). Absent in configs of cases started before the rule: their opening stays as it was recorded (replay).
   */
  uascHoldAtRegistration?: boolean;
  /**
   * LiftHold of a member's PROTECTION_RISK hold needs the member's latest VoT risk assessment to be ACCEPTABLE, besides
   * the mitigation (AVRR.md §5.2). Absent in configs of cases started before the rule: their recorded lifts replay.
   */
  protectionLiftNeedsAcceptableRisk?: boolean;
  /**
   * Reopen of a CLOSED case needs its ground, a reasonCode (AVRR.md §5.3). Absent in configs of cases started before
   * the rule: their recorded re-openings replay.
   */
  reopenClosedNeedsReason?: boolean;
}

export const defaultDomainConfig: DomainConfig = {
  ...defaultReintegrationConfig,
  documentExpiryBufferDays: 3,
  fitToTravelValidityDays: 7,
  votAssessmentValidityDays: 30,
  reopenWindowDays: 365,
  noShowReviewThreshold: 2,
  supervisorApprovalForVulnerable: true,
  uascOver16SignsWithRepresentative: true,
  uascCoSignAge: 16,
  bookingHoldDefaultHours: 72,
  adultAge: 18,
  exitAuthorizationRequired: true,
  preEmbarkationCheckRequiredFor: 'MEDICAL',
  repeatApplicant: 'SUPERVISOR_EXCEPTION',
  vulnerabilitiesNeedingSupervisor: [
    'UASC',
    'VOT',
    'MEDICAL',
    'DISABILITY',
    'ELDERLY',
    'PREGNANT',
    'SINGLE_PARENT',
    'GBV_SURVIVOR',
    'DESTITUTE',
    'MENTAL_HEALTH',
    'ASYLUM_SEEKER',
    'OTHER',
  ],
  riskReassessmentDays: 30,
  referralNoteCancelReasons: ['RETURN_NOT_IN_BEST_INTERESTS', 'RISK_TOO_HIGH'],
  referralNoteClosureReasons: ['OPTED_OUT', 'RE_MIGRATED'],
  uascHoldAtRegistration: true,
  protectionLiftNeedsAcceptableRisk: true,
  reopenClosedNeedsReason: true,
};

/** What every rule is given: the recorded time (ISO instant, from the server / workflow clock) and the case's config. */
export interface DecideContext {
  now: string;
  config: DomainConfig;
}
