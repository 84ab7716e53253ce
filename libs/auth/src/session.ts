import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The console's session: the JWT in an httpOnly cookie, so no script of the page can read it (nothing in
 * localStorage for an injected script to steal). A cookie is sent by the browser on its own, which is what
 * cross-site request forgery abuses; two defences, each enough alone (defence in depth):
 * - SameSite=Strict: browsers do not send the cookie on requests started by another site.
 * - A CSRF token on every unsafe request authenticated by the cookie (header X-CSRF-Token): an HMAC-SHA256 of the
 *   session token under the server's JWT secret. Bound to that session (a token of another session does not
 *   match), nothing kept on the server (it is recomputed from the cookie), and another site can neither read it nor
 *   compute it. The console keeps it in memory and recovers it after a reload from GET /auth/session.
 * A request with an Authorization header is not a browser's ambient credential: it needs no CSRF token.
 */
export const SESSION_COOKIE = 'avrr_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Methods that change something: they need the CSRF token when the cookie authenticates them. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF token of a session token (base64url HMAC-SHA256 under the JWT secret). */
export function csrfTokenOf(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(sessionToken, 'utf8').digest('base64url');
}

/** Whether `presented` is the CSRF token of this session, compared in constant time. */
export function csrfTokenMatches(secret: string, sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 128) return false;
  const expected = Buffer.from(csrfTokenOf(secret, sessionToken), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The session cookie's value in a Cookie header (for code outside the cookie plugin's reach). */
export function sessionCookieOf(cookieHeader: string | undefined): string | undefined {
  const raw = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`))?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Where a request's token comes from: the bearer header when there is an Authorization header (it wins), else the
 * session cookie. `malformed`: an Authorization header that is not a bearer token.
 */
export function credentialOf(headers: {
  authorization?: string;
  cookie?: string;
}): { token: string; via: 'bearer' | 'cookie' } | { malformed: true } | null {
  if (headers.authorization !== undefined) {
    const bearer = headers.authorization.match(/^Bearer\s+(\S+)$/i)?.[1];
    return bearer ? { token: bearer, via: 'bearer' } : { malformed: true };
  }
  const cookie = sessionCookieOf(headers.cookie);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/** What the guard leaves on the request besides `user`: the session's token and when it expires (GET /auth/session). */
export interface AuthenticatedSession {
  token: string;
  via: 'bearer' | 'cookie';
  expiresAt: string;
}
