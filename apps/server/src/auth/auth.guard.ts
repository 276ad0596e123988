import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, EXPORT_LINK_PARAM } from '@quanzi/contract';
import type { FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthenticated } from '../common/domain-error';
import { UsersService } from '../users/users.service';
import { CIRCLE_ROLE, IS_PUBLIC, PLATFORM_ADMIN, SIGNED_DOWNLOAD, type CircleRoleRequirement } from './auth.decorators';
import { ExportLinksService } from './export-links.service';
import { CircleAccessRegistry } from './circle-access.registry';
import { TokenService } from './token.service';
import { isObjectIdHex } from '../common/object-id';

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * The one global guard. Deny by default: a route needs a valid bearer token unless it is
 * @Public(); then @PlatformAdmin() and @CircleRole() add their checks in that order.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly circles: CircleAccessRegistry,
    private readonly exportLinks: ExportLinksService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // WebSocket gateways authenticate on connect
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const meta = <T>(key: string) =>
      this.reflector.getAllAndOverride<T | undefined>(key, [context.getHandler(), context.getClass()]);

    const token = bearerToken(request.headers.authorization);
    const verified = token ? this.tokens.verify(token) : meta<boolean>(SIGNED_DOWNLOAD) ? this.fromLink(request) : null;
    // A well-signed token outlives its account (deleted, or never existed here): refuse it.
    const actor = verified && (await this.users.exists(verified.userId)) ? verified : null;
    if (actor) request.actor = actor;
    if (meta<boolean>(IS_PUBLIC)) return true;
    if (!actor) throw unauthenticated(token ? '登录已失效，请重新登录' : '请先登录');

    if (meta<boolean>(PLATFORM_ADMIN) && !(await this.users.isPlatformAdmin(actor.userId))) {
      throw forbidden('仅限平台管理员');
    }

    const circleRole = meta<CircleRoleRequirement>(CIRCLE_ROLE);
    if (circleRole) {
      const raw = (request.params as Record<string, string | undefined>)[circleRole.param];
      if (!isObjectIdHex(raw)) throw notFound(circleRole.via ? '内容' : '圈子');
      const circleId = await this.circles.resolveCircleId(raw, circleRole.via);
      if (!circleId) throw notFound(circleRole.via ? '内容' : '圈子');
      const role = await this.circles.requireRole(circleId, actor.userId, circleRole.role).catch(async (error) => {
        const overseer = circleRole.platformAdmin && (await this.users.isPlatformAdmin(actor.userId));
        if (overseer && (error as { code?: unknown }).code === ErrorCode.FORBIDDEN) return 'admin' as const;
        throw error;
      });
      request.circleAccess = { circleId, role };
    }
    return true;
  }

  /** An export opened with a signed link (?dl=) instead of a token: the link's user, or 401. */
  private fromLink(request: FastifyRequest): { userId: string } | null {
    const link = (request.query as Record<string, unknown> | undefined)?.[EXPORT_LINK_PARAM];
    if (link === undefined) return null;
    const userId = typeof link === 'string' ? this.exportLinks.verify(request.url.split('?')[0], link) : null;
    if (!userId) throw unauthenticated('下载链接无效或已过期，请重新导出');
    return { userId };
  }
}
