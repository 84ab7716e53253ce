/**
 * Code lists the counterpart's forms offer, typed against the OpenAPI document's payload schemas (a code the API does
 * not accept fails the type check). The domain's own lists live in libs/domain/src/reintegration-model.ts, which the
 * browser bundle does not import (it pulls the date library in for its rules).
 */
import type { components } from '../../api/schema';

type S = components['schemas'];
type Activity = S['PlanActivityPayload'];

export const DIMENSIONS = ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'] as const satisfies readonly Activity['dimension'][];
export const LEVELS = ['INDIVIDUAL', 'COMMUNITY', 'STRUCTURAL'] as const satisfies readonly Activity['level'][];
export const ACTIVITY_TYPES = [
  'BUSINESS',
  'TRAINING',
  'JOB_PLACEMENT',
  'EDUCATION',
  'HOUSING',
  'MEDICAL',
  'MHPSS',
  'LEGAL',
  'COMMUNITY_PROJECT',
] as const satisfies readonly Activity['type'][];
export const MODALITIES = ['CASH', 'IN_KIND', 'MIXED'] as const satisfies readonly S['AgreePlanPayload']['modality'][];
export const TRANCHE_CONDITIONS = [
  'EVIDENCE_OF_PREVIOUS_USE',
  'MONITORING_VISIT',
  'COUNTERPART_RECOMMENDATION',
] as const satisfies readonly NonNullable<S['TrancheInputPayload']['conditions']>[number][];
export const MILESTONE_UPDATES = [
  'IN_PROGRESS',
  'DONE',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
] as const satisfies readonly S['RecordMilestonePayload']['status'][];
export const EVIDENCE_PURPOSES = [
  'MILESTONE',
  'TRANCHE_USE',
  'HANDOVER_NOTE',
  'OTHER',
] as const satisfies readonly S['RecordEvidencePayload']['purpose'][];
export const RSS_TIMINGS = [
  'BASELINE',
  'MIDPOINT',
  'ENDLINE',
] as const satisfies readonly S['RecordRssPayload']['timing'][];
export const MONITORING_MODES = [
  'IN_PERSON',
  'PHONE',
  'VIDEO',
] as const satisfies readonly S['RecordRssPayload']['mode'][];

/** The API's code rule (apps/api/src/cases/dto/commands/rules.ts CODE): ids and codes, never free text. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
export const isCode = (s: string, max = 64) => s.length > 0 && s.length <= max && CODE.test(s);
