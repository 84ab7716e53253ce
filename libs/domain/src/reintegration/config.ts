/**
 * The [C] values of the reintegration rules (AVRR.md §8, §9, §10). Part of DomainConfig (flat keys, so a
 * deployment's DOMAIN_RULES can override each). A workflow started before these keys existed carries a config
 * without them: `reintegrationConfig` fills the defaults for the rules, and the durable timers of the monitoring
 * visits and the handover acknowledgement are only set when the case's own config has the keys (so old histories
 * replay with the timers they had).
 */
import { RSS_INSTRUMENT_V1, type RssInstrument } from '../rss';
import type { TrancheCondition } from './model';

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
  /** The receiving office acknowledges the handover within this many working days of arrival [A, 3]. */
  handoverAckWorkingDays: number;
  /** Days of the week that are not working days (0 = Sunday) [C]. */
  nonWorkingWeekdays: number[];
  /** Versioned RSS instruments; RecordRss names the version it used. */
  rssInstruments: RssInstrument[];
  /** Closing as COMPLETED needs an endline RSS or a waiver reason. */
  finalRssRequiredForCompletion: boolean;
}

export const defaultReintegrationConfig: ReintegrationConfig = {
  programmeCurrency: 'EUR',
  planBudgetCeiling: 1500,
  supervisorApprovesPlanAmendments: true,
  defaultTrancheConditions: ['EVIDENCE_OF_PREVIOUS_USE', 'MONITORING_VISIT', 'COUNTERPART_RECOMMENDATION'],
  paymentByOtherUserThanApprover: true,
  monitoringVisitOffsetsMonths: [1, 3, 6, 12],
  lostContactMinAttempts: 3,
  lostContactMinDays: 60,
  handoverAckWorkingDays: 3,
  nonWorkingWeekdays: [0, 6],
  rssInstruments: [RSS_INSTRUMENT_V1],
  finalRssRequiredForCompletion: true,
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
