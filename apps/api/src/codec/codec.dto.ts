import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';

/** Payloads at most per call: the Temporal UI sends one event's payloads, or one page of them. */
export const MAX_CODEC_PAYLOADS = 1000;

/**
 * A Temporal Payload in its protobuf JSON form: metadata values and data are base64. Not named `...Payload`: the
 * console's catalogue test takes those schemas for command payloads.
 */
export class CodecPayloadJson {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' },
  })
  metadata?: Record<string, string>;
  @ApiPropertyOptional({ type: 'string', format: 'byte' }) data?: string;
}

/** Body and answer of Temporal's remote codec protocol (POST /codec/decode, /codec/encode). */
export class CodecPayloads {
  @ApiProperty({ type: [CodecPayloadJson], maxItems: MAX_CODEC_PAYLOADS })
  @IsArray()
  @ArrayMaxSize(MAX_CODEC_PAYLOADS)
  @IsObject({ each: true })
  payloads!: CodecPayloadJson[];
}
