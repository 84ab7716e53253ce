import { AppConfig, APP_CONFIG, loadConfig } from '@avrr/config';
import fastifyCookie from '@fastify/cookie';
import { Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppModule } from './app.module';
import {
  clientErrorReply,
  ErrorReply,
  errorHeaders,
  rawErrorResponse,
  shuttingDownReply,
  toErrorReply,
} from './http/http-error.filter';
import { loggingModule } from './http/logging';
import { registerInputLimits } from './http/input-limits';
import { registerSecurityHeaders } from './http/security';
import { validationPipe } from './http/validation';
import { buildOpenApiDocument } from './openapi';
import { registerConsole } from './web/console-static';

/** The whole API (AppModule with its logging); also what scripts/export-openapi.ts builds the document from. */
@Module({ imports: [loggingModule, AppModule] })
export class RootModule {}

const logger = new NestLogger('HttpServer');

/** X-Request-Id when the client sent a usable one, else a new id. */
function requestIdOf(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/** Answers on a Node response (paths where Node, not Fastify, holds the request), then closes the connection. */
function sendRaw(res: ServerResponse, reply: ErrorReply, requestId: string): void {
  const payload = JSON.stringify({ ...reply.body, requestId });
  res
    .writeHead(reply.body.statusCode, {
      ...errorHeaders(reply, requestId, true),
      'content-length': Buffer.byteLength(payload),
    })
    .end(payload);
}

/**
 * Knows when Nest starts shutting down. `beforeClose()` runs first, before the destroy hooks close PostgreSQL, Redis
 * and Temporal; Fastify itself only closes after them, so its own 503 would come too late (and has no code).
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  shuttingDown = false;
  override beforeClose(): void {
    if (!this.shuttingDown) logger.log('Shutting down: new requests get 503 SHUTTING_DOWN');
    this.shuttingDown = true;
    super.beforeClose();
  }
  override async close(): Promise<void> {
    this.shuttingDown = true;
    await super.close();
  }
}

/**
 * Every reply the HTTP server makes outside Nest gets the project's error shape: Node's 'clientError' (a request too
 * slow, headers too large, bytes that are not HTTP), Fastify's router errors (malformed percent-encoding, a parameter
 * over maxParamLength), requests during shutdown, and Node's own 400 (no Host) and 417 (an unknown Expect).
 * Everything else (404, body too large, wrong content type, malformed JSON) goes through HttpErrorFilter.
 */
export function createHttpAdapter(http: AppConfig['http']): ApiFastifyAdapter {
  const timeoutMs = http.requestTimeoutMs;
  const adapter: ApiFastifyAdapter = new ApiFastifyAdapter({
    bodyLimit: http.bodyLimitBytes,
    genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdOf(req.headers),
    // The whole request (headers and body) must arrive within timeoutMs. Fastify's default is no limit, and it
    // overwrites the server's requestTimeout with its own option, so the value goes to both.
    requestTimeout: timeoutMs,
    http: {
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      // Node checks the two timeouts on this interval (default 30 s, which would double a short timeout).
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(timeoutMs / 4))),
      // Node would answer 400 with an empty body itself; the onRequest hook below answers instead.
      requireHostHeader: false,
    },
    // Fastify's 503 while closing has no code; the onRequest hook below answers from the start of the shutdown.
    return503OnClosing: false,
    clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => {
      const reply = clientErrorReply(err);
      if (!reply || socket.destroyed) return;
      const requestId = randomUUID();
      // As Node's own handler: never write into a response that is already under way on this connection.
      const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
      if (socket.writable && !inFlight?.headersSent) socket.write(rawErrorResponse(reply, requestId));
      logger.debug({ requestId, code: reply.body.code, cause: err.code }, 'client error');
      socket.destroy();
    },
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const error = toErrorReply(err);
      if (error.body.statusCode >= 500) logger.error({ err, requestId: request.id }, 'router error');
      void reply
        .code(error.body.statusCode)
        .headers(errorHeaders(error, request.id))
        .send({ ...error.body, requestId: request.id });
    },
  });
  const fastify = adapter.getInstance<FastifyInstance>();
  // Before Nest middleware: a refused request runs nothing else.
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    const refusal: ErrorReply | undefined = adapter.shuttingDown
      ? shuttingDownReply()
      : raw.httpVersion === '1.1' && raw.headers.host === undefined
        ? { body: { statusCode: 400, code: 'BAD_REQUEST', message: 'An HTTP/1.1 request needs a Host header' } }
        : undefined;
    if (!refusal) return done();
    void reply
      .code(refusal.body.statusCode)
      .headers(errorHeaders(refusal, request.id, true))
      .send({ ...refusal.body, requestId: request.id });
  });
  // Without these listeners Node answers an Expect other than 100-continue with an empty 417, and drops CONNECT.
  fastify.server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    sendRaw(
      res,
      { body: { statusCode: 417, code: 'EXPECTATION_FAILED', message: 'Only Expect: 100-continue is supported' } },
      requestIdOf(req.headers),
    );
  });
  fastify.server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const reply: ErrorReply = {
      body: { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'CONNECT is not supported' },
    };
    socket.end(rawErrorResponse(reply, requestIdOf(req.headers)));
  });
  return adapter;
}

/**
 * Builds the API (used by main.ts and the e2e tests): Fastify, validation, errors, OpenAPI at /docs, the web console
 * at / (registerConsole). `bodyLimit`
 * overrides `http.bodyLimitBytes`.
 */
export async function createApi(
  bodyLimit?: number,
  http: AppConfig['http'] = loadConfig().http,
): Promise<NestFastifyApplication> {
  const adapter = createHttpAdapter({ ...http, bodyLimitBytes: bodyLimit ?? http.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Reads and writes the console's session cookie (avrr_session; the guard and session.ts say how it is used).
  await app.register(fastifyCookie);
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(fastify);
  registerInputLimits(app, bodyLimit ?? http.bodyLimitBytes);
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  registerConsole(fastify, config.web.distDir);
  // Off in production unless DOCS_ENABLED=true: the document maps the whole attack surface.
  if (config.docsEnabled)
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
