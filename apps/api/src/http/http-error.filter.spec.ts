// Nest 12 is ESM only, which jest's CommonJS runtime cannot load (before Node 24.9): the few pieces of it the filter
// uses are stood in for here, with Nest's semantics (HttpException's message and cause). The e2e test runs the real ones.
jest.mock('@nestjs/common', () => {
  class HttpException extends Error {
    constructor(
      private readonly response: string | Record<string, unknown>,
      private readonly status: number,
      options?: { cause?: unknown },
    ) {
      super(
        typeof response === 'string'
          ? response
          : typeof response.message === 'string'
            ? response.message
            : 'Http Exception',
      );
      this.cause = options?.cause;
    }
    getStatus() {
      return this.status;
    }
    getResponse() {
      return this.response;
    }
  }
  class NotFoundException extends HttpException {
    constructor(message: string) {
      super({ message, error: 'Not Found', statusCode: 404 }, 404);
    }
  }
  class Logger {
    error() {}
    warn() {}
    log() {}
    debug() {}
  }
  const HttpStatus = {
    BAD_REQUEST: 400,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    UNPROCESSABLE_ENTITY: 422,
    TOO_MANY_REQUESTS: 429,
    SERVICE_UNAVAILABLE: 503,
  };
  return { HttpException, NotFoundException, Logger, HttpStatus, Catch: () => () => undefined };
});
jest.mock('@nestjs/core', () => ({ HttpAdapterHost: class {} }));
jest.mock('@avrr/auth', () => jest.requireActual('../../../../libs/auth/src/auth.errors'));

import { CodedHttpException } from '@avrr/auth';
import type { RejectionCode } from '@avrr/domain';
import { ArgumentsHost, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure, RetryState } from '@temporalio/common';
import { errorCodes } from 'fastify';
import {
  clientErrorReply,
  HttpErrorFilter,
  isDatabaseUnavailable,
  rawErrorResponse,
  RULE_STATUS,
  shuttingDownReply,
  toErrorBody,
  toErrorReply,
} from './http-error.filter';

/** A rejection as the case workflow's update validator throws it, as the client receives it. */
const rejected = (type: string | undefined, details: unknown[] = []) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type, message: `refused: ${type}`, details }),
  );

/** What grpc-js throws: an Error with a numeric code, a details string and metadata. */
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

/** As Nest's FastifyAdapter hands Fastify's 4xx errors to the filters. */
const wrappedByNest = (err: Error & { statusCode?: number }) =>
  new HttpException(err.message, err.statusCode ?? 500, { cause: err });

describe('toErrorReply', () => {
  it.each(Object.entries(RULE_STATUS) as [RejectionCode, HttpStatus][])(
    'should answer the rule rejection %s with its status and the rejection as details',
    (code, status) => {
      const reply = toErrorReply(rejected(code, [{ code, requirements: [{ code: 'X' }], currentVersion: 7 }]));
      expect(reply.body).toEqual({
        statusCode: status,
        code,
        message: `refused: ${code}`,
        details: { requirements: [{ code: 'X' }], currentVersion: 7 },
      });
      expect(reply.retryAfterSeconds).toBeUndefined();
    },
  );

  it.each([
    'UnprocessedUpdate',
    'AcceptedUpdateCompletedWorkflow',
    'CASE_NOT_OPEN',
    'toString',
    'constructor',
    undefined,
  ])(
    'should answer an update failure of engine type %s as 429 CASE_BUSY, never with the engine type as code',
    (type) => {
      const reply = toErrorReply(rejected(type));
      expect(reply.body).toEqual({
        statusCode: 429,
        code: 'CASE_BUSY',
        message: 'The case is busy with other commands; retry with the same Idempotency-Key',
      });
      expect(reply.retryAfterSeconds).toBe(1);
      expect(JSON.stringify(reply.body)).not.toContain(`refused: ${type}`);
    },
  );

  it('should answer RESOURCE_EXHAUSTED from Temporal (too many updates in flight) as 429 CASE_BUSY', () => {
    const limit = grpcError(8, 'limit on number of concurrent in-flight updates has been reached (10)');
    for (const err of [new ServiceError('Workflow Update failed', { cause: limit }), limit]) {
      const reply = toErrorReply(err);
      expect([reply.body.statusCode, reply.body.code, reply.retryAfterSeconds]).toEqual([429, 'CASE_BUSY', 1]);
      expect(reply.body.message).toMatch(/busy with other commands.*same Idempotency-Key/);
    }
  });

  it('should answer other engine errors as 503 WORKFLOW_ENGINE_UNAVAILABLE with Retry-After', () => {
    for (const err of [
      new ServiceError('Workflow Update failed', { cause: grpcError(14, 'connection refused') }),
      new ServiceError('Workflow Update failed', { cause: grpcError(3, 'invalid argument') }),
      new ServiceError('Unexpected error while making gRPC request', { cause: new Error('boom') }),
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled', {
        cause: grpcError(4, 'deadline'),
      }),
      grpcError(14, 'connection refused'),
    ]) {
      const reply = toErrorReply(err);
      expect([reply.body.statusCode, reply.body.code, reply.retryAfterSeconds]).toEqual([
        503,
        'WORKFLOW_ENGINE_UNAVAILABLE',
        1,
      ]);
    }
  });

  it('should answer a raw gRPC error that retrying cannot fix, or an update failing for a non-rule cause, with a bare 500', () => {
    const activity = new ActivityFailure(
      'activity failed',
      'projectCase',
      '1',
      RetryState.MAXIMUM_ATTEMPTS_REACHED,
      undefined,
      ApplicationFailure.create({ type: 'QueryFailedError', message: 'relation "x" does not exist' }),
    );
    for (const err of [
      grpcError(3, 'invalid argument'),
      new WorkflowUpdateFailedError('failed', activity),
      new WorkflowUpdateFailedError('failed', new CancelledFailure('cancelled')),
    ]) {
      expect(toErrorReply(err)).toEqual({
        body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' },
      });
    }
  });

  it('should answer a missing workflow as 404 CASE_NOT_FOUND', () => {
    expect(toErrorBody(new WorkflowNotFoundError('not found', 'case-1', undefined))).toEqual({
      statusCode: 404,
      code: 'CASE_NOT_FOUND',
      message: 'Case not found',
    });
  });

  it('should render a CodedHttpException, with a Retry-After only when it carries one', () => {
    const old = new CodedHttpException(HttpStatus.CONFLICT, 'COUNT_CHANGED', 'changed', { count: 3 });
    expect(toErrorReply(old)).toEqual({
      body: { statusCode: 409, code: 'COUNT_CHANGED', message: 'changed', details: { count: 3 } },
      retryAfterSeconds: undefined,
    });
    const busy = new CodedHttpException(HttpStatus.TOO_MANY_REQUESTS, 'CASE_BUSY', 'busy', undefined, 1);
    expect(busy.retryAfterSeconds).toBe(1);
    expect(toErrorReply(busy)).toMatchObject({
      body: { statusCode: 429, code: 'CASE_BUSY', message: 'busy' },
      retryAfterSeconds: 1,
    });
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 413, 'PAYLOAD_TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), 400, 'MALFORMED_JSON'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), 400, 'MALFORMED_JSON'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), 400, 'BAD_REQUEST'],
  ])("should give Fastify's body error %s (wrapped by Nest, or raw) a stable code", (_name, err, status, code) => {
    expect(toErrorBody(wrappedByNest(err))).toMatchObject({ statusCode: status, code });
    expect(toErrorBody(err)).toMatchObject({ statusCode: status, code });
  });

  it("should answer Fastify's router errors without echoing the URL back", () => {
    expect(toErrorBody(new errorCodes.FST_ERR_BAD_URL('/cases/%E0%A4%A<script>'))).toEqual({
      statusCode: 400,
      code: 'MALFORMED_URL',
      message: 'The URL is malformed (invalid percent-encoding)',
    });
    expect(toErrorBody(new errorCodes.FST_ERR_MAX_PARAM_LENGTH('/cases/aaaa'))).toMatchObject({
      statusCode: 414,
      code: 'URI_TOO_LONG',
    });
  });

  it('should answer an unknown route as 404 NOT_FOUND and anything unexpected as a bare 500', () => {
    expect(toErrorBody(new NotFoundException('Cannot DELETE /cases'))).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot DELETE /cases',
    });
    expect(toErrorBody(new TypeError('x is undefined'))).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    });
    expect(toErrorBody(undefined)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    expect(
      toErrorBody(Object.assign(new Error('db down'), { statusCode: 500, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })),
    ).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });
});

describe('clientErrorReply', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'PAYLOAD_TOO_LARGE'],
    ['HPE_INVALID_METHOD', 400, 'BAD_REQUEST'],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 400, 'BAD_REQUEST'],
    [undefined, 400, 'BAD_REQUEST'],
  ])('should answer the client error %s with %i %s', (code, status, errorCode) => {
    expect(clientErrorReply({ code })?.body).toMatchObject({ statusCode: status, code: errorCode });
  });

  it('should answer nothing to a connection the client reset', () => {
    expect(clientErrorReply({ code: 'ECONNRESET' })).toBeUndefined();
  });
});

describe('rawErrorResponse', () => {
  it('should write a complete HTTP/1.1 response that closes the connection', () => {
    const sut = rawErrorResponse(shuttingDownReply(), 'req-1');
    const [head, payload] = sut.split('\r\n\r\n');
    const [statusLine, ...headerLines] = head.split('\r\n');
    const headers = Object.fromEntries(headerLines.map((l) => l.split(': ')));
    expect(statusLine).toBe('HTTP/1.1 503 Service Unavailable');
    expect(headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
      'retry-after': '1',
      'x-request-id': 'req-1',
      'content-length': String(Buffer.byteLength(payload)),
    });
    expect(JSON.parse(payload)).toEqual({
      statusCode: 503,
      code: 'SHUTTING_DOWN',
      message: 'The API is shutting down; retry the request',
      requestId: 'req-1',
    });
  });
});

describe('HttpErrorFilter', () => {
  const replyWith = () => {
    const httpAdapter = { reply: jest.fn(), setHeader: jest.fn() };
    const sut = new HttpErrorFilter({ httpAdapter } as unknown as HttpAdapterHost);
    const host = {
      switchToHttp: () => ({ getRequest: () => ({ id: 'req-42' }), getResponse: () => 'res' }),
    } as unknown as ArgumentsHost;
    return { sut, host, httpAdapter };
  };

  it('should reply with the request id and a Retry-After header for a busy case', () => {
    const { sut, host, httpAdapter } = replyWith();
    sut.catch(rejected('UnprocessedUpdate'), host);
    expect(httpAdapter.setHeader).toHaveBeenCalledWith('res', 'Retry-After', '1');
    expect(httpAdapter.reply).toHaveBeenCalledWith(
      'res',
      {
        statusCode: 429,
        code: 'CASE_BUSY',
        message: 'The case is busy with other commands; retry with the same Idempotency-Key',
        requestId: 'req-42',
      },
      429,
    );
  });

  it('should set no Retry-After header for a rule rejection', () => {
    const { sut, host, httpAdapter } = replyWith();
    sut.catch(rejected('STALE_VERSION', [{ requirements: [], currentVersion: 3 }]), host);
    expect(httpAdapter.setHeader).not.toHaveBeenCalled();
    expect(httpAdapter.reply).toHaveBeenCalledWith(
      'res',
      expect.objectContaining({ statusCode: 409, code: 'STALE_VERSION', requestId: 'req-42' }),
      409,
    );
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    [
      'the server shutting down (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    [
      'a TypeORM error around a connection failure',
      Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: '08006' }) }),
    ],
  ])('should answer 503 DATABASE_UNAVAILABLE with Retry-After for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(toErrorReply(err)).toMatchObject({
      body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE' },
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['a syntax error (42601)', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('should not take %s for an outage', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
