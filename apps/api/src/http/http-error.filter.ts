import { CodedHttpException } from '@avrr/auth';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** Rejection codes from the rules (Temporal ApplicationFailure types) and their HTTP status. */
export const RULE_STATUS: Record<string, HttpStatus> = {
  STALE_VERSION: HttpStatus.CONFLICT,
  NOT_ALLOWED_IN_STAGE: HttpStatus.CONFLICT,
  CASE_NOT_OPEN: HttpStatus.CONFLICT,
  REQUIREMENTS_NOT_MET: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_COMMAND: HttpStatus.UNPROCESSABLE_ENTITY,
  UNKNOWN_MEMBER: HttpStatus.UNPROCESSABLE_ENTITY,
  ROLE_NOT_ALLOWED: HttpStatus.FORBIDDEN,
};

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'AUTH_REQUIRED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY', 429: 'TOO_MANY_REQUESTS',
};

/** Fastify's own errors (body parsing, size) carry statusCode and an FST_ code. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

export interface ErrorBody { statusCode: number; code: string; message: string; details?: unknown; requestId?: string }

/** Turns any error into `{ statusCode, code, message, details?, requestId }`. A 500 says only "Internal server error". */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof CodedHttpException) {
    return { statusCode: err.getStatus(), code: err.code, message: err.message, details: err.details };
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
    const rejection = (err.cause.details?.[0] ?? {}) as { requirements?: unknown; currentVersion?: number };
    return { statusCode: RULE_STATUS[err.cause.type] ?? HttpStatus.UNPROCESSABLE_ENTITY, code: err.cause.type,
      message: err.cause.message, details: { requirements: rejection.requirements ?? [], currentVersion: rejection.currentVersion } };
  }
  if (err instanceof WorkflowNotFoundError) return { statusCode: 404, code: 'CASE_NOT_FOUND', message: 'Case not found' };
  if (err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // Nothing was lost: retry with the same Idempotency-Key and the command is applied at most once.
    return { statusCode: 503, code: 'WORKFLOW_ENGINE_UNAVAILABLE',
      message: 'The workflow engine did not answer in time; retry with the same Idempotency-Key' };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    if (status === 400 && /not valid JSON|Unexpected|JSON/.test(err.message)) {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
    }
    const message = typeof res === 'string' ? res : (res as { message?: string | string[] }).message ?? err.message;
    return { statusCode: status, code: STATUS_CODES[status] ?? 'HTTP_ERROR', message: Array.isArray(message) ? message.join('; ') : message };
  }
  const fst = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
    return { statusCode: fst.statusCode, code: (fst.code && FASTIFY_CODES[fst.code]) ?? STATUS_CODES[fst.statusCode] ?? 'BAD_REQUEST',
      message: fst.statusCode === 413 ? 'Request body is too large' : fst.message ?? 'Bad request' };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest();
    const body = toErrorBody(err);
    body.requestId = req?.id;
    if (body.statusCode >= 500) this.logger.error({ err, requestId: req?.id }, 'unhandled error');
    httpAdapter.reply(ctx.getResponse(), body, body.statusCode);
  }
}
