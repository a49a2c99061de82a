import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthContext, Role } from './auth-context';

export const ROLES_KEY = 'imr:roles';
export const PUBLIC_KEY = 'imr:public';

/** Roles allowed on a route. Admin keys pass every role check. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route outside /api that needs no key (health, docs, calendar feeds with their own token). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest().auth;
});
