import { RETENTION_CATEGORIES } from '@avrr/domain';
import { ApiProperty } from '@nestjs/swagger';

/** Retention responses: counts per data category and rows per store; never a name, a reference or a case id. */

const perCategory = {
  type: 'object' as const,
  description: `Cases per data category erased (or due, in a dry run): ${RETENTION_CATEGORIES.join(', ')}`,
  additionalProperties: { type: 'integer' },
};

export class RetentionRunResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ['schedule', 'operator'] }) trigger!: string;
  @ApiProperty({ enum: ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] }) status!: string;
  @ApiProperty({ description: 'The time the periods were measured to' }) asOf!: string;
  @ApiProperty({ description: 'Cases with something due' }) total!: number;
  @ApiProperty({ description: 'Cases done so far (progress: processed / total)' }) processed!: number;
  @ApiProperty(perCategory) counts!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Rows, keys and data keys erased per store (PostgreSQL tables, redis_keys, temporal_*)',
  })
  stores!: Record<string, number>;
  @ApiProperty({ description: 'Cases that ended anonymised (their payload data key destroyed)' }) anonymised!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class RetentionRunListResponse {
  @ApiProperty({ type: [RetentionRunResponse] }) runs!: RetentionRunResponse[];
}

export class RetentionPeriodResponse {
  @ApiProperty({ enum: RETENTION_CATEGORIES }) category!: string;
  @ApiProperty({ description: 'Kept this many seconds after the case ended' }) seconds!: number;
}

export class RetentionScheduleResponse {
  @ApiProperty({ type: [RetentionPeriodResponse] }) periods!: RetentionPeriodResponse[];
  @ApiProperty({ description: 'Interval of the scheduled run' }) everySeconds!: number;
}
