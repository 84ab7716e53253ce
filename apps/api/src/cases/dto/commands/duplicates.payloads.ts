import {
  REPEAT_APPLICANT_EXCEPTION_REASONS,
  type DuplicateDecision,
  type RepeatApplicantExceptionReason,
} from '@avrr/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

/** The officer's decision on a possible duplicate listed in possibleDuplicates (issue 11 item 6). */
export class RecordDuplicateDecisionPayload {
  @ApiProperty({ format: 'uuid', description: 'The caseId of an entry of possibleDuplicates' })
  @IsUUID()
  candidateCaseId!: string;

  @ApiProperty({ enum: ['NEW_PERSON', 'SAME_PERSON'], description: 'SAME_PERSON links the two cases' })
  @IsIn(['NEW_PERSON', 'SAME_PERSON'])
  decision!: DuplicateDecision;
}

/** A supervisor's exception for a repeat applicant (DomainConfig.repeatApplicant SUPERVISOR_EXCEPTION). */
export class RecordRepeatApplicantExceptionPayload {
  @ApiProperty({ enum: [...REPEAT_APPLICANT_EXCEPTION_REASONS], description: 'Why the repeat applicant may proceed' })
  @IsIn(REPEAT_APPLICANT_EXCEPTION_REASONS)
  reason!: RepeatApplicantExceptionReason;
}
