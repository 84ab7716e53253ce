import { COMMAND_TYPES, HOLD_TYPES, STAGES, WITHHELD } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const DEADLINE_KINDS = [
  'DOCUMENT_EXPIRY',
  'BOOKING_HOLD_EXPIRY',
  'VOT_ASSESSMENT_EXPIRY',
  'HANDOVER_ACK_OVERDUE',
  'MONITORING_VISIT_DUE',
  'CONTACT_RULE_MET',
  WITHHELD,
];

export class NextDeadlineResponse {
  @ApiProperty({ enum: DEADLINE_KINDS, description: 'WITHHELD: a kind your role may not see' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

/** A row of the case list and the work queue: D0 of the case, with the work the caller has on it. */
export class CaseListItemResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MA-RBA-2026-1A2B3C4D' }) reference!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() version!: number;
  @ApiProperty() hostOffice!: string;
  @ApiProperty() countryOfOrigin!: string;
  @ApiProperty({ type: String, nullable: true }) receivingOffice!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ type: [String], enum: [...HOLD_TYPES, WITHHELD] }) holds!: string[];
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) stageEnteredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty() handoverOverdue!: boolean;
  @ApiProperty({ description: 'Whole days since the case entered its stage' }) daysInStage!: number;
  @ApiProperty({
    type: String,
    enum: ['OK', 'ALERT', 'ESCALATE', 'PAUSED', 'NONE'],
    nullable: true,
    description: "The stuck-case monitor's last SLA evaluation; null before its first scan of the case",
  })
  slaState!: string | null;
  @ApiProperty({
    type: NextDeadlineResponse,
    nullable: true,
    description: 'The earliest deadline the engine acts on (a document or booking hold expiring, a visit due...)',
  })
  nextDeadline!: NextDeadlineResponse | null;
  @ApiProperty({ description: 'Reminders delivered to you for this case, unread and not cancelled since' })
  dueReminders!: number;
  @ApiProperty({
    type: [String],
    enum: COMMAND_TYPES,
    description: 'The commands that move this case which wait on your role (and that you may do)',
  })
  awaiting!: string[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseListItemResponse] }) items!: CaseListItemResponse[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}
