import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiOperation } from '@nestjs/swagger';
import { AuthContext, Role } from './auth-context';

export const ROLES_KEY = 'imr:roles';
export const PUBLIC_KEY = 'imr:public';

/** Roles allowed on a route. Admin keys pass every role check. The rule is shown in the OpenAPI document. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiOperation({ description: `Roles: ${[...roles, 'admin'].filter((r, i, all) => all.indexOf(r) === i).join(', ')}` }),
    ApiExtension('x-imr-roles', [...new Set([...roles, 'admin'])]),
  );

/** A route outside /api that needs no key (health, docs, calendar feeds with their own token). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest().auth;
});
