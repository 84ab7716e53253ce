import { CodedHttpException } from '@avrr/auth';
import type { RejectionCode } from '@avrr/domain';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CODES as HTTP_REASONS } from 'node:http';

/**
 * Rejection codes from the rules (the ApplicationFailure types the case workflow throws) and their HTTP status. A
 * Record over RejectionCode: a new rejection code without a status does not compile.
 */
export const RULE_STATUS: Record<RejectionCode, HttpStatus> = {
  STALE_VERSION: HttpStatus.CONFLICT,
  NOT_ALLOWED_IN_STAGE: HttpStatus.CONFLICT,
  REQUIREMENTS_NOT_MET: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_COMMAND: HttpStatus.UNPROCESSABLE_ENTITY,
  UNKNOWN_MEMBER: HttpStatus.UNPROCESSABLE_ENTITY,
  ROLE_NOT_ALLOWED: HttpStatus.FORBIDDEN,
};

/** Own keys only: a failure type such as `constructor` or `toString` is not a rule. */
export function isRuleCode(type: unknown): type is RejectionCode {
  return typeof type === 'string' && Object.hasOwn(RULE_STATUS, type);
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  417: 'EXPECTATION_FAILED',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Fastify's own errors (body parsing, size, router) carry a statusCode and an FST_ code; each gets a stable code and
 * a message of ours (Fastify's bad-URL message would echo the path back).
 */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type: send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    message: 'The request body size does not match its Content-Length',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    message: 'The request body is empty but its Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_BAD_URL: { code: 'MALFORMED_URL', message: 'The URL is malformed (invalid percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A parameter in the URL path is too long' },
  FST_ERR_NOT_FOUND: { code: 'NOT_FOUND', message: 'Not found' },
};

/** gRPC status codes (grpc-js is only a dependency of the Temporal client, so not imported). */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** What the API answers for an error: the body, and the `Retry-After` header when retrying the same request may work. */
export interface ErrorReply {
  body: ErrorBody;
  retryAfterSeconds?: number;
  /** Why, for the log only: engine-internal failure types never reach the client. */
  internalReason?: string;
}

const caseBusy = (internalReason: string): ErrorReply => ({
  body: {
    statusCode: HttpStatus.TOO_MANY_REQUESTS,
    code: 'CASE_BUSY',
    message: 'The case is busy with other commands; retry with the same Idempotency-Key',
  },
  retryAfterSeconds: 1,
  internalReason,
});

// Nothing was lost: retry with the same Idempotency-Key and the command is applied at most once.
const engineUnavailable = (internalReason: string): ErrorReply => ({
  body: {
    statusCode: HttpStatus.SERVICE_UNAVAILABLE,
    code: 'WORKFLOW_ENGINE_UNAVAILABLE',
    message: 'The workflow engine did not answer in time; retry with the same Idempotency-Key',
  },
  retryAfterSeconds: 1,
  internalReason,
});

/** The gRPC status of a Temporal ServiceError (its cause), or of a raw gRPC error the client let through. */
function grpcCodeOf(err: unknown): number | undefined {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) ? grpc.code : undefined;
}

/**
 * Turns any error into `{ statusCode, code, message, details? }` (the filter adds `requestId`) and, for a refusal the
 * client may retry as is, a Retry-After. A 500 says only "Internal server error".
 */
export function toErrorReply(err: unknown): ErrorReply {
  if (err instanceof CodedHttpException) {
    return {
      body: { statusCode: err.getStatus(), code: err.code, message: err.message, details: err.details },
      retryAfterSeconds: err.retryAfterSeconds,
    };
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type;
    // Any other type comes from the engine (e.g. Temporal's UnprocessedUpdate, or the workflow completing under the
    // Update): the command was not applied, and the same request may be retried.
    if (!isRuleCode(type)) return caseBusy(`update failed with ApplicationFailure type ${type ?? '(none)'}`);
    const rejection = (err.cause.details?.[0] ?? {}) as { requirements?: unknown; currentVersion?: number };
    return {
      body: {
        statusCode: RULE_STATUS[type],
        code: type,
        message: err.cause.message,
        details: { requirements: rejection.requirements ?? [], currentVersion: rejection.currentVersion },
      },
    };
  }
  if (err instanceof WorkflowNotFoundError)
    return { body: { statusCode: 404, code: 'CASE_NOT_FOUND', message: 'Case not found' } };
  if (
    err instanceof ServiceError ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcServiceError(err)
  ) {
    const grpc = grpcCodeOf(err);
    // e.g. the server's limit of in-flight Updates per workflow: this case has too many commands under way.
    if (grpc === GRPC_RESOURCE_EXHAUSTED)
      return caseBusy(`Temporal answered RESOURCE_EXHAUSTED: ${(err as Error).message}`);
    if (
      !isGrpcServiceError(err) ||
      grpc === GRPC_UNAVAILABLE ||
      grpc === GRPC_DEADLINE_EXCEEDED ||
      grpc === GRPC_CANCELLED
    ) {
      return engineUnavailable(`${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  if (err instanceof HttpException) {
    // Nest wraps Fastify's 4xx errors (body parsing and size) in an HttpException whose cause is the FastifyError.
    const fastify = fastifyErrorReply(err.cause);
    if (fastify) return fastify;
    const status = err.getStatus();
    const res = err.getResponse();
    if (status === 400 && /not valid JSON|Unexpected|JSON/.test(err.message)) {
      return { body: { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' } };
    }
    const message = typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? err.message);
    return {
      body: {
        statusCode: status,
        code: STATUS_CODES[status] ?? 'HTTP_ERROR',
        message: Array.isArray(message) ? message.join('; ') : message,
      },
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      body: {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable; retry shortly (with the same Idempotency-Key for a command)',
      },
      retryAfterSeconds: 2,
    };
  }
  return (
    fastifyErrorReply(err) ?? { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' } }
  );
}

/** Connection-level error codes: the socket to PostgreSQL was refused, reset or timed out. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND', // the database's host name no longer resolves (its container is gone)
  'ECONNABORTED',
  'ENETDOWN',
]);

/**
 * PostgreSQL is unreachable or going away: a connection refused or reset, SQLSTATE class 08 (connection exception) or
 * 57P01-57P03 (server shutting down or starting), or node-postgres losing or failing to get a connection.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown } | null | undefined;
  if (!e || typeof e !== 'object' || depth > 3) return false;
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || /^08|^57P0[123]$/.test(e.code))) return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      e.message,
    )
  )
    return true;
  // Node's connect to a name with several addresses fails with an AggregateError of each attempt's error.
  const attempts = (e as { errors?: unknown }).errors;
  if (Array.isArray(attempts) && attempts.some((a) => isDatabaseUnavailable(a, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1);
}

/** A 4xx error of Fastify's (it has a statusCode and an FST_ code), as it comes from the router or the body parser. */
function fastifyErrorReply(err: unknown): ErrorReply | undefined {
  const fst = err as { statusCode?: unknown; code?: unknown; message?: string } | null | undefined;
  if (typeof fst?.statusCode !== 'number' || fst.statusCode < 400 || fst.statusCode >= 500) return undefined;
  const known =
    typeof fst.code === 'string' && Object.hasOwn(FASTIFY_CODES, fst.code) ? FASTIFY_CODES[fst.code] : undefined;
  return {
    body: {
      statusCode: fst.statusCode,
      code: known?.code ?? STATUS_CODES[fst.statusCode] ?? 'BAD_REQUEST',
      message: known?.message ?? (fst.statusCode === 413 ? 'Request body is too large' : fst.message || 'Bad request'),
    },
  };
}

/** The body of toErrorReply, without the headers. */
export function toErrorBody(err: unknown): ErrorBody {
  return toErrorReply(err).body;
}

/**
 * What to answer on the Node server's 'clientError' event (before any request object exists): a request too slow
 * (requestTimeout / headersTimeout), headers over maxHeaderSize, or bytes that are not HTTP. Undefined: nothing to
 * answer (the client reset the connection).
 */
export function clientErrorReply(err: { code?: string }): ErrorReply | undefined {
  switch (err.code) {
    case 'ECONNRESET':
      return undefined;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { body: { statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time' } };
    case 'HPE_HEADER_OVERFLOW':
      return { body: { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' } };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        body: {
          statusCode: 413,
          code: 'PAYLOAD_TOO_LARGE',
          message: 'The chunk extensions of the request body are too large',
        },
      };
    default:
      return { body: { statusCode: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP' } };
  }
}

/** A request that reached the API while it shuts down: another instance (or this one, restarted) will take it. */
export function shuttingDownReply(): ErrorReply {
  return {
    body: { statusCode: 503, code: 'SHUTTING_DOWN', message: 'The API is shutting down; retry the request' },
    retryAfterSeconds: 1,
  };
}

/** The headers every error reply carries, also the ones written outside Nest and Fastify. */
export function errorHeaders(reply: ErrorReply, requestId: string, close = false): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': requestId,
  };
  if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
  if (close) headers.connection = 'close';
  return headers;
}

/** A whole HTTP/1.1 response for a raw socket (the 'clientError' path, where no ServerResponse exists); closes it. */
export function rawErrorResponse(reply: ErrorReply, requestId: string): string {
  const payload = JSON.stringify({ ...reply.body, requestId });
  const headers = { ...errorHeaders(reply, requestId, true), 'content-length': String(Buffer.byteLength(payload)) };
  const status = reply.body.statusCode;
  return (
    `HTTP/1.1 ${status} ${HTTP_REASONS[status] ?? 'Error'}\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    `\r\n${payload}`
  );
}

/** The largest error body the API sends (details and message beyond it are cut, saying so). */
export const MAX_ERROR_BODY_CHARS = 4096;

/**
 * An error body of at most MAX_ERROR_BODY_CHARS: a hostile request must not make the API build and send megabytes of
 * error (every producer limits its details already; this is the backstop).
 */
export function boundedBody(body: ErrorBody): ErrorBody {
  const message = body.message.length > 500 ? `${body.message.slice(0, 500)}...` : body.message;
  if (body.details === undefined) return { ...body, message };
  const size = JSON.stringify(body.details)?.length ?? 0;
  if (size + message.length <= MAX_ERROR_BODY_CHARS - 200) return { ...body, message };
  return { ...body, message, details: { truncated: size } };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest();
    const res = ctx.getResponse();
    const reply = toErrorReply(err);
    const body = { ...boundedBody(reply.body), requestId: req?.id };
    if (body.statusCode >= 500)
      this.logger.error({ err, requestId: req?.id, reason: reply.internalReason }, 'unhandled error');
    else if (reply.internalReason)
      this.logger.warn({ requestId: req?.id, code: body.code, reason: reply.internalReason }, 'refused, retryable');
    if (reply.retryAfterSeconds !== undefined)
      httpAdapter.setHeader(res, 'Retry-After', String(reply.retryAfterSeconds));
    httpAdapter.reply(res, body, body.statusCode);
  }
}
