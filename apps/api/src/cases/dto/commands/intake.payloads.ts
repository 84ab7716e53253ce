/** Registration, counselling, screening, assessment, declaration and approval (stages REFERRED to APPROVED). */
import {
  ASSESSMENT_TYPES,
  VULNERABILITY_TYPES,
  type AssessmentOutcome,
  type AssessmentType,
  type ConsentSignatory,
  type CounsellingMode,
  type DeclarationSignatory,
  type VulnerabilityType,
} from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from './is-calendar-date.decorator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { NoFields } from './no-fields.decorator';
import {
  ASSESSMENT_OUTCOME_VALUES,
  CODE,
  CODE_MESSAGE,
  CODES_MESSAGE,
  CONSENT_SIGNATORIES,
  COUNSELLING_MODES,
  DATE,
  DATE_MESSAGE,
  DECLARATION_SIGNATORIES,
  EXAMPLE_GUARDIAN_ID,
  EXAMPLE_MEMBER_ID,
  LANGUAGE,
  LANGUAGE_MESSAGE,
  MAX_MEMBERS,
} from './rules';

/** One member's data-processing consent (domain `ConsentInput`). */
export class ConsentPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member the consent is for' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [true], example: true, description: 'Always true: a refusal is not recorded as a consent' })
  @Equals(true, { message: '$property must be true (a refusal is not recorded as a consent)' })
  dataConsent!: true;
  @ApiProperty({
    enum: [...CONSENT_SIGNATORIES],
    example: 'SELF',
    description: 'Who signed: the member, their guardian, or the member by thumbprint',
  })
  @IsIn(CONSENT_SIGNATORIES)
  signatory!: ConsentSignatory;
  @ApiProperty({ example: 'DP-2026-1', description: 'Version of the consent form used' })
  @IsString()
  @Length(1, 32)
  @Matches(CODE, CODE_MESSAGE)
  formVersion!: string;
  @ApiProperty({ example: 'fr', description: 'Language the form was explained in' })
  @IsString()
  @Length(2, 16)
  @Matches(LANGUAGE, LANGUAGE_MESSAGE)
  language!: string;
}

export class RegisterPayload {
  @ApiProperty({
    type: [ConsentPayload],
    example: [
      {
        memberId: EXAMPLE_MEMBER_ID,
        dataConsent: true,
        signatory: 'GUARDIAN',
        formVersion: 'DP-2026-1',
        language: 'fr',
      },
    ],
    description:
      'Consents taken now that were not given at intake; with those on record they must cover every member (empty when intake covered everyone)',
  })
  @IsArray()
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => ConsentPayload)
  consents!: ConsentPayload[];
  @ApiProperty({
    example: true,
    description: 'You checked that this household has no other open case (duplicate check)',
  })
  @IsBoolean()
  duplicateCheckDone!: boolean;
}

export class RecordDataConsentPayload {
  @ApiProperty({
    type: [ConsentPayload],
    example: [
      { memberId: EXAMPLE_MEMBER_ID, dataConsent: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' },
    ],
    description: 'Consents given after registration, e.g. by a member who has turned 18',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => ConsentPayload)
  consents!: ConsentPayload[];
}

export class RecordCounsellingSessionPayload {
  @ApiProperty({ example: 'fr', description: 'Language the session was held in' })
  @IsString()
  @Length(2, 16)
  @Matches(LANGUAGE, LANGUAGE_MESSAGE)
  language!: string;
  @ApiProperty({ example: false, description: 'An interpreter took part' }) @IsBoolean() interpreterUsed!: boolean;
  @ApiProperty({ enum: [...COUNSELLING_MODES], example: 'IN_PERSON', description: 'How the session was held' })
  @IsIn(COUNSELLING_MODES)
  mode!: CounsellingMode;
  @ApiProperty({
    type: [String],
    example: ['RETURN', 'REINTEGRATION', 'RIGHTS'],
    description: 'Topic codes covered (e.g. RETURN, REINTEGRATION, ALTERNATIVES, RIGHTS, DATA_USE); never notes',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, CODES_MESSAGE)
  topics!: string[];
}

@NoFields()
export class StartScreeningPayload {}

export class RecordEligibilityPayload {
  @ApiProperty({ example: true, description: 'The household is eligible for the programme' })
  @IsBoolean()
  eligible!: boolean;
  @ApiProperty({ example: 'RULE-SN-2025', description: 'Id of the programme eligibility rule that decided' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  ruleId!: string;
  @ApiPropertyOptional({
    example: 'NATIONALITY_NOT_ESTABLISHED',
    description: 'Reason code, usually when not eligible',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
}

/** Vulnerabilities found for one member (domain `VulnerabilityFinding`). */
export class VulnerabilityFindingPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member screened' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({
    enum: [...VULNERABILITY_TYPES],
    isArray: true,
    example: ['PREGNANT'],
    description: 'Vulnerabilities found (empty when none)',
  })
  @IsArray()
  @ArrayMaxSize(VULNERABILITY_TYPES.length)
  @ArrayUnique()
  @IsIn(VULNERABILITY_TYPES, { each: true })
  vulnerabilities!: VulnerabilityType[];
}

export class RecordRapidVulnerabilityScreeningPayload {
  @ApiProperty({
    type: [VulnerabilityFindingPayload],
    example: [{ memberId: EXAMPLE_MEMBER_ID, vulnerabilities: ['PREGNANT'] }],
    description: 'What the rapid screening found, member by member',
  })
  @IsArray()
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => VulnerabilityFindingPayload)
  findings!: VulnerabilityFindingPayload[];
}

export class RecordAssessmentResultPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member assessed' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({
    enum: [...ASSESSMENT_TYPES],
    example: 'MEDICAL',
    description: 'Which assessment: best-interests determination, trafficking risk, medical, family',
  })
  @IsIn(ASSESSMENT_TYPES)
  assessment!: AssessmentType;
  @ApiProperty({
    enum: [...ASSESSMENT_OUTCOME_VALUES],
    example: 'FIT',
    description:
      'Result; must be an outcome of that assessment (BID: RETURN_IN_BEST_INTERESTS / RETURN_NOT_IN_BEST_INTERESTS; VOT_RISK: ACCEPTABLE / TOO_HIGH; MEDICAL: FIT / FIT_WITH_ESCORT / UNFIT; FAMILY: FAMILY_TRACED_SUITABLE / NOT_SUITABLE)',
  })
  @IsIn(ASSESSMENT_OUTCOME_VALUES)
  outcome!: AssessmentOutcome;
  @ApiPropertyOptional({
    example: '2026-04-30',
    description:
      'Last day the result counts (YYYY-MM-DD); defaults to the programme validity for medical and trafficking-risk results',
  })
  @IsOptionalNotNull()
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  validUntil?: string;
  @ApiPropertyOptional({ example: false, description: 'The member must travel with an escort' })
  @IsOptionalNotNull()
  @IsBoolean()
  escortRequired?: boolean;
  @ApiPropertyOptional({
    example: 'SAFE-RECEPTION-ARRANGED',
    description: 'Mitigation code; required when a trafficking risk is found ACCEPTABLE',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  mitigation?: string;
}

export class SignVoluntaryReturnDeclarationPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The adult who signs, or the child a guardian signs for' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({
    enum: [...DECLARATION_SIGNATORIES],
    example: 'SELF',
    description: 'The member signs, or a guardian signs for a child',
  })
  @IsIn(DECLARATION_SIGNATORIES)
  signatory!: DeclarationSignatory;
  @ApiPropertyOptional({
    example: EXAMPLE_GUARDIAN_ID,
    description:
      'The guardian (a member of this case) who signs for the child; leave out for an unaccompanied child whose legal representative signs',
  })
  @IsOptionalNotNull()
  @IsUUID()
  guardianMemberId?: string;
  @ApiPropertyOptional({
    example: 'rep-17',
    description: "Reference of the unaccompanied child's legal representative (a reference, never a name)",
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  representativeRef?: string;
  @ApiProperty({ example: 'VRD-2026-1', description: 'Version of the declaration form used' })
  @IsString()
  @Length(1, 32)
  @Matches(CODE, CODE_MESSAGE)
  formVersion!: string;
  @ApiProperty({ example: 'fr', description: 'Language the declaration was explained in' })
  @IsString()
  @Length(2, 16)
  @Matches(LANGUAGE, LANGUAGE_MESSAGE)
  language!: string;
  @ApiPropertyOptional({
    example: true,
    description: "The child's views were heard and recorded (required for every child)",
  })
  @IsOptionalNotNull()
  @IsBoolean()
  childViewsRecorded?: boolean;
  @ApiPropertyOptional({
    example: false,
    description: 'The child co-signed (older unaccompanied children sign with their representative)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  childCoSigned?: boolean;
  @ApiPropertyOptional({
    example: false,
    description: 'Asylum seekers: the member agrees that IOM informs UNHCR of the departure',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  unhcrNotificationConsent?: boolean;
}

export class ApprovePayload {
  @ApiPropertyOptional({
    example: false,
    description:
      'For information only: the approval counts as a supervisor approval when a supervisor gives it, whatever this says',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  supervisorApproval?: boolean;
}
