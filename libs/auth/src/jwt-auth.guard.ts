import { ROLES as ALL_ROLES, Role } from '@avrr/domain';
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { CodedHttpException } from './auth.errors';
import type { StaffUser } from './staff-user';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
}

/** Global guard: a valid bearer token on every route not marked @Public(), then the route's @Roles(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers?.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new CodedHttpException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] }); // key: AuthModule
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new CodedHttpException(
        HttpStatus.UNAUTHORIZED,
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        expired ? 'The token has expired; log in again' : 'The token is invalid',
      );
    }
    if (!ALL_ROLES.includes(claims.role))
      throw new CodedHttpException(HttpStatus.UNAUTHORIZED, 'TOKEN_INVALID', 'The token is invalid');
    const user: StaffUser = {
      id: claims.sub,
      username: claims.username,
      role: claims.role,
      office: claims.office,
      country: claims.country,
    };
    req.user = user;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.includes(user.role)) {
      throw new CodedHttpException(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED', `The role ${user.role} may not do this`);
    }
    return true;
  }
}
