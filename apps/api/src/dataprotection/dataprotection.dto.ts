import { DATA_ITEMS, RECIPIENT_KINDS, type DataItem, type RecipientKind } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '../cases/dto/commands/is-optional-not-null.decorator';
import { CODE, CODE_MESSAGE } from '../cases/dto/commands/rules';

// ---------------------------------------------------------------- requests

export class LegalBasisRequest {
  @ApiProperty({ enum: ['CONSENT', 'AGREEMENT'], description: 'A consent of the person, or a data-sharing agreement' })
  @IsIn(['CONSENT', 'AGREEMENT'])
  kind!: 'CONSENT' | 'AGREEMENT';
  @ApiProperty({ example: 'DSA-2026-IOM-NGO-3', description: 'The consent reference or the agreement reference' })
  @IsString()
  @Length(1, 128)
  @Matches(CODE, CODE_MESSAGE)
  ref!: string;
}

export class RequestTransferRequest {
  @ApiProperty({ enum: [...RECIPIENT_KINDS], example: 'SERVICE_PROVIDER' })
  @IsIn(RECIPIENT_KINDS)
  recipientKind!: RecipientKind;
  @ApiProperty({ example: 'CLINIC-DAKAR-1', description: 'Code of the recipient (never a person’s name)' })
  @IsString()
  @Length(1, 128)
  @Matches(CODE, CODE_MESSAGE)
  recipientName!: string;
  @ApiProperty({ example: 'MEDICAL_REFERRAL', description: 'Purpose code' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  purpose!: string;
  @ApiProperty({ enum: [...DATA_ITEMS], isArray: true, example: ['NAME', 'CONTACT_DETAILS'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_ITEMS.length)
  @ArrayUnique()
  @IsIn(DATA_ITEMS, { each: true })
  items!: DataItem[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'The members whose data is sent' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  memberIds!: string[];
  @ApiProperty({ type: LegalBasisRequest })
  @ValidateNested()
  @Type(() => LegalBasisRequest)
  legalBasis!: LegalBasisRequest;
  @ApiProperty({ type: [String], example: ['ENCRYPTED_CHANNEL'], description: 'Safeguard codes' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(CODE, { each: true, message: 'each value in $property must be a code' })
  safeguards!: string[];
}

export class DecideTransferRequest {
  @ApiProperty({
    example: 'NECESSARY_FOR_ASSISTANCE',
    description:
      'Why the focal point decided so (AVRR.md §13 principle 13: an override of the allow-list needs a reason, an approver and an audit entry); kept with the transfer',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode?: string;
}

export class AccessRequestRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId!: string;
  @ApiProperty({ format: 'uuid', description: 'The person who asked for their data' }) @IsUUID() memberId!: string;
  @ApiProperty({ enum: ['IN_PERSON', 'WRITTEN', 'PHONE', 'EMAIL'], example: 'IN_PERSON' })
  @IsIn(['IN_PERSON', 'WRITTEN', 'PHONE', 'EMAIL'])
  channel!: string;
}

export const CORRECTABLE_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'nationality',
  'phone',
  'address',
] as const;

export class CorrectionRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() memberId!: string;
  @ApiProperty({ enum: [...CORRECTABLE_FIELDS] })
  @IsIn(CORRECTABLE_FIELDS)
  field!: (typeof CORRECTABLE_FIELDS)[number];
  @ApiProperty({ example: 'Ndiaye', description: 'The corrected value' })
  @IsString()
  @Length(1, 200)
  value!: string;
  @ApiProperty({
    enum: ['DECLARED', 'CONFIRMED'],
    description: 'As the person declares it, or as confirmed (by the consulate, a document)',
  })
  @IsIn(['DECLARED', 'CONFIRMED'])
  basis!: 'DECLARED' | 'CONFIRMED';
  @ApiProperty({ example: 'CONSULATE-SN-RABAT', description: 'Who declared or confirmed it (a code)' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  source!: string;
}

export const INCIDENT_KINDS = [
  'UNAUTHORISED_ACCESS',
  'LOSS_OF_DEVICE',
  'WRONG_RECIPIENT',
  'DISCLOSURE',
  'SYSTEM_BREACH',
  'OTHER',
] as const;

export class IncidentRequest {
  @ApiProperty({ enum: [...INCIDENT_KINDS] }) @IsIn(INCIDENT_KINDS) kind!: string;
  @ApiProperty({ enum: ['LOW', 'MEDIUM', 'HIGH'] }) @IsIn(['LOW', 'MEDIUM', 'HIGH']) severity!:
    'LOW' | 'MEDIUM' | 'HIGH';
  @ApiPropertyOptional({ format: 'uuid', description: 'The case concerned, if any' })
  @IsOptionalNotNull()
  @IsUUID()
  caseId?: string;
  @ApiProperty({ example: '2026-11-30T08:00:00Z' }) @IsISO8601({ strict: true }) occurredAt!: string;
  @ApiProperty({ description: 'What happened (sealed at rest)' }) @IsString() @Length(1, 2000) description!: string;
  @ApiPropertyOptional({ example: 'PASSWORD_RESET', description: 'Containment code' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  containment?: string;
}

// ---------------------------------------------------------------- responses

export class LegalBasisResponse {
  @ApiProperty({ enum: ['CONSENT', 'AGREEMENT'] }) kind!: 'CONSENT' | 'AGREEMENT';
  @ApiProperty() ref!: string;
}

export class TransferResponse {
  @ApiProperty() transferId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: Number, nullable: true }) caseVersion!: number | null;
  @ApiProperty({ type: [String] }) memberIds!: string[];
  @ApiProperty({ enum: [...RECIPIENT_KINDS] }) recipientKind!: RecipientKind;
  @ApiProperty() recipientName!: string;
  @ApiProperty({ description: 'Purpose code; WITHHELD for a reader who may not know it' }) purpose!: string;
  @ApiProperty({ type: [String], description: 'Data items sent (names of categories, never the data)' })
  items!: string[];
  @ApiProperty({ type: LegalBasisResponse }) legalBasis!: LegalBasisResponse;
  @ApiProperty({ type: [String] }) safeguards!: string[];
  @ApiProperty({ enum: ['SENT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED'] }) status!: string;
  @ApiProperty({ type: [String], description: 'Items outside the allow-list (what the focal point decides on)' })
  outsideItems!: string[];
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ALLOW_LIST, or the approving user' })
  approvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty() recordedAt!: string;
}

export class TransferListResponse {
  @ApiProperty({ type: [TransferResponse] }) items!: TransferResponse[];
}

export class AccessRequestResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) sections!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the JSON export handed over' })
  exportSha256!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class AccessRequestListResponse {
  @ApiProperty({ type: [AccessRequestResponse] }) items!: AccessRequestResponse[];
}

export class ReadableDocumentResponse {
  @ApiProperty({ enum: ['text/html'] }) mediaType!: 'text/html';
  @ApiProperty({ description: 'A printable document of the same content' }) content!: string;
}

export class AccessExportResponse {
  @ApiProperty({ type: AccessRequestResponse }) request!: AccessRequestResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Everything held about the person: identity, case facts, consents, transfers, corrections, audit',
  })
  data!: Record<string, unknown>;
  @ApiProperty({ type: ReadableDocumentResponse }) document!: ReadableDocumentResponse;
}

export class CorrectionResponse {
  @ApiProperty() correctionId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() field!: string;
  @ApiProperty() value!: string;
  @ApiProperty({ enum: ['DECLARED', 'CONFIRMED'] }) basis!: 'DECLARED' | 'CONFIRMED';
  @ApiProperty() source!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class CorrectionListResponse {
  @ApiProperty({ type: [CorrectionResponse] }) items!: CorrectionResponse[];
}

export class IncidentResponse {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: ['LOW', 'MEDIUM', 'HIGH'] }) severity!: 'LOW' | 'MEDIUM' | 'HIGH';
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) containment!: string | null;
  @ApiProperty() reportedBy!: string;
  @ApiProperty() recordedAt!: string;
}

export class IncidentListResponse {
  @ApiProperty({ type: [IncidentResponse] }) items!: IncidentResponse[];
}

export class ReadLogEntryResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() via!: string;
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty() readAt!: string;
}

export class ReadLogResponse {
  @ApiProperty({ type: [ReadLogEntryResponse] }) items!: ReadLogEntryResponse[];
}

export class CorrectionsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUUID() memberId?: string;
}
