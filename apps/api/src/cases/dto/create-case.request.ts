import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const REFERRAL_SOURCES = [
  'WALK_IN',
  'HOTLINE',
  'OUTREACH',
  'NGO',
  'ENTRAIDE_NATIONALE',
  'CONSULATE',
  'UNHCR',
  'OTHER_IOM_MISSION',
  'ONLINE',
  'OTHER',
] as const;
export const RELATIONSHIPS = ['PA', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'OTHER_RELATIVE', 'OTHER'] as const;

export class DataConsentRequest {
  @ApiProperty({ description: 'Consent to the processing of personal data was given' }) @IsBoolean() given!: boolean;
  @ApiProperty({ enum: ['SELF', 'GUARDIAN', 'THUMBPRINT'] })
  @IsIn(['SELF', 'GUARDIAN', 'THUMBPRINT'])
  signatory!: string;
  @ApiProperty({ example: 'DP-2026-1' }) @IsString() @Length(1, 32) formVersion!: string;
  @ApiProperty({ example: 'fr', description: 'Language the consent was explained in' })
  @IsString()
  @Length(2, 16)
  language!: string;
}

export class HouseholdMemberRequest {
  @ApiProperty({ example: 'Aminata' }) @IsString() @Length(1, 120) givenName!: string;
  @ApiProperty({ example: 'Diallo' }) @IsString() @Length(1, 120) familyName!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 120, { each: true })
  aliases?: string[];
  @ApiProperty({ enum: ['F', 'M', 'X'] }) @IsIn(['F', 'M', 'X']) sex!: 'F' | 'M' | 'X';
  @ApiPropertyOptional({ example: '1994-03-12', description: 'Exact date of birth; or give estimatedAge' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string;
  @ApiPropertyOptional({ example: 30, description: 'Estimated age in years when the date of birth is unknown' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  estimatedAge?: number;
  @ApiProperty({
    enum: RELATIONSHIPS,
    description: 'Relationship to the principal applicant; exactly one member is PA',
  })
  @IsIn(RELATIONSHIPS)
  relationship!: (typeof RELATIONSHIPS)[number];
  @ApiProperty({ example: 'GN', description: 'Declared nationality, ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2()
  nationality!: string;
  @ApiProperty({ type: [String], example: ['fr', 'ff'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(2, 16, { each: true })
  languages!: string[];
  @ApiPropertyOptional({ example: '+212600000000' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number' })
  phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['AB 123-4567'],
    description:
      'Travel or identity document numbers the person holds (passport, national id), for duplicate detection. Stored only as keyed digests (upper case, without spaces or dashes), never in clear and never shown again',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(4, 40, { each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, {
    each: true,
    message: 'each value in documentNumbers must be letters, digits, spaces and dashes',
  })
  documentNumbers?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) address?: string;
  @ApiPropertyOptional({
    type: [Number],
    description: 'For a child: positions (0-based) in `members` of their guardians',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(0, { each: true })
  guardianIndexes?: number[];
  @ApiPropertyOptional({ description: 'Unaccompanied or separated child' })
  @IsOptional()
  @IsBoolean()
  unaccompanied?: boolean;
  @ApiPropertyOptional({
    type: DataConsentRequest,
    description: 'Data-processing consent (each adult for themselves; a guardian for a child)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataConsentRequest)
  dataConsent?: DataConsentRequest;
}

export class CreateCaseRequest {
  @ApiProperty({ example: 'MA-RBA', description: 'Host office running the pre-departure part' })
  @IsString()
  @Length(2, 32)
  hostOffice!: string;
  @ApiProperty({ example: 'GN', description: 'Country of origin (return destination), ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2()
  countryOfOrigin!: string;
  @ApiProperty({ enum: REFERRAL_SOURCES }) @IsIn(REFERRAL_SOURCES) referralSource!: (typeof REFERRAL_SOURCES)[number];
  @ApiPropertyOptional({ example: 'AVRR-MA-2026' }) @IsOptional() @IsString() @Length(1, 64) programme?: string;
  @ApiPropertyOptional({
    enum: ['ARRIVED'],
    description:
      'ARRIVED: an inbound returnee whose return was organised elsewhere, opened by the receiving office (counterpart or supervisor); hostOffice is then the mission that organised the return',
  })
  @IsOptional()
  @IsIn(['ARRIVED'])
  startAt?: 'ARRIVED';
  @ApiPropertyOptional({
    example: 'MA-RBA-R',
    description: 'With startAt ARRIVED: your receiving office in the country of origin',
  })
  @IsOptional()
  @IsString()
  @Length(2, 32)
  receivingOffice?: string;
  @ApiPropertyOptional({
    example: '2026-10-02T08:30:00Z',
    description: 'With startAt ARRIVED: when the returnee arrived (default now; never in the future)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  arrivedAt?: string;
  @ApiProperty({ type: [HouseholdMemberRequest], description: 'Household members returning together' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberRequest)
  members!: HouseholdMemberRequest[];
}
