import { APP_CONFIG, AppConfig } from '@avrr/config';
import { ROLES as ALL_ROLES, Role } from '@avrr/domain';
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CSRF_EXEMPT, IS_PUBLIC, ROLES } from './auth.decorators';
import { CodedHttpException } from './auth.errors';
import { AuthenticatedSession, CSRF_HEADER, credentialOf, csrfTokenMatches, UNSAFE_METHODS } from './session';
import { SessionStateCache } from './session-state';
import type { StaffUser } from './staff-user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
  exp?: number;
  /** The user's session version when the token was issued (tokens from before sessions were versioned: none, 0). */
  sv?: number;
}

/**
 * Global guard: a valid token on every route not marked @Public(), then the route's @Roles(). The token comes from
 * the bearer header when there is one (API clients), else from the console's session cookie; a request the cookie
 * authenticates must carry the session's CSRF token to change anything (see session.ts for why both).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionStateCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const credential = credentialOf(req.headers ?? {});
    if (!credential || 'malformed' in credential)
      throw new CodedHttpException(
        HttpStatus.UNAUTHORIZED,
        'AUTH_REQUIRED',
        'A bearer token or a session cookie is required',
      );
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(credential.token, { algorithms: ['HS256'] }); // key: AuthModule
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new CodedHttpException(
        HttpStatus.UNAUTHORIZED,
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        expired ? 'The token has expired; log in again' : 'The token is invalid',
      );
    }
    if (!ALL_ROLES.includes(claims.role) || !UUID.test(String(claims.sub)))
      throw new CodedHttpException(HttpStatus.UNAUTHORIZED, 'TOKEN_INVALID', 'The token is invalid');
    // A signature is not enough: the user may have been disabled or signed out by an administrator since.
    // During a PostgreSQL outage a read is let through on the token's signature and expiry alone: all it can reach
    // is what needs no database (the engine block of /ops/stuck, health), and revocation is checked again as soon as
    // the database answers. A write still gets the database's 503.
    const isRead = !UNSAFE_METHODS.has(String(req.method).toUpperCase());
    const state = await this.sessions.get(
      claims.sub,
      isRead ? { active: true, sessionVersion: claims.sv ?? 0 } : undefined,
    );
    if (!state || !state.active || (claims.sv ?? 0) !== state.sessionVersion)
      throw new CodedHttpException(
        HttpStatus.UNAUTHORIZED,
        'SESSION_REVOKED',
        'This session was ended by an administrator or the account is disabled; log in again',
      );
    // After the token: an expired session answers TOKEN_EXPIRED (log in again), not a CSRF refusal.
    if (
      credential.via === 'cookie' &&
      UNSAFE_METHODS.has(String(req.method).toUpperCase()) &&
      !this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT, targets) &&
      !csrfTokenMatches(this.config.jwt.secret, credential.token, req.headers[CSRF_HEADER])
    ) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'CSRF_TOKEN_INVALID',
        'A request authenticated by the session cookie needs the X-CSRF-Token header of that session',
      );
    }
    const user: StaffUser = {
      id: claims.sub,
      username: claims.username,
      role: claims.role,
      office: claims.office,
      country: claims.country,
    };
    req.user = user;
    const session: AuthenticatedSession = {
      token: credential.token,
      via: credential.via,
      expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString(),
    };
    req.authSession = session;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.includes(user.role)) {
      throw new CodedHttpException(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED', `The role ${user.role} may not do this`);
    }
    return true;
  }
}
