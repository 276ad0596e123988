import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Who opened an invite: the logged-in user, else the client address (hashed by the service).
 * `request.ip` believes X-Forwarded-For only from TRUST_PROXY's proxies; the user agent is not
 * part of the key, since any client can send a new one with every request.
 */
export interface Visitor {
  userId: string | null;
  ip: string;
}

export const CurrentVisitor = createParamDecorator((_: unknown, ctx: ExecutionContext): Visitor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return { userId: request.actor?.userId ?? null, ip: request.ip ?? '' };
});
