import type { StaffUser } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { loggerOptions } from '@avrr/observability';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger } from 'pino';

let root: Logger | undefined;

/** The API's pino logger (one per process): Nest's logs and the request lines. Format: libs/observability. */
export function apiLogger(config: AppConfig): Logger {
  root ??= pino(loggerOptions('avrr-api', config.logLevel));
  return root;
}

/**
 * Nest's logs through pino. nestjs-pino's own per-request middleware does not run under Nest 12 on Fastify (its
 * catch-all route never matches), so the request lines come from RequestLogging's Fastify hooks instead.
 */
export const loggingModule = LoggerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({ pinoHttp: { logger: apiLogger(config), autoLogging: false } }),
});

/**
 * One JSON line per request when its response is sent: the request id (from a usable X-Request-Id, else new: see
 * createHttpAdapter's genReqId), method, route pattern, path without the query string (queries can hold names),
 * status, duration, and the user id once the guard has authenticated it. The id goes back as `X-Request-Id` on every
 * response, and error bodies carry it as `requestId`, so a user's report leads to the line. Probes are not logged.
 */
@Injectable()
export class RequestLogging implements OnModuleInit {
  private readonly log: Logger;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.log = apiLogger(config).child({ context: 'HttpRequest' });
  }

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      reply.header('x-request-id', req.id);
      done();
    });
    fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const path = req.url.split('?')[0];
      if (!path.startsWith('/health')) {
        const user = (req as FastifyRequest & { user?: StaffUser }).user;
        const line = {
          requestId: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? null,
          path,
          statusCode: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
          ...(user ? { userId: user.id, role: user.role } : {}),
        };
        if (reply.statusCode >= 500) this.log.error(line, 'request failed');
        else this.log.info(line, 'request');
      }
      done();
    });
  }
}
