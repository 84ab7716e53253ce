/** The props of a command form (generated or hand-written; see command-forms.ts). */
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
