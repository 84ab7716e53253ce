import { NEUTRAL_TASK_KIND, TASK_KINDS, WITHHELD } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

/** No control characters (NUL among them) in a free-text reason. */
const PRINTABLE = /^[^\p{Cc}]+$/u;
const OWNER = /^(me|all|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: [...TASK_KINDS, NEUTRAL_TASK_KIND], description: 'Only tasks of this kind' })
  @IsOptional()
  @IsIn([...TASK_KINDS, NEUTRAL_TASK_KIND])
  kind?: string;
  @ApiPropertyOptional({ enum: ['OPEN', 'DONE', 'OBSOLETE'], default: 'OPEN' })
  @IsOptional()
  @IsIn(['OPEN', 'DONE', 'OBSOLETE'])
  status?: 'OPEN' | 'DONE' | 'OBSOLETE';
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the tasks of this case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only tasks past their due time (true) or not (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({
    description:
      "Whose tasks: me (default: yours, and your role's in your office with nobody named), all (supervisor, " +
      'operations: every task of the cases in your scope) or a user id (supervisor, operations)',
    example: 'me',
  })
  @IsOptional()
  @IsString()
  @Matches(OWNER, { message: 'owner must be me, all or a user id' })
  owner?: string;
}

export class TaskResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MA-RBA-2026-1A2B3C4D' }) reference!: string;
  @ApiProperty({
    enum: [...TASK_KINDS, NEUTRAL_TASK_KIND],
    description: `The kind; ${NEUTRAL_TASK_KIND} when your role may not learn what it is about (e.g. a VoT assessment)`,
  })
  kind!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What it is about (ids and codes); null when withheld' })
  subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) memberId!: string | null;
  @ApiProperty({ example: 'protection', description: 'The role that owns it' }) ownerRole!: string;
  @ApiProperty({ type: String, nullable: true, example: 'MA-RBA' }) ownerOffice!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The person who owns it, if one is named' })
  ownerUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Their name, for roles that see staff names' })
  ownerName!: string | null;
  @ApiProperty({ description: 'A supervisor or operations named the person by hand' }) reassigned!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When it turns into an alert (a document expires)' })
  alertAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: `The command that completes it; ${WITHHELD} when the kind is withheld` })
  command!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['MHPSS_REFERRAL', 'EXTRA_VISIT'] })
  suggestedAction!: string | null;
  @ApiProperty({ enum: ['OPEN', 'DONE', 'OBSOLETE'] }) status!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
}

export class TaskCountsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ description: 'Past their alert time (a document to renew expired with no new request)' })
  alerts!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Per kind, as you see kinds' })
  byKind!: Record<string, number>;
}

export class TaskListResponse {
  @ApiProperty({ type: [TaskResponse] }) items!: TaskResponse[];
  @ApiProperty({ type: TaskCountsResponse, description: 'Counts of the tasks of this owner and status' })
  counts!: TaskCountsResponse;
}

export class TaskEventResponse {
  @ApiProperty() at!: string;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ enum: ['REASSIGNED'] }) action!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fromUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) toUserId!: string | null;
  @ApiProperty() reason!: string;
}

export class TaskWithHistoryResponse extends TaskResponse {
  @ApiProperty({ type: [TaskEventResponse], description: 'Reassignments, oldest first' })
  history!: TaskEventResponse[];
}

export class ReassignTaskRequest {
  @ApiProperty({ format: 'uuid', description: 'The person who takes the task over' })
  @IsUUID()
  toUserId!: string;
  @ApiProperty({ example: 'Officer on leave until 15 December', maxLength: 500 })
  @IsString()
  @Length(3, 500)
  @Matches(PRINTABLE, { message: 'reason may not contain control characters' })
  reason!: string;
}

export class AssignCaseRequest {
  @ApiProperty({ enum: ['OFFICER', 'COUNTERPART'] })
  @IsIn(['OFFICER', 'COUNTERPART'])
  slot!: 'OFFICER' | 'COUNTERPART';
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;
  @ApiProperty({ example: 'Caseload balancing', maxLength: 500 })
  @IsString()
  @Length(3, 500)
  @Matches(PRINTABLE, { message: 'reason may not contain control characters' })
  reason!: string;
}

export class AssigneeResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their name, for roles that see staff names' })
  name!: string | null;
}

export class AssignmentEntryResponse {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ['OFFICER', 'COUNTERPART'] }) slot!: string;
  @ApiProperty({ enum: ['REGISTRATION', 'HANDOVER', 'REASSIGNMENT'] }) source!: string;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fromUserId!: string | null;
  @ApiProperty({ format: 'uuid' }) toUserId!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class CaseAssignmentResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) officer!: AssigneeResponse | null;
  @ApiProperty({ type: AssigneeResponse, nullable: true }) counterpart!: AssigneeResponse | null;
  @ApiProperty({ type: [AssignmentEntryResponse], description: 'Every assignment, oldest first' })
  history!: AssignmentEntryResponse[];
}
