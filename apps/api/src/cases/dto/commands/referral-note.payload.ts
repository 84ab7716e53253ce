import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { CODE, CODE_MESSAGE } from './rules';

/** Domain `ReferralNote`: where the person was referred, which alternative was explored, the stored note's reference. */
export class ReferralNotePayload {
  @ApiProperty({ example: 'CHILD_PROTECTION_SERVICES', description: 'Partner or authority the person was referred to' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  referredTo!: string;
  @ApiProperty({ example: 'ALTERNATIVE_CARE', description: 'The alternative solution explored, as a code' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  solutionCode!: string;
  @ApiProperty({ example: 'NOTE-2026-0042', description: 'Reference of the stored note (never its text)' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  noteRef!: string;
}
