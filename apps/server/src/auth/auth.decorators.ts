import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { CircleRole as CircleRoleName } from '@quanzi/contract';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../common/domain-error';
import type { Actor, CircleAccess } from './actor';

export const IS_PUBLIC = 'quanzi:public';
export const PLATFORM_ADMIN = 'quanzi:platform-admin';
export const CIRCLE_ROLE = 'quanzi:circle-role';
export const SIGNED_DOWNLOAD = 'quanzi:signed-download';

/** Opts a route out of the default-deny guard. A valid token, if sent, still sets the actor. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * An export that also opens with a link from `POST /api/exports/link` (`?dl=`) instead of the
 * bearer token; the link's user then passes the route's other checks (@CircleRole) as usual.
 */
export const SignedDownload = () => SetMetadata(SIGNED_DOWNLOAD, true);

/** Only openids listed in ADMIN_OPENIDS. */
export const PlatformAdmin = () => SetMetadata(PLATFORM_ADMIN, true);

export interface CircleRoleRequirement {
  role: CircleRoleName;
  /**
   * How to find the circle: `{ param: 'id' }` (default) reads it from the route parameter;
   * `{ param: 'id', via: 'post' }` passes the parameter to the resolver a module registered
   * under 'post' (see CircleAccessRegistry) to map e.g. a post id to its circle.
   */
  param: string;
  via?: string;
  /** Platform admins pass too (as 'admin'), for every circle: cross-circle oversight such as analytics. */
  platformAdmin?: boolean;
}

/**
 * Requires the caller's role in the circle to be at least `role` (owner ⊃ admin ⊃ member).
 * The guard attaches `{ circleId, role }` for @CurrentCircle().
 */
export const CircleRole = (
  role: CircleRoleName,
  from: { param?: string; via?: string; platformAdmin?: boolean } = {},
) =>
  SetMetadata(CIRCLE_ROLE, {
    role,
    param: from.param ?? 'id',
    via: from.via,
    platformAdmin: from.platformAdmin,
  } satisfies CircleRoleRequirement);

/** The verified caller. Only on non-public routes (or public ones where a token was sent). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw unauthenticated();
  return actor;
});

/** The signed-in caller on a @Public() route, or null for a visitor without a (valid) token. */
export const OptionalActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor | null => ctx.switchToHttp().getRequest<FastifyRequest>().actor ?? null,
);

/** The circle and the caller's role in it, resolved by the guard for @CircleRole routes. */
export const CurrentCircle = createParamDecorator((_: unknown, ctx: ExecutionContext): CircleAccess => {
  const access = ctx.switchToHttp().getRequest<FastifyRequest>().circleAccess;
  if (!access) throw new Error('@CurrentCircle() used on a route without @CircleRole()');
  return access;
});
