/** Reintegration in the country of origin (stages ARRIVED to CLOSED): plan, milestones, tranches, monitoring, RSS, closure. */
import {
  ACTIVITY_DIMENSIONS,
  ACTIVITY_LEVELS,
  ACTIVITY_TYPES,
  ASSISTANCE_MODALITIES,
  BUSINESS_STATUSES,
  CONTACT_MODES,
  EVIDENCE_PURPOSES,
  FOLLOW_UP_ACTIONS,
  MONITORING_MODES,
  POST_ARRIVAL_CLOSURE_REASONS,
  REFERRAL_SATISFACTION_MAX,
  REFERRAL_SATISFACTION_MIN,
  REFERRAL_SERVICES,
  REFERRAL_UPDATE_STATUSES,
  RSS_TIMINGS,
  TRANCHE_CONDITIONS,
  type ActivityDimension,
  type ActivityLevel,
  type ActivityType,
  type AssistanceModality,
  type BusinessStatus,
  type ClosureReason,
  type ContactMode,
  type EvidencePurpose,
  type FollowUpAction,
  type MilestoneStatus,
  type MonitoringMode,
  type ReferralService,
  type ReferralStatus,
  type RssAnswer,
  type RssTiming,
  type TrancheCondition,
} from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  buildMessage,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsCalendarDate } from './is-calendar-date.decorator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { NoFields } from './no-fields.decorator';
import { ReferralNotePayload } from './referral-note.payload';
import {
  CODE,
  CODE_MESSAGE,
  CODES_MESSAGE,
  CURRENCY,
  CURRENCY_MESSAGE,
  DATE,
  DATE_MESSAGE,
  EXAMPLE_MEMBER_ID,
} from './rules';

const MILESTONE_UPDATES: readonly Exclude<MilestoneStatus, 'PLANNED'>[] = [
  'IN_PROGRESS',
  'DONE',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
];
const SHA256 = /^[0-9a-fA-F]{64}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const MAX_ITEMS = 50;

/** RSS answers: indicator code -> a number, a flag, an answer code or null; never free text. */
function IsRssAnswers(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRssAnswers',
      validator: {
        validate: (value: unknown): boolean =>
          !!value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.entries(value as Record<string, unknown>).every(
            ([k, v]) =>
              CODE.test(k) &&
              (v === null ||
                typeof v === 'boolean' ||
                (typeof v === 'number' && Number.isFinite(v)) ||
                (typeof v === 'string' && v.length <= 64 && CODE.test(v))),
          ),
        defaultMessage: buildMessage(
          (each) => `${each}$property must map indicator codes to a number, a flag, an answer code or null`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

export class RecordContinuityOfCareConsentPayload {
  @ApiProperty({
    example: true,
    description:
      'The returnee agreed that health and protection facts needed for continuity of care are shared with the receiving office',
  })
  @IsBoolean()
  given!: boolean;
  @ApiProperty({ example: 'CONSENT-COC-2026-17', description: 'Reference of the signed consent form' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  consentRef!: string;
}

export class RecordReintegrationAssessmentPayload {
  @ApiProperty({
    type: [String],
    example: ['INCOME', 'HOUSING'],
    description: 'Need codes found in the needs assessment',
  })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, CODES_MESSAGE)
  needs!: string[];
  @ApiProperty({ type: [String], example: ['TAILORING'], description: 'Skill codes found in the skills assessment' })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, CODES_MESSAGE)
  skills!: string[];
}

/** A milestone of a plan activity (domain `MilestoneInput`). */
export class MilestoneInputPayload {
  @ApiProperty({ example: 'M-SHOP-OPEN', description: 'Id of the milestone, new in the case' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  milestoneId!: string;
  @ApiProperty({ example: '2026-12-15', description: 'Due date (YYYY-MM-DD)' })
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  dueDate!: string;
  @ApiProperty({ example: 'SHOP_OPENED', description: 'What the milestone is, as a code' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  code!: string;
}

/** An activity of the plan (domain `PlanActivityInput`). */
export class PlanActivityPayload {
  @ApiProperty({ example: 'A-BUSINESS', description: 'Id of the activity within the plan' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  activityId!: string;
  @ApiProperty({ enum: [...ACTIVITY_DIMENSIONS], example: 'ECONOMIC' })
  @IsIn(ACTIVITY_DIMENSIONS)
  dimension!: ActivityDimension;
  @ApiProperty({ enum: [...ACTIVITY_LEVELS], example: 'INDIVIDUAL' }) @IsIn(ACTIVITY_LEVELS) level!: ActivityLevel;
  @ApiProperty({ enum: [...ACTIVITY_TYPES], example: 'BUSINESS' }) @IsIn(ACTIVITY_TYPES) type!: ActivityType;
  @ApiProperty({ example: 1200, description: 'Budget of the activity in the plan currency, at most 2 decimals' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  budget!: number;
  @ApiProperty({ type: [MilestoneInputPayload] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInputPayload)
  milestones!: MilestoneInputPayload[];
}

/** A planned tranche (domain `TrancheInput`). */
export class TrancheInputPayload {
  @ApiProperty({ example: 600, description: 'Amount in the plan currency, at most 2 decimals' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @IsPositive()
  amount!: number;
  @ApiPropertyOptional({ example: '2027-05-01', description: 'Planned release date (YYYY-MM-DD)' })
  @IsOptionalNotNull()
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  dueDate?: string;
  @ApiPropertyOptional({
    enum: [...TRANCHE_CONDITIONS],
    isArray: true,
    description: "Release conditions; default none for the first tranche of the case, the programme's after",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(TRANCHE_CONDITIONS, { each: true })
  conditions?: TrancheCondition[];
  @ApiPropertyOptional({ enum: [...ASSISTANCE_MODALITIES], example: 'CASH' })
  @IsOptionalNotNull()
  @IsIn(ASSISTANCE_MODALITIES)
  modality?: AssistanceModality;
  @ApiProperty({
    example: 'PAYEE-MM-0042',
    description: 'Payee or supplier reference (never a name or an account number)',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  payeeRef!: string;
}

/** Domain `ExchangeRateInput`. */
export class ExchangeRatePayload {
  @ApiProperty({ example: 'GNF', description: 'Local currency the tranches are paid in' })
  @Matches(CURRENCY, CURRENCY_MESSAGE)
  currency!: string;
  @ApiProperty({ example: 9350.5, description: 'Local units per unit of the plan currency, at approval' })
  @IsNumber()
  @IsPositive()
  rate!: number;
}

/** Fields shared by AgreePlan and AmendPlan (domain `PlanFields`). */
export class PlanFieldsPayload {
  @ApiProperty({ type: [PlanActivityPayload] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => PlanActivityPayload)
  activities!: PlanActivityPayload[];
  @ApiProperty({ example: 1800, description: 'Plan total in the programme currency: the sum of the activity budgets' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @IsPositive()
  budget!: number;
  @ApiProperty({ example: 'EUR', description: 'Programme currency' })
  @Matches(CURRENCY, CURRENCY_MESSAGE)
  currency!: string;
  @ApiPropertyOptional({ type: ExchangeRatePayload })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ExchangeRatePayload)
  exchangeRate?: ExchangeRatePayload;
  @ApiProperty({ enum: [...ASSISTANCE_MODALITIES], example: 'MIXED' })
  @IsIn(ASSISTANCE_MODALITIES)
  modality!: AssistanceModality;
  @ApiProperty({ type: [TrancheInputPayload], description: 'Tranches adding up to the budget, in release order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => TrancheInputPayload)
  tranches!: TrancheInputPayload[];
  @ApiProperty({ example: true, description: 'The returnee signed the plan' }) @IsBoolean() returneeSigned!: boolean;
  @ApiProperty({ example: 'PLAN-SIG-2026-3', description: 'Reference of the signed plan' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  signatureRef!: string;
}

export class AgreePlanPayload extends PlanFieldsPayload {}

export class AmendPlanPayload extends PlanFieldsPayload {
  @ApiProperty({ example: 'BUSINESS_FAILED', description: 'Why the plan changes' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode!: string;
}

export class RecordMilestonePayload {
  @ApiProperty({ example: 'M-SHOP-OPEN' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) milestoneId!: string;
  @ApiProperty({ enum: [...MILESTONE_UPDATES], example: 'DONE' }) @IsIn(MILESTONE_UPDATES) status!: Exclude<
    MilestoneStatus,
    'PLANNED'
  >;
  @ApiPropertyOptional({ example: 'MARKET_CLOSED', description: 'Reason code; required for CANCELLED' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
  @ApiPropertyOptional({ type: [String], description: 'Evidence already recorded (RecordEvidence)' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Matches(CODE, CODES_MESSAGE)
  evidenceIds?: string[];
}

export class RecordEvidencePayload {
  @ApiProperty({ example: 'EV-7f3a', description: 'Reference of the stored file (never its name)' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  evidenceId!: string;
  @ApiProperty({ example: 'a'.repeat(64), description: 'SHA-256 of the file, hex' })
  @Matches(SHA256, { message: '$property must be a SHA-256 in hex' })
  checksum!: string;
  @ApiProperty({ example: 'image/jpeg' })
  @IsString()
  @Length(3, 100)
  @Matches(MEDIA_TYPE, { message: '$property must be a media type' })
  contentType!: string;
  @ApiProperty({ enum: [...EVIDENCE_PURPOSES], example: 'TRANCHE_USE' })
  @IsIn(EVIDENCE_PURPOSES)
  purpose!: EvidencePurpose;
  @ApiPropertyOptional({ example: 'M-SHOP-OPEN' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  milestoneId?: string;
  @ApiPropertyOptional({ example: 'P1-T1' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  trancheId?: string;
  @ApiPropertyOptional({
    example: true,
    description: 'HANDOVER_NOTE only: signed by the returnee (counts as evidence of use of an in-kind tranche)',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  signed?: boolean;
}

export class RequestTranchePayload {
  @ApiProperty({ example: 'P1-T2' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) trancheId!: string;
}

export class ApproveTranchePayload {
  @ApiProperty({ example: 'P1-T2' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) trancheId!: string;
}

export class RecordTranchePaymentPayload {
  @ApiProperty({ example: 'P1-T2' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) trancheId!: string;
  @ApiProperty({
    example: 'MM-TX-88231',
    description: 'Unique payment reference: the same payment is never recorded twice',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  paymentRef!: string;
}

export class CancelTranchePayload {
  @ApiProperty({ example: 'P1-T3' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) trancheId!: string;
  @ApiProperty({ example: 'NOT_NEEDED' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) reasonCode!: string;
}

@NoFields()
export class CompleteAssistancePayload {}

export class RecordMonitoringVisitPayload {
  @ApiProperty({ enum: [...MONITORING_MODES], example: 'IN_PERSON' }) @IsIn(MONITORING_MODES) mode!: MonitoringMode;
  @ApiProperty({ type: [String], example: ['BUSINESS_OPERATING'], description: 'Finding codes, never notes' })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, CODES_MESSAGE)
  findings!: string[];
  @ApiPropertyOptional({ enum: [...BUSINESS_STATUSES], example: 'OPERATING' })
  @IsOptionalNotNull()
  @IsIn(BUSINESS_STATUSES)
  businessStatus?: BusinessStatus;
}

/** A referral to another service provider (status REFERRED); when it was made is the command's effectiveAt. */
export class RecordReferralPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The returnee referred' }) @IsUUID() memberId!: string;
  @ApiProperty({
    example: 'PROV-GN-CKY-017',
    description: 'Service provider reference from the office register (never a name)',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  providerRef!: string;
  @ApiProperty({ enum: [...REFERRAL_SERVICES], example: 'TRAINING' })
  @IsIn(REFERRAL_SERVICES)
  service!: ReferralService;
  @ApiPropertyOptional({ example: 'A-TRAINING', description: 'The plan activity the referral serves' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  activityId?: string;
  @ApiPropertyOptional({ example: 'INCOME', description: 'The need it answers, as a code' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  needCode?: string;
}

/** The provider's answer, the returnee's attendance and coded feedback on a referral. */
export class UpdateReferralPayload {
  @ApiProperty({ example: 'REF-1' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) referralId!: string;
  @ApiProperty({ enum: [...REFERRAL_UPDATE_STATUSES], example: 'SERVICE_RECEIVED' })
  @IsIn(REFERRAL_UPDATE_STATUSES)
  status!: Exclude<ReferralStatus, 'REFERRED'>;
  @ApiPropertyOptional({ example: 'NOT_ELIGIBLE', description: 'Reason code; required for DECLINED and CANCELLED' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
  @ApiPropertyOptional({
    example: 4,
    minimum: REFERRAL_SATISFACTION_MIN,
    maximum: REFERRAL_SATISFACTION_MAX,
    description: "The returnee's satisfaction with the service received (SERVICE_RECEIVED only)",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(REFERRAL_SATISFACTION_MIN)
  @Max(REFERRAL_SATISFACTION_MAX)
  satisfaction?: number;
  @ApiPropertyOptional({
    type: [String],
    example: ['NEED_MET'],
    description: 'Feedback codes from the provider or the returnee, never notes',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, CODES_MESSAGE)
  feedback?: string[];
}

export class RecordContactAttemptPayload {
  @ApiProperty({ enum: [...CONTACT_MODES], example: 'PHONE' }) @IsIn(CONTACT_MODES) mode!: ContactMode;
  @ApiProperty({ example: false, description: 'The returnee was reached' }) @IsBoolean() successful!: boolean;
}

export class RecordRssPayload {
  @ApiProperty({ example: 'RSS-1', description: 'Version of the RSS instrument used' })
  @IsString()
  @Length(1, 32)
  @Matches(CODE, CODE_MESSAGE)
  instrumentVersion!: string;
  @ApiProperty({ enum: [...RSS_TIMINGS], example: 'ENDLINE' }) @IsIn(RSS_TIMINGS) timing!: RssTiming;
  @ApiProperty({ enum: [...MONITORING_MODES], example: 'IN_PERSON' }) @IsIn(MONITORING_MODES) mode!: MonitoringMode;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { ECO_SATISFACTION: 4, SOC_IDENTITY_DOCUMENTS: true, ECO_INCOME_SOURCE: 'REGULAR' },
    description: 'Indicator code -> answer (scale value, yes/no, answer code, or null for no answer)',
  })
  @IsRssAnswers()
  answers!: Record<string, RssAnswer>;
}

export class RecordFollowUpPayload {
  @ApiProperty({ example: 'FU-1' }) @IsString() @Length(1, 64) @Matches(CODE, CODE_MESSAGE) followUpId!: string;
  @ApiProperty({ enum: [...FOLLOW_UP_ACTIONS], example: 'REFERRAL' }) @IsIn(FOLLOW_UP_ACTIONS) action!: FollowUpAction;
}

export class OptOutPayload {
  @ApiPropertyOptional({ example: 'FOUND_WORK', description: 'Reason code, if the returnee gave one (never required)' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
  @ApiPropertyOptional({
    type: ReferralNotePayload,
    description: 'What was explored (why, could the assistance be adapted); required when configured',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralNotePayload)
  referralNote?: ReferralNotePayload;
}

/** Domain `SupervisorOverride`. */
export class SupervisorOverridePayload {
  @ApiProperty({ example: 'RETURNEE_RELOCATED_ABROAD' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode!: string;
}

export class CloseCasePayload {
  @ApiProperty({ enum: [...POST_ARRIVAL_CLOSURE_REASONS], example: 'COMPLETED' })
  @IsIn(POST_ARRIVAL_CLOSURE_REASONS)
  reason!: ClosureReason;
  @ApiPropertyOptional({
    example: 'FOLLOW_UP_REFERRAL_DONE',
    description: 'Required when the last RSS is below the threshold',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  justificationCode?: string;
  @ApiPropertyOptional({
    type: SupervisorOverridePayload,
    description: 'Close with items still open (supervisor only)',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SupervisorOverridePayload)
  supervisorOverride?: SupervisorOverridePayload;
  @ApiPropertyOptional({ example: 'RETURNEE_DECLINED_SURVEY', description: 'COMPLETED without an endline RSS: why' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  rssWaiverReason?: string;
  @ApiPropertyOptional({
    type: ReferralNotePayload,
    description: 'What was explored before closing; required for the configured reasons (e.g. RE_MIGRATED)',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralNotePayload)
  referralNote?: ReferralNotePayload;
}

export class CorrectClosureReasonPayload {
  @ApiProperty({ enum: [...POST_ARRIVAL_CLOSURE_REASONS], example: 'RE_MIGRATED' })
  @IsIn(POST_ARRIVAL_CLOSURE_REASONS)
  reason!: ClosureReason;
  @ApiProperty({ example: 'FAMILY_CONFIRMED_DEPARTURE', description: 'Why the reason is corrected (a code)' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  noteCode!: string;
}
