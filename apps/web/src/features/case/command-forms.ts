/**
 * Commands whose form is written by hand, by command type; every other command gets the form generated from its
 * payload schema (GenericCommandForm). Add a row here to replace the generated form of a command. Form components
 * import their props from './command-form-types' (not from here: this registry imports them).
 */
import type { ComponentType } from 'react';
import type { CommandFormProps } from './command-form-types';
import { EvidenceForm } from '../counterpart/EvidenceForm';
import { MilestoneForm } from '../counterpart/MilestoneForm';
import { PlanEditorForm } from '../counterpart/PlanEditorForm';
import { RssSurveyForm } from '../counterpart/RssSurveyForm';
import { TrancheCommandForm } from '../finance/TrancheCommandForm';

export type { CommandFormProps, CommandSubmitOptions, MemberOption } from './command-form-types';

export const COMMAND_FORMS: Partial<Record<string, ComponentType<CommandFormProps>>> = {
  // Counterpart (features/counterpart): the plan editor, milestones with their evidence, the RSS survey with its scores.
  AgreePlan: PlanEditorForm,
  AmendPlan: PlanEditorForm,
  RecordMilestone: MilestoneForm,
  RecordEvidence: EvidenceForm,
  RecordRss: RssSurveyForm,
  // Tranches (features/finance): chosen from the plan, with the two-person rule said before sending.
  RequestTranche: TrancheCommandForm,
  ApproveTranche: TrancheCommandForm,
  RecordTranchePayment: TrancheCommandForm,
  CancelTranche: TrancheCommandForm,
};
