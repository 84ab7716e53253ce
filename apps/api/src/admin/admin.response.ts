import { ASSIGNABLE_ROLES } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What administrators see: staff data (who works where, in which role, whether active) and the office register.
 * Never case data, never a password hash, never a webhook secret.
 */
const FREE = { type: 'object', additionalProperties: true } as const;

export class AdminUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ASSIGNABLE_ROLES }) role!: string;
  @ApiProperty({ type: String, nullable: true }) office!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Bumped by every forced sign-out: tokens of an older version are refused' })
  sessionVersion!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AdminUserListResponse {
  @ApiProperty({ type: [AdminUserResponse] }) items!: AdminUserResponse[];
}

export class AdminUserWithPasswordResponse {
  @ApiProperty({ type: AdminUserResponse }) user!: AdminUserResponse;
  @ApiPropertyOptional({
    description: 'Only when the server generated the password: shown this once, stored only as a hash',
  })
  temporaryPassword?: string;
}

export class AdminOfficeResponse {
  @ApiProperty({ example: 'MA-RBA' }) code!: string;
  @ApiProperty({ enum: ['HOST', 'COO'] }) kind!: string;
  @ApiProperty({ example: 'MA' }) country!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Africa/Casablanca' }) timeZone!: string;
  @ApiProperty({ type: String, nullable: true, example: 'MAD' }) currency!: string | null;
  @ApiProperty({ type: [Number] }) weekendDays!: number[];
  @ApiProperty({ type: [String] }) holidays!: string[];
  @ApiProperty(FREE) slaOverrides!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) webhookUrl!: string | null;
  @ApiProperty({ description: 'The secret itself is never shown' }) webhookSecretSet!: boolean;
}

export class AdminAuditEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'null: the system (initial administrator)',
  })
  actorId!: string | null;
  @ApiProperty() actorUsername!: string;
  @ApiProperty({
    example: 'USER_ROLE_CHANGED',
    description:
      'USER_CREATED, INITIAL_ADMIN_CREATED, USER_UPDATED, USER_DISABLED, USER_ENABLED, USER_PASSWORD_RESET, ' +
      'USER_SIGNED_OUT, OFFICE_CREATED, OFFICE_UPDATED, RSS_WEIGHTS_ADDED',
  })
  action!: string;
  @ApiProperty({ enum: ['USER', 'OFFICE', 'RSS_WEIGHTS'] }) targetType!: string;
  @ApiProperty() targetId!: string;
  @ApiProperty({ ...FREE, nullable: true, description: 'The record before (no password hash, no secret)' })
  before!: Record<string, unknown> | null;
  @ApiProperty({ ...FREE, nullable: true }) after!: Record<string, unknown> | null;
}

export class AdminAuditListResponse {
  @ApiProperty({ type: [AdminAuditEntryResponse] }) items!: AdminAuditEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next (older) page' })
  nextBefore!: string | null;
}
