/**
 * Durable timers of the reintegration part (the workflow sleeps until nextDeadline and applies them):
 * - HANDOVER_ACK_OVERDUE: the receiving office has not acknowledged the handover within the configured working
 *   days of arrival: the case is flagged for the sending office (it sees the flag on its own case).
 * - MONITORING_VISIT_DUE: a planned monitoring visit (months 1, 3, 6, 12 after arrival by default) is due.
 * - CONTACT_RULE_MET: enough failed contact attempts, and now the first of them is old enough: the system places
 *   the CONTACT_LOST hold (a failed attempt that meets the rule places it at once; this is for time passing alone).
 * Each fires once (its event is what removes it), so nextDeadline and onDeadlines agree and the loop cannot spin.
 * Only set when the case's own config has the keys (see config.ts): older workflows keep the timers they had.
 */
import { addDays, startOfDay, toDate } from '../dates';
import { activeHold } from '../queries';
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';
import { POST_ARRIVAL_STAGES } from '../stages';
import type { DomainConfig } from '../config';
import { reintegrationConfig } from '../config';
import { failedAttemptsSinceContact } from '../reintegration-model';
import { handoverDeadlineOf, lostContactRuleMet, plannedVisits, ri } from './queries';

export type ReintegrationDeadlineKind = 'HANDOVER_ACK_OVERDUE' | 'MONITORING_VISIT_DUE' | 'CONTACT_RULE_MET';

export interface ReintegrationDueItem {
  at: string;
  kind: ReintegrationDeadlineKind;
  visitNo?: number;
  dueOn: string;
}

export function reintegrationDeadlines(state: CaseState, config: DomainConfig): ReintegrationDueItem[] {
  if (!POST_ARRIVAL_STAGES.includes(state.stage) || !state.arrival) return [];
  const out: ReintegrationDueItem[] = [];
  const raw = config as Partial<DomainConfig>;
  const cfg = reintegrationConfig(config);
  if (state.stage === 'ARRIVED' && typeof raw.handoverAckWorkingDays === 'number' && !ri(state).handoverOverdue) {
    const deadline = handoverDeadlineOf(state, cfg);
    if (deadline)
      out.push({ at: deadline.handoverOverdueAt, kind: 'HANDOVER_ACK_OVERDUE', dueOn: deadline.handoverDueOn });
  }
  if (
    raw.contactRuleTimer === true &&
    POST_ARRIVAL_STAGES.includes(state.stage) &&
    !activeHold(state, 'CONTACT_LOST')
  ) {
    const failed = failedAttemptsSinceContact(ri(state));
    const first = failed[0];
    if (first && failed.length >= cfg.lostContactMinAttempts && ri(state).contactRuleHoldFor !== first.effectiveAt) {
      const dueOn = addDays(toDate(first.effectiveAt), cfg.lostContactMinDays);
      out.push({ at: startOfDay(dueOn), kind: 'CONTACT_RULE_MET', dueOn });
    }
  }
  if (Array.isArray(raw.monitoringVisitOffsetsMonths)) {
    for (const v of plannedVisits(state, cfg)) {
      if (v.status === 'PLANNED')
        out.push({ at: startOfDay(v.dueOn), kind: 'MONITORING_VISIT_DUE', visitNo: v.visitNo, dueOn: v.dueOn });
    }
  }
  return out;
}

/** The event of one due item, given the state the earlier items of the same batch produced. */
export function onReintegrationDeadline(
  cur: CaseState,
  item: ReintegrationDueItem,
  recordedAt: string,
  config: DomainConfig,
): CaseEvent[] {
  const times = { effectiveAt: item.at, recordedAt };
  if (item.kind === 'HANDOVER_ACK_OVERDUE') {
    if (cur.stage !== 'ARRIVED' || ri(cur).handoverOverdue) return [];
    return [
      {
        type: 'HandoverAcknowledgementOverdue',
        receivingOffice: cur.arrival?.receivingOffice || cur.receivingOffice || '',
        dueOn: item.dueOn,
        ...times,
      },
    ];
  }
  if (item.kind === 'CONTACT_RULE_MET') {
    // Same conditions as when it was planned (an earlier item of the batch, or a command in between, may have changed them).
    if (!POST_ARRIVAL_STAGES.includes(cur.stage) || activeHold(cur, 'CONTACT_LOST')) return [];
    const first = failedAttemptsSinceContact(ri(cur))[0];
    if (
      !first ||
      ri(cur).contactRuleHoldFor === first.effectiveAt ||
      !lostContactRuleMet(ri(cur), item.at, reintegrationConfig(config))
    )
      return [];
    return [{ type: 'HoldPlaced', hold: 'CONTACT_LOST', reason: 'CONTACT_RULE_MET', placedBy: 'system', ...times }];
  }
  if (item.visitNo === undefined || ri(cur).visitsDue.some((v) => v.visitNo === item.visitNo)) return [];
  return [{ type: 'MonitoringVisitDue', visitNo: item.visitNo, dueOn: item.dueOn, ...times }];
}
