/** Holds, withdrawal, cancellation, re-opening, splitting and death (open across stages). */
import {
  CANCEL_REASONS,
  HOLD_TYPES,
  REOPEN_REASONS,
  type CancelReason,
  type HoldType,
  type ReopenReason,
} from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { ReferralNotePayload } from './referral-note.payload';
import { CODE, CODE_MESSAGE, EXAMPLE_MEMBER_ID, MAX_MEMBERS } from './rules';

export class PlaceHoldPayload {
  @ApiProperty({ enum: [...HOLD_TYPES], example: 'BENEFICIARY_PAUSE', description: 'Hold to place' })
  @IsIn(HOLD_TYPES)
  hold!: HoldType;
  @ApiPropertyOptional({
    example: EXAMPLE_MEMBER_ID,
    description: 'The member concerned; required for MEDICAL_UNFIT, BID_PENDING and DOCUMENT_REFUSED',
  })
  @IsOptionalNotNull()
  @IsUUID()
  memberId?: string;
  @ApiPropertyOptional({ example: 'FAMILY_EVENT', description: 'Reason code, never free text' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reason?: string;
}

export class LiftHoldPayload {
  @ApiProperty({ enum: [...HOLD_TYPES], example: 'BENEFICIARY_PAUSE', description: 'Hold to lift' })
  @IsIn(HOLD_TYPES)
  hold!: HoldType;
  @ApiPropertyOptional({
    example: EXAMPLE_MEMBER_ID,
    description: 'The member the hold is on, for a hold placed on one member',
  })
  @IsOptionalNotNull()
  @IsUUID()
  memberId?: string;
  @ApiPropertyOptional({
    example: 'SAFE-RECEPTION-ARRANGED',
    description: 'Mitigation code; required to lift PROTECTION_RISK',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  mitigation?: string;
}

export class WithdrawPayload {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    example: [EXAMPLE_MEMBER_ID],
    description: 'Members who no longer travel; leave out to withdraw the whole case',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  memberIds?: string[];
  @ApiPropertyOptional({
    example: 'CHANGED_MIND',
    description: 'Reason code, if the household gave one (never required)',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
}

export class CancelPayload {
  @ApiProperty({ enum: [...CANCEL_REASONS], example: 'DUPLICATE', description: 'Why IOM cancels the case' })
  @IsIn(CANCEL_REASONS)
  reasonCode!: CancelReason;
  @ApiPropertyOptional({
    type: ReferralNotePayload,
    description:
      'Referral for an alternative solution; required for the configured reasons (e.g. RETURN_NOT_IN_BEST_INTERESTS)',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralNotePayload)
  referralNote?: ReferralNotePayload;
}

export class ReopenPayload {
  @ApiPropertyOptional({
    enum: [...REOPEN_REASONS],
    example: 'CLOSURE_WRONG',
    description:
      'Why a CLOSED case is re-opened (the closure was wrong, or a new phase is funded); required for a closed case, not given for a withdrawn or cancelled one',
  })
  @IsOptionalNotNull()
  @IsIn(REOPEN_REASONS)
  reasonCode?: ReopenReason;
}

/** `newCaseId` and `newReference` of the domain command are filled by the server. */
export class SplitCasePayload {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: [EXAMPLE_MEMBER_ID],
    description:
      'Members who move to a new case; children go with them when every guardian in the case moves. At least one member must stay',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  memberIds!: string[];
}

export class RecordDeathPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member who died' })
  @IsUUID()
  memberId!: string;
}
