import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSP } from '../web/console-static';

/**
 * Security headers on every response (OWASP API8, security misconfiguration), through helmet: the console's CSP for
 * everything (the console's HTML sets the same itself; a JSON answer has nothing to run, and /docs loads its scripts
 * and styles from this origin), no framing, nosniff, no referrer, HSTS, cross-origin isolation of our resources.
 *
 * And `Cache-Control: no-store` on every response that has not chosen its own caching (the console's HTML and its
 * hashed bundles do): API answers carry personal data, which no browser or shared cache may keep (OWASP API3).
 */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  const directives = Object.fromEntries(
    CONSOLE_CSP.split('; ').map((directive) => {
      const [name, ...values] = directive.split(' ');
      return [name, values];
    }),
  );
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    // The console loads nothing from other origins; require-corp would only break a future cross-origin image.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
