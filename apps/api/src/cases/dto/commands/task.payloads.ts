/** Commands that complete a task of their own (issue 10): the tickets cancelled, a partner informed. */
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CODE, CODE_MESSAGE } from './rules';

export class RecordTicketCancellationPayload {
  @ApiProperty({
    example: 'AT-2025-0001',
    description: 'The itinerary of the booking that ended (withdrawal, cancellation)',
  })
  @IsString()
  @Length(1, 64)
  @Matches(CODE, CODE_MESSAGE)
  itineraryRef!: string;
}

export class RecordPartnerNotificationPayload {
  @ApiProperty({ enum: ['UNHCR'], example: 'UNHCR', description: 'The partner informed of the departure' })
  @IsIn(['UNHCR'])
  partner!: 'UNHCR';
}
