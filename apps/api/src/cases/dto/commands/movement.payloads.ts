/** Booking, departure, transit and arrival (stages READY_FOR_BOOKING to ARRIVED). */
import { TRANSIT_INCIDENT_KINDS, type TransitIncidentKind, type TurnBackReason } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
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
import { NoFields } from './no-fields.decorator';
import {
  CODE,
  CODE_MESSAGE,
  DATE,
  DATE_MESSAGE,
  EXAMPLE_MEMBER_ID,
  INSTANT,
  INSTANT_MESSAGE,
  MAX_MEMBERS,
  TURN_BACK_REASONS,
} from './rules';

/** Fields shared by ConfirmBooking and ChangeBooking (domain `BookingFields`). */
export class BookingFieldsPayload {
  @ApiProperty({
    example: '2026-03-10',
    description: 'Departure date (YYYY-MM-DD), calendar date at the host office; not in the past',
  })
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  departureDate!: string;
  @ApiPropertyOptional({
    example: '2026-03-11',
    description: 'Arrival date (YYYY-MM-DD), not before the departure date',
  })
  @IsOptionalNotNull()
  @Matches(DATE, DATE_MESSAGE)
  @IsCalendarDate()
  arrivalDate?: string;
  @ApiProperty({ example: 'IT-2026-03-10', description: 'Reference of the itinerary booked' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  itineraryRef!: string;
  @ApiPropertyOptional({ example: false, description: 'The itinerary includes the escort the household needs' })
  @IsOptionalNotNull()
  @IsBoolean()
  escortOnItinerary?: boolean;
  @ApiProperty({ example: true, description: 'Funds for the journey are available' })
  @IsBoolean()
  fundsAvailable!: boolean;
  @ApiPropertyOptional({
    example: '2026-03-03T18:00:00Z',
    description:
      'Until when the airline holds an unticketed booking (date-time with offset); defaults to the programme hold period',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, INSTANT_MESSAGE)
  bookingHoldUntil?: string;
  @ApiPropertyOptional({ example: false, description: 'The ticket is already issued, so there is no booking hold' })
  @IsOptionalNotNull()
  @IsBoolean()
  ticketed?: boolean;
}

export class ConfirmBookingPayload extends BookingFieldsPayload {}

export class ChangeBookingPayload extends BookingFieldsPayload {
  @ApiPropertyOptional({
    example: false,
    description:
      'If a travel document expires too early for the new date: true cancels the booking and sends the case back to documentation for renewal; otherwise the change is refused',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  fallbackToDocumentation?: boolean;
}

export class RecordTicketIssuedPayload {
  @ApiProperty({ example: 'IT-2026-03-10', description: "Reference of the current booking's itinerary, now ticketed" })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  itineraryRef!: string;
}

@NoFields()
export class RecordNoShowPayload {}

export class RecordNoShowReviewPayload {
  @ApiProperty({ example: true, description: 'The supervisor approves continuing after the no-show (rebooking)' })
  @IsBoolean()
  approved!: boolean;
}

export class RecordPreEmbarkationCheckPayload {
  @ApiProperty({ example: EXAMPLE_MEMBER_ID, description: 'The household member checked before embarkation' })
  @IsUUID()
  memberId!: string;
  @ApiProperty({ example: true, description: 'The member is fit to travel' }) @IsBoolean() fit!: boolean;
}

export class RecordDeparturePayload {
  @ApiProperty({
    example: true,
    description: 'The household confirmed again, at departure, that they return voluntarily',
  })
  @IsBoolean()
  voluntarinessReconfirmed!: boolean;
  @ApiProperty({
    type: MoneyPayload,
    example: { amount: 30, currency: 'EUR' },
    description: 'Pocket money handed over at departure',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyPayload)
  pocketMoney!: MoneyPayload;
}

export class RecordTransitPayload {
  @ApiProperty({ example: 'CMN', description: 'Airport or place code (e.g. IATA) where the household is in transit' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  location!: string;
}

/** An incident in transit; the case stays DEPARTED. When it happened is the command's effectiveAt. */
export class RecordTransitIncidentPayload {
  @ApiProperty({
    enum: [...TRANSIT_INCIDENT_KINDS],
    example: 'MISSED_CONNECTION',
    description: 'What happened, as a code (no notes)',
  })
  @IsIn(TRANSIT_INCIDENT_KINDS)
  kind!: TransitIncidentKind;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: [EXAMPLE_MEMBER_ID],
    description: 'The travellers concerned',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEMBERS)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  memberIds!: string[];
  @ApiProperty({ example: 'CMN', description: 'Airport or place code (e.g. IATA) where it happened' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  transitPoint!: string;
}

export class RecordTurnBackPayload {
  @ApiProperty({
    enum: [...TURN_BACK_REASONS],
    example: 'DENIED_BOARDING',
    description: 'Why the household did not get through',
  })
  @IsIn(TURN_BACK_REASONS)
  reason!: TurnBackReason;
  @ApiProperty({ example: true, description: 'Their travel documents are still valid' })
  @IsBoolean()
  documentsStillValid!: boolean;
}

export class RecordArrivalPayload {
  @ApiProperty({ example: true, description: 'The household was received on arrival' })
  @IsBoolean()
  receptionRecorded!: boolean;
  @ApiPropertyOptional({ example: false, description: 'The handover of an unaccompanied child was signed' })
  @IsOptionalNotNull()
  @IsBoolean()
  uascHandoverSigned?: boolean;
  @ApiProperty({ example: 'DAKAR', description: 'Code of the country-of-origin office receiving the household' })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  receivingOffice!: string;
}

@NoFields()
export class AcknowledgeHandoverPayload {}
