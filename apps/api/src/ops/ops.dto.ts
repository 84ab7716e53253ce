import { STAGES } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const STUCK_REASONS = [
  'SLA_ALERT',
  'SLA_ESCALATED',
  'SLA_CRITICAL',
  'JOURNEY_SLA_ALERT',
  'JOURNEY_SLA_ESCALATED',
  'ACTIVITY_RETRYING',
  'WORKFLOW_TASK_FAILING',
  'NO_WORKER_POLLING',
  'TIMER_OVERDUE',
  'PROJECTION_FAILING',
];
export const OPS_ACTIONS = ['RETRY', 'RESET', 'CANCEL_REMINDER', 'TERMINATE'] as const;
export type OpsAction = (typeof OPS_ACTIONS)[number];
/** Destructive actions need a second operations user's approval. */
export const DESTRUCTIVE: readonly OpsAction[] = ['RESET', 'TERMINATE'];

export class StuckFilterDto {
  @ApiPropertyOptional({ enum: ['BUSINESS', 'TECHNICAL'] }) @IsOptional() @IsIn(['BUSINESS', 'TECHNICAL']) kind?:
    'BUSINESS' | 'TECHNICAL';
  @ApiPropertyOptional({ enum: STUCK_REASONS }) @IsOptional() @IsIn(STUCK_REASONS) reason?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional({ example: 'MA-RBA' }) @IsOptional() @IsString() @Length(2, 32) office?: string;
  @ApiPropertyOptional({ example: 'GN' }) @IsOptional() @IsISO31661Alpha2() country?: string;
  @ApiPropertyOptional({ description: 'Stuck at least this many hours' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(24 * 3650)
  minAgeHours?: number;
}

export class ListStuckQuery extends StuckFilterDto {
  @ApiPropertyOptional({ default: 200, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (keyset paging; without it, the first page)' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;
}

export class CaseActionRequest {
  @ApiProperty({ enum: OPS_ACTIONS }) @IsIn(OPS_ACTIONS) action!: OpsAction;
  @ApiProperty({ description: 'Why: written to the case audit trail', minLength: 10 })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(10, 500)
  reason!: string;
  @ApiPropertyOptional({ description: 'CANCEL_REMINDER: the reminder id' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reminderId?: string;
}

export class BulkActionRequest {
  @ApiProperty({ enum: OPS_ACTIONS.filter((a) => a !== 'CANCEL_REMINDER') })
  @IsIn(['RETRY', 'RESET', 'TERMINATE'])
  action!: OpsAction;
  @ApiProperty({ minLength: 10 })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(10, 500)
  reason!: string;
  @ApiProperty({ type: StuckFilterDto }) @ValidateNested() @Type(() => StuckFilterDto) filter!: StuckFilterDto;
  @ApiPropertyOptional({
    description: 'Only show how many cases and which (default true: a bulk action is previewed first)',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
  @ApiPropertyOptional({
    description: 'With dryRun false: the count the dry run showed; refused if the filter now matches another count',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedCount?: number;
}

export class DecisionRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) comment?: string;
}

export class OfficeSettingsRequest {
  @ApiPropertyOptional({ type: [Number], example: [0, 6], description: 'Weekend days, 0 = Sunday .. 6 = Saturday' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekendDays?: number[];
  @ApiPropertyOptional({ type: [String], example: ['2026-11-18'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @IsISO8601({ strict: true }, { each: true })
  holidays?: string[];
  @ApiPropertyOptional({ description: 'Per-stage SLA overrides, e.g. {"DOCUMENTATION":{"alert":40,"escalate":60}}' })
  @IsOptional()
  @IsObject()
  slaOverrides?: Record<string, { alert?: number; escalate?: number; unit?: 'DAYS' | 'WORKING_DAYS' }>;
  @ApiPropertyOptional({ description: 'Signed webhook for reminder deliveries; null removes it' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  webhookUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(16, 200) webhookSecret?: string;
}
