/** A consulate follow-up on a pending laissez-passer request (history only; no clock restarts). */
import {
  CONSULATE_FOLLOW_UP_CHANNELS,
  CONSULATE_FOLLOW_UP_OUTCOMES,
  type ConsulateFollowUpChannel,
  type ConsulateFollowUpOutcome,
} from '@avrr/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

import { EXAMPLE_MEMBER_ID } from './rules';

export class RecordConsulateFollowUpPayload {
  @ApiProperty({
    example: EXAMPLE_MEMBER_ID,
    description: 'The traveller whose laissez-passer request was followed up',
  })
  @IsUUID()
  memberId!: string;
  @ApiProperty({
    enum: [...CONSULATE_FOLLOW_UP_CHANNELS],
    example: 'PHONE',
    description: 'How the consulate was reached',
  })
  @IsIn(CONSULATE_FOLLOW_UP_CHANNELS)
  channel!: ConsulateFollowUpChannel;
  @ApiProperty({
    enum: [...CONSULATE_FOLLOW_UP_OUTCOMES],
    example: 'NO_REPLY',
    description: 'What the consulate said (a code; the request date, and so the SLA clock, stay as they are)',
  })
  @IsIn(CONSULATE_FOLLOW_UP_OUTCOMES)
  outcome!: ConsulateFollowUpOutcome;
}
