import { COMMAND_TYPES, type CaseCommandType } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, Min } from 'class-validator';

/**
 * One command endpoint with a discriminated body: `type` names the command, `payload` carries its fields (validated
 * against the payload class of that type), `expectedVersion` is the case version the caller saw. In the OpenAPI
 * document this envelope becomes a oneOf of one schema per command type, discriminated by `type` (openapi.ts).
 */
export class CaseCommandRequest {
  @ApiProperty({ enum: COMMAND_TYPES, example: 'RecordCounsellingSession' })
  @IsIn(COMMAND_TYPES)
  type!: CaseCommandType;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 3,
    description: 'The case version you saw; a stale version is answered 409 STALE_VERSION with the current one',
  })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({
    example: '2026-11-20T10:00:00Z',
    description:
      "When the fact happened (e.g. the session or visit); defaults to now. Recorded time is always the server's.",
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveAt?: string;

  @ApiProperty({ type: Object, description: 'The fields of this command type: <type>Payload' })
  @IsObject()
  payload!: Record<string, unknown>;
}
