import type { Role } from '@avrr/domain';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedSession } from './session';
import type { StaffUser } from './staff-user';

export const IS_PUBLIC = Symbol('IS_PUBLIC');
export const ROLES = Symbol('ROLES');

/** Route needs no token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Route is open to these roles only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffUser => ctx.switchToHttp().getRequest().user,
);

/** The token that authenticated the request (bearer or session cookie) and its expiry, set by the guard. */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedSession => ctx.switchToHttp().getRequest().authSession,
);
