import { WITHHELD } from '@avrr/domain';
import { ApiProperty } from '@nestjs/swagger';

/** An in-app notification: ids, codes and references only (no names), shaped by the disclosure policy. */
export class NotificationResponse {
  @ApiProperty({ example: '42', description: 'A decimal id (keyset pagination: `before`)' }) id!: string;
  @ApiProperty({ example: 'REMINDER', description: 'REMINDER, SLA_TASK, SLA_ESCALATION, ...' }) kind!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The reminder it comes from; null when there is none or its kind is withheld from your role',
  })
  reminderId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `Ids and codes (reference, reminderKind, subject, stage, dueAt, ...); a reminder kind your role may not see is ${WITHHELD}`,
  })
  body!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) readAt!: string | null;
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] }) items!: NotificationResponse[];
  @ApiProperty({ description: 'How many of your notifications are unread' }) unread!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next page; null on the last' })
  nextBefore!: string | null;
}

export class NotificationsMarkedResponse {
  @ApiProperty({ description: 'How many were marked read' }) marked!: number;
}

export class NotificationReadResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: [true] }) read!: true;
}
