/**
 * Stage sets and what they mean (AVRR.md §5.1). The one place that says which stages belong to the host mission or to
 * the country of origin, and which ones end a case's progress. Three distinct notions, named distinctly:
 * - closed (CLOSED): the terminal stage, with a closure reason; only a supervisor re-opens it, within the window.
 * - out of process (WITHDRAWN, CANCELLED): the case left the process before departure; re-openable.
 * - ended (closed or out of process): nothing moves the case on by itself, so it has no reminders, no SLA clock and
 *   is not an open case for the monitor.
 */
import type { Stage } from './types';

/** Stages 1-9: the host mission's part, where Withdraw and Cancel are always open. */
export const PRE_DEPARTURE_STAGES: readonly Stage[] = [
  'REFERRED',
  'REGISTERED',
  'COUNSELLING',
  'SCREENING',
  'ASSESSMENT',
  'APPROVED',
  'DOCUMENTATION',
  'READY_FOR_BOOKING',
  'BOOKED',
];

/** Stages 11-15: the country-of-origin counterpart's part. */
export const POST_ARRIVAL_STAGES: readonly Stage[] = [
  'ARRIVED',
  'REINTEGRATION_COUNSELLING',
  'PLAN_AGREED',
  'ASSISTANCE_IN_PROGRESS',
  'MONITORING',
];

/** Left the process before departure: re-openable within the re-open window. */
export const OUT_OF_PROCESS_STAGES: readonly Stage[] = ['WITHDRAWN', 'CANCELLED'];

/** Every stage, in the order of AVRR.md §5.1. */
export const STAGES: readonly Stage[] = [
  ...PRE_DEPARTURE_STAGES,
  'DEPARTED',
  ...POST_ARRIVAL_STAGES,
  'CLOSED',
  ...OUT_OF_PROCESS_STAGES,
];

/** Closed or out of process: the case no longer progresses by itself. */
export const ENDED_STAGES: readonly Stage[] = ['CLOSED', ...OUT_OF_PROCESS_STAGES];

/** Every stage in which a case is still in progress (the complement of ENDED_STAGES). */
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => !ENDED_STAGES.includes(s));

/**
 * Stages in which a receiving office sees the case it was handed (AVRR.md §4 scope rule): from arrival on, closed
 * cases included.
 */
export const RECEIVING_OFFICE_STAGES: readonly Stage[] = [...POST_ARRIVAL_STAGES, 'CLOSED'];

/** The terminal stage (CLOSED). */
export function isClosed(stage: Stage): boolean {
  return stage === 'CLOSED';
}

/** WITHDRAWN or CANCELLED. */
export function isOutOfProcess(stage: Stage): boolean {
  return OUT_OF_PROCESS_STAGES.includes(stage);
}

/** Closed or out of process. */
export function isEnded(stage: Stage): boolean {
  return ENDED_STAGES.includes(stage);
}

export function isPreDeparture(stage: Stage): boolean {
  return PRE_DEPARTURE_STAGES.includes(stage);
}

export function isPostArrival(stage: Stage): boolean {
  return POST_ARRIVAL_STAGES.includes(stage);
}
