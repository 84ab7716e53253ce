import { REPORT_INDICATORS } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportRowResponse {
  @ApiProperty({ description: 'The breakdown value (office, sex, age group, reason, ...), or TOTAL' }) key!: string;
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Statistics: how many people or cases the values rest on (null: suppressed)',
  })
  n?: number | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'number', nullable: true },
    description: 'One value per column; null: suppressed (a small cell, or its complement)',
  })
  values!: (number | null)[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    description: 'Rates from the shown counts (null when a count is suppressed)',
  })
  rates?: Record<string, number | null>;
}

export class ReportTableResponse {
  @ApiProperty({ enum: ['counts', 'stats'] }) kind!: string;
  @ApiProperty({ enum: REPORT_INDICATORS }) indicator!: string;
  @ApiProperty({ enum: ['individuals', 'cases', 'documents', 'activities', 'visits', 'surveys', 'tranches'] })
  unit!: string;
  @ApiProperty({ example: 'office' }) breakdown!: string;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({ type: [ReportRowResponse] }) rows!: ReportRowResponse[];
  @ApiProperty({ type: ReportRowResponse }) total!: ReportRowResponse;
  @ApiProperty({ description: 'Entries hidden in this table' }) suppressed!: number;
}

export class ReportFiltersResponse {
  @ApiProperty({ example: '2025-01-01' }) from!: string;
  @ApiProperty({ example: '2025-12-31' }) to!: string;
  @ApiProperty({ example: '2025-12-31' }) asOf!: string;
  @ApiPropertyOptional() office?: string;
  @ApiPropertyOptional() countryOfOrigin?: string;
}

export class IndicatorsResponse {
  @ApiProperty({ type: ReportFiltersResponse }) filters!: ReportFiltersResponse;
  @ApiProperty({ description: 'Counts under this many people are suppressed, with their complements' })
  smallCellThreshold!: number;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: [ReportTableResponse] }) tables!: ReportTableResponse[];
}

export class ReportExportResponse {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ example: 'indicators' }) report!: string;
  @ApiProperty({ enum: ['json', 'csv', 'xlsx'] }) format!: string;
  @ApiProperty({ type: ReportFiltersResponse }) filters!: ReportFiltersResponse;
  @ApiProperty() at!: string;
}

export class ReportExportListResponse {
  @ApiProperty({ type: [ReportExportResponse] }) items!: ReportExportResponse[];
}

export class ReconciliationDifferenceResponse {
  @ApiProperty({ description: "'' for a row of a pre-aggregate (report_vulnerability_counts, report_counts)" })
  caseId!: string;
  @ApiProperty({ example: 'report_individuals' }) table!: string;
  @ApiProperty({ description: "The row's key (internal ids), '' for the case row" }) key!: string;
  @ApiProperty({ enum: ['MISSING', 'UNEXPECTED', 'DIFFERENT', 'AUDIT_GAP'] }) kind!: string;
  @ApiPropertyOptional({ type: [String], description: 'DIFFERENT: the columns that differ (names only)' })
  columns?: string[];
}

export class ReconciliationResponse {
  @ApiProperty({ description: 'Cases checked' }) checked!: number;
  @ApiProperty({ description: 'Cases with at least one difference' }) differing!: number;
  @ApiPropertyOptional({ description: 'Pass as `after` for the next page of cases' }) next?: string;
  @ApiProperty({ type: [ReconciliationDifferenceResponse] }) differences!: ReconciliationDifferenceResponse[];
}
