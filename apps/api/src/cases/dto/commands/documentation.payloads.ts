/** Travel documents, exit authorisations and readiness for booking (stages APPROVED to READY_FOR_BOOKING). */
import type { TravelDocumentType } from '@avrr/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from './is-calendar-date.decorator';
import { IsOptionalNotNull } from './is-optional-not-null.decorator';
import { MoneyPayload } from './money.payload';

/** A document number as typed: letters and digits, with the spaces and dashes it is often printed with. */
const DOCUMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;
import { CODE, CODE_MESSAGE, DATE, DATE_MESSAGE, EXAMPLE_MEMBER_ID, MAX_MEMBERS, TRAVEL_DOCUMENT_TYPES } from './rules';

/** A document number, for duplicate detection only (the API keeps a keyed digest and strips it from the command). */
function DocumentNumberProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: 'AB 123-4567',
      description:
        'The document number, for duplicate detection only: kept as a keyed digest (upper case, no spaces or dashes), never in clear, never sent to the case workflow and never shown again',
    }),
    IsOptionalNotNull(),
    IsString(),
    Length(4, 40),
    Matches(DOCUMENT_NUMBER, { message: 'documentNumber must be letters, digits, spaces and dashes' }),
  );
}

export class RequestTravelDocumentPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member who needs the document' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...TRAVEL_DOCUMENT_TYPES], example: 'LAISSEZ_PASSER', description: 'Document requested' })
  @IsIn(TRAVEL_DOCUMENT_TYPES)
  documentType!: TravelDocumentType;
  @ApiProperty({ example: 'CONSULATE-SN-RABAT', description: 'Code of the consulate or authority asked' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  authority!: string;
  @ApiProperty({
    example: 'tr-2026-0412',
    description: "Reference of the logged, consented transfer of the member's identity data to that authority",
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  transferConsentRef!: string;
}

export class RequestExitAuthorizationPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member who needs leave to exit' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ example: 'DGSN', description: 'Code of the authority asked' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  authority!: string;
}

/** A passport the member already holds (domain `AlreadyValidDocument`; its `number` is never sent). */
export class AlreadyValidDocumentPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member holding the passport' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({
    enum: ['PASSPORT'],
    example: 'PASSPORT',
    description: 'Only a passport can be recorded as already valid',
  })
  @IsIn(['PASSPORT'])
  documentType!: 'PASSPORT';
  @ApiProperty({
    example: 'doc-8841',
    description: 'Reference of the stored document record (never the passport number)',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  documentRef!: string;
  @DocumentNumberProperty()
  documentNumber?: string;
  @ApiProperty({ example: '2031-06-30', description: 'Expiry date (YYYY-MM-DD)' })
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  expiresOn!: string;
}

export class RecordDocumentsAlreadyValidPayload {
  @ApiProperty({
    type: [AlreadyValidDocumentPayload],
    example: [
      { memberId: EXAMPLE_MEMBER_ID, documentType: 'PASSPORT', documentRef: 'doc-8841', expiresOn: '2031-06-30' },
    ],
    description: 'Passports members already hold that are valid for the journey',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => AlreadyValidDocumentPayload)
  documents!: AlreadyValidDocumentPayload[];
}

export class RecordDocumentIssuedPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member the document was issued to' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...TRAVEL_DOCUMENT_TYPES], example: 'LAISSEZ_PASSER', description: 'Document issued' })
  @IsIn(TRAVEL_DOCUMENT_TYPES)
  documentType!: TravelDocumentType;
  @ApiProperty({
    example: 'doc-8842',
    description: 'Reference of the stored document record (never the document number)',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  documentRef!: string;
  @DocumentNumberProperty()
  documentNumber?: string;
  @ApiProperty({ example: '2026-06-30', description: 'Expiry date (YYYY-MM-DD)' })
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  expiresOn!: string;
}

export class RecordDocumentRefusedPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member refused a document' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ enum: [...TRAVEL_DOCUMENT_TYPES], example: 'LAISSEZ_PASSER', description: 'Document refused' })
  @IsIn(TRAVEL_DOCUMENT_TYPES)
  documentType!: TravelDocumentType;
  @ApiProperty({ example: 'NATIONALITY_NOT_CONFIRMED', description: 'Refusal reason code given by the authority' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  reasonCode!: string;
}

/** An exit (overstay) fine and who pays it (domain `ExitFine`). */
export class ExitFinePayload extends MoneyPayload {
  @ApiProperty({ example: 'IOM', description: 'Who pays: IOM, BENEFICIARY or WAIVED (a payer code)' })
  @IsString()
  @Length(1, 32)
  @Matches(CODE, CODE_MESSAGE)
  paidBy!: string;
}

export class RecordExitAuthorizationPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member concerned' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ example: true, description: 'Leave to exit was granted' }) @IsBoolean() granted!: boolean;
  @ApiPropertyOptional({
    type: ExitFinePayload,
    example: { amount: 100, currency: 'MAD', paidBy: 'IOM' },
    description: 'Overstay fine due before exit, if any',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ExitFinePayload)
  fine?: ExitFinePayload;
}

export class MarkReadyForBookingPayload {
  @ApiProperty({
    example: true,
    description:
      'The country-of-origin office confirmed it can receive the household (and arrange services for vulnerable members)',
  })
  @IsBoolean()
  receptionConfirmed!: boolean;
  @ApiPropertyOptional({ example: false, description: 'An escort is arranged for the journey' })
  @IsOptionalNotNull()
  @IsBoolean()
  escortArranged?: boolean;
}
