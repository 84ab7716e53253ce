import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO31661Alpha2, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

// Years 1900-2199: a programme's reports; an age at a reference date in year 10 has no meaning (and no birth year).
const DATE = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A report's period, reference date and filters (AVRR.md §12). */
export class ReportQuery {
  @ApiProperty({ example: '2025-01-01', description: 'First day of the period (UTC), YYYY-MM-DD' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last day of the period, included, YYYY-MM-DD' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({
    example: '2025-12-31',
    description: 'Reference date (ages, pending, overdue; later facts left out). Default: `to`',
  })
  @IsOptional()
  @Matches(DATE, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ example: 'MA-RBA', description: 'Host or receiving office' })
  @IsOptional()
  @IsString()
  @Length(2, 32)
  office?: string;

  @ApiPropertyOptional({ example: 'GN', description: 'Country of origin' })
  @IsOptional()
  @IsISO31661Alpha2()
  countryOfOrigin?: string;
}

/** Which cases the reconciliation check runs over: one case, or a page of cases in id order. */
export class ReconciliationQuery {
  @ApiPropertyOptional({ description: 'One case' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ description: 'The `next` of the previous page' }) @IsOptional() @IsUUID() after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ExportListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
