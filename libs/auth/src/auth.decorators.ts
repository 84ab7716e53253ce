import type { Role } from '@avrr/domain';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedSession } from './session';
import type { StaffUser } from './staff-user';

export const IS_PUBLIC = Symbol('IS_PUBLIC');
export const ROLES = Symbol('ROLES');
export const CSRF_EXEMPT = Symbol('CSRF_EXEMPT');

/** Route needs no token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/**
 * A POST the session cookie may authenticate without the CSRF token, for a caller that cannot send it (the Temporal
 * UI calling the codec endpoint). Only for routes that change nothing a forged request could exploit, that accept
 * only `application/json` (so a cross-origin browser request needs a CORS preflight) and whose answer other
 * origins cannot read.
 */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT, true);
/** Route is open to these roles only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffUser => ctx.switchToHttp().getRequest().user,
);

/** The token that authenticated the request (bearer or session cookie) and its expiry, set by the guard. */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedSession => ctx.switchToHttp().getRequest().authSession,
);
