import { REQUIREMENT_DISCLOSURE, WITHHELD } from '@avrr/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './error-codes';

/** Requirement codes as a client may see them: a requirement whose topic the reader may not see is WITHHELD. */
export const REQUIREMENT_CODES = [...Object.keys(REQUIREMENT_DISCLOSURE), WITHHELD];

export class FieldErrorResponse {
  @ApiProperty({ example: 'payload.language', description: 'Path of the field in the request' }) field!: string;
  @ApiProperty({ type: [String] }) errors!: string[];
}

/** "Why can't I advance?": one unmet requirement, per member where it concerns one. */
export class RequirementResponse {
  @ApiProperty({ enum: REQUIREMENT_CODES, description: `${WITHHELD}: a requirement your role may not see` })
  code!: string;
  @ApiPropertyOptional() memberId?: string;
  @ApiProperty({ description: 'Plain words; translate from the code' }) message!: string;
}

/** INVALID_RSS_WEIGHTS: one reason a weight set does not fit its instrument. */
export class RssWeightsProblemResponse {
  @ApiProperty({
    enum: [
      'WEIGHTS_MALFORMED',
      'WEIGHT_MISSING',
      'UNKNOWN_INDICATOR',
      'COMPOSITE_SUM_NOT_ONE',
      'DIMENSION_SUM_NOT_ONE',
    ],
  })
  code!: string;
  @ApiProperty({ example: 'composite weights sum to 1.2, not 1' }) message!: string;
}

export class ErrorDetailsResponse {
  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'VALIDATION_FAILED: each invalid field' })
  fields?: FieldErrorResponse[];
  @ApiPropertyOptional({
    type: [RequirementResponse],
    description: 'Rejections by the rules: the unmet requirements, shaped for your role',
  })
  requirements?: RequirementResponse[];
  @ApiPropertyOptional({
    type: [RssWeightsProblemResponse],
    description: 'INVALID_RSS_WEIGHTS: why the weight set does not fit its instrument',
  })
  problems?: RssWeightsProblemResponse[];
  @ApiPropertyOptional({ description: 'STALE_VERSION and other rule rejections: the case version now' })
  currentVersion?: number;
  @ApiPropertyOptional({ description: 'COUNT_CHANGED: how many cases the filter matches now' })
  count?: number;
  @ApiPropertyOptional({
    description:
      'The error body is kept small: how many invalid fields were left out of `fields` (VALIDATION_FAILED), or the ' +
      'size of details that were dropped',
  })
  truncated?: number;
  @ApiPropertyOptional({ description: 'BODY_TOO_COMPLEX: where in the body the limit was passed' })
  path?: string;
  @ApiPropertyOptional({ description: 'BODY_TOO_COMPLEX: the limit (depth, items of an array, members of an object)' })
  limit?: number;
}

export class ErrorResponse {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'CASE_NOT_FOUND' }) code!: ErrorCode;
  @ApiProperty({ example: 'Case not found', description: 'For people; clients translate from the code' })
  message!: string;
  @ApiPropertyOptional({ type: ErrorDetailsResponse }) details?: ErrorDetailsResponse;
  @ApiProperty({ description: 'The X-Request-Id of the request (also in the response headers and the logs)' })
  requestId!: string;
}

const WHEN: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED with details.fields, MALFORMED_JSON, ...)',
  401: 'Not authenticated (AUTH_REQUIRED, TOKEN_INVALID, TOKEN_EXPIRED; INVALID_CREDENTIALS at login)',
  403: 'Your role or office may not do this (ROLE_NOT_ALLOWED, OFFICE_OUT_OF_SCOPE, ...)',
  404: 'Not found, or outside your scope',
  409: 'Conflict with the current state',
  413: 'Request body too large (PAYLOAD_TOO_LARGE)',
  410: 'Gone: the personal data of this case was erased at the end of its retention period (CASE_ANONYMISED)',
  415: 'Not JSON (UNSUPPORTED_MEDIA_TYPE): send application/json',
  422: 'Understood but refused by the rules or references',
  429: 'Busy: retry with the same Idempotency-Key after Retry-After (CASE_BUSY), or sign-ins throttled (LOGIN_RATE_LIMITED)',
  500: 'INTERNAL_ERROR: nothing else is said',
  503: 'A dependency is unavailable: retry after Retry-After',
};

/** The error responses an operation can give (and 500, which any can), each with the one error schema. */
export function ApiErrors(...statuses: (keyof typeof WHEN)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponse),
    ...[...new Set([...statuses, 500])]
      .sort((a, b) => a - b)
      .map((status) => ApiResponse({ status, description: WHEN[status], type: ErrorResponse })),
  );
}
