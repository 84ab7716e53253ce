/**
 * The re-open window (AVRR.md §5.3 Reopen: [C], default 12 months): a withdrawn, cancelled or closed case may be
 * re-opened until `reopenWindowDays` calendar days after it left the process, counted from the effective time it
 * ended (withdrawal, cancellation or closure). The rules (Reopen's requirement) and the workflow (how long a closed
 * case's run waits for a Reopen) both ask this module.
 */
import type { DomainConfig } from './config';
import { addDays, compareInstants, startOfDay } from './dates';
import { isEnded } from './stages';
import type { CaseState } from './state';

/** When the case left the process (effective time), or undefined while it is in progress. */
export function reopenWindowAnchor(state: CaseState): string | undefined {
  if (!isEnded(state.stage)) return undefined;
  if (state.stage === 'WITHDRAWN') return state.withdrawal?.effectiveAt ?? state.stageEnteredAt;
  if (state.stage === 'CANCELLED') return state.cancellation?.effectiveAt ?? state.stageEnteredAt;
  return state.closedAt ?? state.stageEnteredAt;
}

/**
 * First instant at which the case can no longer be re-opened: the start (UTC) of the day after the last day of the
 * window, so the whole of the last calendar day counts. Undefined while the case is in progress.
 */
export function reopenWindowEndsAt(
  state: CaseState,
  config: Pick<DomainConfig, 'reopenWindowDays'>,
): string | undefined {
  const anchor = reopenWindowAnchor(state);
  return anchor === undefined ? undefined : startOfDay(addDays(anchor, config.reopenWindowDays + 1));
}

/** True when an ended case may still be re-opened at `now` (ISO instant). */
export function withinReopenWindow(
  state: CaseState,
  now: string,
  config: Pick<DomainConfig, 'reopenWindowDays'>,
): boolean {
  const endsAt = reopenWindowEndsAt(state, config);
  return endsAt !== undefined && compareInstants(now, endsAt) < 0;
}
