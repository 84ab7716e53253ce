/** Country-of-origin reintegration: stages 11-16 of AVRR.md §5.3, §8. */
export * from '../reintegration-model';
export { REINTEGRATION_COMMAND_STAGES } from './rules';
export { plannedVisits, lostContactRuleMet, type PlannedVisit } from './queries';
export type { ReintegrationView } from './view';
export type { ReintegrationDeadlineKind } from './deadlines';
