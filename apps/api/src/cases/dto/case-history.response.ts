import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One committed command of the audit trail, its events as the reader may see them. */
export class HistoryEntryResponse {
  @ApiProperty() version!: number;
  @ApiProperty() commandId!: string;
  @ApiProperty() commandType!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "The staff user's display name (null: not a user, e.g. the engine); absent for roles whose screens show no names (operations)",
  })
  actorName?: string | null;
  @ApiProperty({ format: 'date-time' }) effectiveAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() fromStage!: string;
  @ApiProperty() toStage!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) events!: object[];
}

/** An operations intervention (retry, reset, terminate, reminder cancelled) with its reason and approver. */
export class OperationsInterventionResponse {
  @ApiProperty() action!: string;
  @ApiProperty() actionId!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class CaseHistoryResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: [HistoryEntryResponse] }) entries!: HistoryEntryResponse[];
  @ApiProperty({ type: [OperationsInterventionResponse] }) operations!: OperationsInterventionResponse[];
}
