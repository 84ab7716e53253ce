import { credentialOf } from '@avrr/auth';
import { COMMAND_TYPES } from '@avrr/domain';
import { MONITOR_QUEUE, REMINDERS_QUEUE } from '@avrr/queues';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../http/error-codes';
import { MetricsService } from './metrics.service';

/** The route of case commands, as Fastify names it. */
const COMMAND_ROUTE = '/cases/:caseId/commands';
const KNOWN_TYPES = new Set<string>(COMMAND_TYPES);
const KNOWN_CODES = new Set<string>(ERROR_CODES);
/** The error code of a refused command, kept between onSend (which sees the body) and onResponse. */
const REFUSAL_CODE = Symbol('refusalCode');

/** Where bull-board is mounted (read-only, operations role only). */
export const BULL_BOARD_PATH = '/ops/queues';

/**
 * Wires what lives on the Fastify instance rather than in Nest controllers: the HTTP latency histogram (onResponse
 * hook, labelled with the route pattern, never the raw URL with ids), the case commands by type and outcome (counted
 * at the HTTP edge, so every answer counts, whichever layer gave it) and bull-board, read-only, behind the same JWT
 * (bearer header, or the console's `avrr_session` cookie: a browser opens it from the console's link) with the
 * operations role. Only GET and HEAD pass, so the cookie needs no CSRF token here: nothing can be changed.
 */
@Injectable()
export class HttpObservability implements OnModuleInit {
  private readonly logger = new Logger(HttpObservability.name);
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    private readonly jwt: JwtService,
    @Inject(REMINDERS_QUEUE) private readonly reminders: Queue,
    @Inject(MONITOR_QUEUE) private readonly monitor: Queue,
  ) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      if (req.routeOptions?.url === COMMAND_ROUTE && reply.statusCode >= 400 && typeof payload === 'string') {
        const code = /"code":"([A-Z_]+)"/.exec(payload)?.[1];
        (req as FastifyRequest & { [REFUSAL_CODE]?: string })[REFUSAL_CODE] = code;
      }
      done(null, payload);
    });
    fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      if (route === COMMAND_ROUTE && req.method === 'POST') {
        // Bounded labels: a known command type, `accepted` or a known error code.
        const type = (req.body as { type?: unknown } | undefined)?.type;
        const code = (req as FastifyRequest & { [REFUSAL_CODE]?: string })[REFUSAL_CODE];
        this.metrics.commands.inc({
          type: typeof type === 'string' && KNOWN_TYPES.has(type) ? type : 'unknown',
          outcome:
            reply.statusCode < 400 ? 'accepted' : code && KNOWN_CODES.has(code) ? code : `http_${reply.statusCode}`,
        });
      }
      this.metrics.http.observe(
        { method: req.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
    this.mountBullBoard(fastify);
  }

  private mountBullBoard(fastify: FastifyInstance) {
    const serverAdapter = new BullBoardFastifyAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({
      queues: [this.reminders, this.monitor].map(
        (q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false }),
      ),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'AVRR queues (read-only)' } },
    });
    fastify.register(async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        const credential = credentialOf(req.headers);
        let role: string;
        try {
          if (!credential || 'malformed' in credential) throw new Error('no token');
          ({ role } = await this.jwt.verifyAsync<{ role: string }>(credential.token, { algorithms: ['HS256'] })); // key: AuthModule
        } catch {
          return reply.code(401).send({
            statusCode: 401,
            code: 'AUTH_REQUIRED',
            message: 'Sign in (a bearer token or the session cookie) to open the queue board',
            requestId: req.id,
          });
        }
        // Outside the try: a reply is thenable, and returning it from inside a try would invite `return await reply`,
        // which waits for the response to be sent instead of ending the hook.
        if (role !== 'operations') {
          return reply
            .code(403)
            .send({ statusCode: 403, code: 'ROLE_NOT_ALLOWED', message: 'Operations only', requestId: req.id });
        }
        // bull-board's read-only mode hides the buttons; refuse every write through its API as well.
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          return reply
            .code(405)
            .send({ statusCode: 405, code: 'READ_ONLY', message: 'The queue board is read-only', requestId: req.id });
        }
        return undefined;
      });
      await scope.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
    });
    this.logger.log(`bull-board mounted read-only at ${BULL_BOARD_PATH}`);
  }
}
