/** Consents per purpose and their withdrawal (AVRR.md §13 principle 4): open in every stage but CLOSED. */
import {
  CONSENT_PURPOSES,
  PURPOSE_CONSENT_SIGNATORIES,
  type ConsentPurpose,
  type PurposeConsentSignatory,
} from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { CODE, CODE_MESSAGE, EXAMPLE_GUARDIAN_ID, EXAMPLE_MEMBER_ID, LANGUAGE, LANGUAGE_MESSAGE } from './rules';

export class RecordConsentPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member the consent is about' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...CONSENT_PURPOSES], example: 'RSS_INTERVIEW', description: 'What the consent is for' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;
  @ApiProperty({ example: 'RSS-2026-1', description: 'Version of the consent form used' })
  @IsString()
  @Length(1, 32)
  @Matches(CODE, CODE_MESSAGE)
  formVersion!: string;
  @ApiProperty({ example: 'fr', description: 'Language the form was explained in' })
  @IsString()
  @Length(2, 16)
  @Matches(LANGUAGE, LANGUAGE_MESSAGE)
  language!: string;
  @ApiProperty({ example: false, description: 'An interpreter explained the form' })
  @IsBoolean()
  interpreterUsed!: boolean;
  @ApiProperty({
    enum: [...PURPOSE_CONSENT_SIGNATORIES],
    example: 'SELF',
    description: 'Who signed: the member, or their guardian',
  })
  @IsIn(PURPOSE_CONSENT_SIGNATORIES)
  signatory!: PurposeConsentSignatory;
  @ApiPropertyOptional({ example: EXAMPLE_GUARDIAN_ID, description: 'The guardian member who signed for a child' })
  @IsOptionalNotNull()
  @IsUUID()
  guardianMemberId?: string;
  @ApiProperty({ example: false, description: 'Signed by thumbprint' })
  @IsBoolean()
  thumbprint!: boolean;
  @ApiProperty({ example: false, description: 'You have a concern about the person’s capacity to consent' })
  @IsBoolean()
  capacityConcern!: boolean;
}

export class WithdrawConsentPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The member withdrawing the consent' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...CONSENT_PURPOSES], example: 'RSS_INTERVIEW', description: 'The consent withdrawn' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;
  @ApiPropertyOptional({ example: 'NO_LONGER_WISHES', description: 'Reason code, if the person gave one' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
}
