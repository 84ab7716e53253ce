/** Protection findings, nationality (declared / confirmed) and drafted plan amendments (issue 10 item 5). */
import {
  NATIONALITY_STATUSES,
  PROTECTION_FINDINGS,
  type NationalityStatus,
  type ProtectionFinding,
} from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { NoFields } from './no-fields.decorator';
import { PlanFieldsPayload } from './reintegration.payloads';
import { CODE, CODE_MESSAGE, EXAMPLE_MEMBER_ID } from './rules';

export class RecordProtectionFindingPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The member the finding is about' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...PROTECTION_FINDINGS], example: 'VOT', description: 'The protection finding' })
  @IsIn(PROTECTION_FINDINGS)
  finding!: ProtectionFinding;
}

export class RecordNationalityPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ example: 'SN', description: 'ISO 3166 alpha-2 code' })
  @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166 alpha-2 code' })
  nationality!: string;
  @ApiProperty({
    enum: [...NATIONALITY_STATUSES],
    example: 'DECLARED',
    description: 'DECLARED as stated at interview; CONFIRMED by a consulate',
  })
  @IsIn(NATIONALITY_STATUSES)
  status!: NationalityStatus;
  @ApiPropertyOptional({ example: 'CONSULATE_SN_RABAT', description: 'Consulate or authority; required for CONFIRMED' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  authority?: string;
}

export class DraftPlanAmendmentPayload extends PlanFieldsPayload {
  @ApiProperty({ example: 'BUSINESS_FAILED', description: 'Why the plan changes' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode!: string;
}

@NoFields()
export class ApprovePlanAmendmentPayload {}

export class RejectPlanAmendmentPayload {
  @ApiProperty({ example: 'NOT_FEASIBLE', description: 'Why the supervisor rejects the drafted amendment' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode!: string;
}
