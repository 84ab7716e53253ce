import { ApiProperty } from '@nestjs/swagger';

const NUMBERS = { type: 'object', additionalProperties: { type: 'number' } } as const;

/** A weight set as the readers of RSS scores see it (configuration: indicator codes and numbers, no case data). */
export class RssWeightSetResponse {
  @ApiProperty({ example: 'ANNEX4-2026' }) version!: string;
  @ApiProperty({ example: 'RSS-1' }) instrumentVersion!: string;
  @ApiProperty() provisional!: boolean;
  @ApiProperty(NUMBERS) dimension!: Record<string, number>;
  @ApiProperty(NUMBERS) composite!: Record<string, number>;
  @ApiProperty({
    enum: ['CONFIG', 'ADMIN'],
    description: "CONFIG: the instrument's configured weights; ADMIN: added by an administrator",
  })
  source!: 'CONFIG' | 'ADMIN';
  @ApiProperty({ description: 'The set a survey of this instrument recorded now is scored with' }) current!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null for the configured weights' })
  createdAt!: string | null;
}

/** The same for administrators, with who added it. */
export class AdminRssWeightSetResponse extends RssWeightSetResponse {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The administrator; null for CONFIG' })
  createdBy!: string | null;
}

export class RssWeightSetListResponse {
  @ApiProperty({ type: [RssWeightSetResponse] }) items!: RssWeightSetResponse[];
}

export class AdminRssWeightSetListResponse {
  @ApiProperty({ type: [AdminRssWeightSetResponse] }) items!: AdminRssWeightSetResponse[];
}

/** A survey's scores under one weight set. */
export class RssScoreResponse {
  @ApiProperty() weightsVersion!: string;
  @ApiProperty() provisional!: boolean;
  @ApiProperty(NUMBERS) indicatorScores!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  dimensionScores!: Record<string, number | null>;
  @ApiProperty({ type: Number, nullable: true }) composite!: number | null;
  @ApiProperty({ type: [String] }) missingIndicators!: string[];
  @ApiProperty() incomplete!: boolean;
  @ApiProperty({ type: [String] }) belowThreshold!: string[];
}

/** A stored survey scored again under another weight set; the stored score is unchanged and keeps its version. */
export class RssRescoreResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'RSS-1' }) rssId!: string;
  @ApiProperty({ example: 'RSS-1' }) instrumentVersion!: string;
  @ApiProperty({ enum: ['BASELINE', 'MIDPOINT', 'ENDLINE'] }) timing!: string;
  @ApiProperty({ format: 'date-time' }) effectiveAt!: string;
  @ApiProperty({ type: RssScoreResponse, description: 'As recorded, with the weights it was computed with' })
  stored!: RssScoreResponse;
  @ApiProperty({ type: RssScoreResponse, description: 'Under the weight set asked for (not stored)' })
  recomputed!: RssScoreResponse;
}
