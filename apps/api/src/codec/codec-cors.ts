import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CODEC_PATH = '/codec';

/** Request headers the Temporal UI sends to a codec endpoint. */
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace, x-request-id';

/**
 * CORS for the codec endpoint only: the Temporal UI calls it from the browser, from its own origin. Only the
 * configured origins (CODEC_CORS_ORIGINS, by default the Temporal UI's) get the CORS headers, with credentials (the
 * console's session cookie; the API and the UI must then be same-site, e.g. localhost:3000 and localhost:8233, or
 * api.example.org and temporal.example.org, since the cookie is SameSite=Strict); any other origin gets none, so its
 * browser neither sends the POST (the JSON body needs a preflight) nor reads an answer. The rest of the API stays
 * same-origin.
 */
@Injectable()
export class CodecCors implements OnModuleInit {
  private readonly origins: Set<string>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.origins = new Set(config.observability.codecCorsOrigins);
  }

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (req.url.startsWith(`${CODEC_PATH}/`)) this.allow(req, reply);
      done();
    });
    // The preflight: Nest has no OPTIONS routes, so it is answered here (204; without CORS headers when the origin is
    // not allowed, which the browser reads as a refusal).
    fastify.options(`${CODEC_PATH}/*`, (_req: FastifyRequest, reply: FastifyReply) => {
      void reply.code(204).send();
    });
  }

  private allow(req: FastifyRequest, reply: FastifyReply) {
    const origin = req.headers.origin;
    reply.header('vary', 'Origin');
    if (typeof origin !== 'string' || !this.origins.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-expose-headers', 'x-request-id');
    if (req.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'POST');
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
    }
  }
}
