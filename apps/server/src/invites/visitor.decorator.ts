import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who opened an invite: the logged-in user, else the IP and user agent (hashed by the service). */
export interface Visitor {
  userId: string | null;
  ip: string;
  userAgent: string;
}

export const CurrentVisitor = createParamDecorator((_: unknown, ctx: ExecutionContext): Visitor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return { userId: request.actor?.userId ?? null, ip: request.ip ?? '', userAgent: String(request.headers['user-agent'] ?? '') };
});
