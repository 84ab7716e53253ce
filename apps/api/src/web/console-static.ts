import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ErrorReply, errorHeaders } from '../http/http-error.filter';

/** Where the console's client routes live; every path under it is answered with index.html (the client routes). */
export const CONSOLE_PATH = '/console';

/**
 * For the console's HTML only. Scripts from our origin only: Vite's build has no inline script, and an injected one
 * (XSS) must not run. Styles need 'unsafe-inline': Mantine writes its CSS variables into a <style> element at run time
 * and its components set `style` attributes. connect-src 'self': the console talks to the API of this origin only.
 * frame-ancestors 'none' (and X-Frame-Options for old browsers): no clickjacking of the commands' buttons.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const CONSOLE_HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // index.html names the hashed bundles of the current build: a cached copy would load the previous release's.
  'cache-control': 'no-cache',
};

const NOT_BUILT: ErrorReply = {
  body: {
    statusCode: 404,
    code: 'CONSOLE_NOT_BUILT',
    message: 'The web console is not built on this server (npm run build:web)',
  },
};

/** The hashed bundles never change under their name (a new build gives new names). */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves the built web console (apps/web, `npm run build:web`) on the API's own origin, on Fastify directly (not a
 * Nest controller, so nothing of it appears in the OpenAPI document):
 *   GET /                     index.html
 *   GET /console, /console/*  index.html too (the client's routes; the data comes from the API afterwards, so these
 *                             need no token)
 *   GET /assets/*             the hashed bundles, cached for a year (immutable)
 * Every other path is left alone: an unknown one still reaches Nest's 404 (JSON NOT_FOUND). Without a build (unit
 * builds, a checkout before `npm run build`) the API still starts and these pages answer 404 CONSOLE_NOT_BUILT.
 */
export function registerConsole(fastify: FastifyInstance, distDir: string): void {
  const logger = new Logger('Console');
  const indexFile = path.join(distDir, 'index.html');
  if (existsSync(indexFile)) logger.log(`serving the web console from ${distDir}`);
  else logger.warn(`no web console at ${distDir} (run npm run build:web); / answers 404 CONSOLE_NOT_BUILT`);

  // Its own encapsulated plugin: reply.sendFile and the asset route stay inside, clear of Swagger's own copy of the
  // static plugin.
  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      // Files are looked up per request (wildcard route), so a console built after the API started is served too.
      suppressWarning: true,
      prefix: '/assets/',
      index: false,
      dotfiles: 'deny',
      maxAge: ASSET_MAX_AGE_MS,
      immutable: true,
      setHeaders: (reply) => void reply.header('x-content-type-options', 'nosniff'),
    });
    // The directory itself is no file: the 404 of any unknown path, rather than the static plugin's 403.
    scope.get('/assets/', (_request, reply) => reply.callNotFound());

    const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
      // Checked per request, like the assets: a console built after the API started is served without a restart.
      if (!existsSync(indexFile)) {
        return reply
          .code(404)
          .headers(errorHeaders(NOT_BUILT, request.id))
          .send({ ...NOT_BUILT.body, requestId: request.id });
      }
      return reply.headers(CONSOLE_HTML_HEADERS).sendFile('index.html', distDir, { cacheControl: false });
    };
    for (const url of ['/', CONSOLE_PATH, `${CONSOLE_PATH}/*`]) {
      scope.get(url, sendIndex);
    }
  });
}
