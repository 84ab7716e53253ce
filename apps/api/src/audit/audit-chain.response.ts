import { ApiProperty } from '@nestjs/swagger';

const BREAKS = ['CONTENT_ALTERED', 'SEALED_EVENTS_ALTERED', 'HASH_MISMATCH', 'LINK_BROKEN', 'SEQUENCE_GAP'];

export class AuditChainBreakResponse {
  @ApiProperty({ description: 'Position in the chain (1 = the registration)' }) chainSeq!: number;
  @ApiProperty({ description: 'The case version the row recorded' }) version!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ enum: BREAKS, enumName: 'AuditChainBreak' }) reason!: string;
}

/** The verification of one case's hash-chained audit trail: operational data only (D0), no content of the events. */
export class AuditChainVerificationResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Rows of the audit trail checked' }) links!: number;
  @ApiProperty() intact!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The last chain hash (hex), to keep outside the system' })
  headHash!: string | null;
  @ApiProperty({ description: 'Rows whose sealed events a retention run redacted (expected, not a break)' })
  redactedByRetention!: number;
  @ApiProperty({ type: AuditChainBreakResponse, nullable: true, description: 'The first link that does not hold' })
  firstBroken!: AuditChainBreakResponse | null;
}
