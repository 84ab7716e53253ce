/**
 * Commands whose form is written by hand, by command type; every other command gets the form generated from its
 * payload schema (GenericCommandForm). Add a row here to replace the generated form of a command.
 */
import type { ComponentType } from 'react';
import type { CaseView } from '../../api/types';

export interface MemberOption {
  memberId: string;
  /** The member's name when the case view gives it to this role, else a neutral label ("Member 2"). */
  label: string;
}

export interface CommandSubmitOptions {
  /** When the fact happened, if earlier than now (ISO instant). */
  effectiveAt?: string;
}

export interface CommandFormProps {
  commandType: string;
  caseView: CaseView;
  members: readonly MemberOption[];
  /** Sends the command (expectedVersion and Idempotency-Key are added by the panel); rejects with ApiError. */
  submit: (payload: Record<string, unknown>, options?: CommandSubmitOptions) => Promise<void>;
  busy: boolean;
}

export const COMMAND_FORMS: Partial<Record<string, ComponentType<CommandFormProps>>> = {
  // e.g. AgreePlan: PlanEditorForm, RecordRss: RssSurveyForm, RequestTranche: TrancheForm (features/counterpart, finance)
};
