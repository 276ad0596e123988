import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadSettings } from '../config/settings';
import type { UsersService } from '../users/users.service';
import { CircleRole, PlatformAdmin, Public } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { CircleAccessRegistry, requireRole } from './circle-access.registry';
import { TokenService } from './token.service';

const USER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ADMIN = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const CIRCLE = 'cccccccccccccccccccccccc';
const POST = 'dddddddddddddddddddddddd';

class Routes {
  @Public() open() {}
  closed() {}
  @PlatformAdmin() platform() {}
  @CircleRole('admin') circleAdmin() {}
  @CircleRole('member', { via: 'post' }) postMember() {}
}

function contextFor(handler: keyof Routes, headers: Record<string, string> = {}, params: Record<string, string> = {}) {
  const request: Record<string, unknown> = { headers, params };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  const settings = loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret-0123456789' });
  const tokens = new TokenService(settings);
  const users = { isPlatformAdmin: async (id: string) => id === ADMIN } as unknown as UsersService;
  const registry = new CircleAccessRegistry();
  registry.setMembershipReader({
    roleOf: async (circleId, userId) => ({ exists: circleId === CIRCLE, role: userId === ADMIN ? 'owner' : userId === USER ? 'member' : null }),
  });
  registry.registerResolver('post', async (id) => (id === POST ? CIRCLE : null));
  const guard = new AuthGuard(new Reflector(), tokens, users, registry);
  const bearer = (id: string) => ({ authorization: `Bearer ${tokens.sign(id)}` });

  it('lets anyone through a @Public() route, and still identifies a caller who sent a token', async () => {
    await expect(guard.canActivate(contextFor('open').context)).resolves.toBe(true);
    const { context, request } = contextFor('open', bearer(USER));
    await guard.canActivate(context);
    expect(request.actor).toEqual({ userId: USER });
  });

  it('denies by default: no token, a forged token or an expired token is 401', async () => {
    await expect(guard.canActivate(contextFor('closed').context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = new TokenService(loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'someone-elses-secret-000' })).sign(USER);
    await expect(guard.canActivate(contextFor('closed', { authorization: `Bearer ${forged}` }).context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = new TokenService(loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret-0123456789', JWT_TTL: '0' })).sign(USER);
    await expect(guard.canActivate(contextFor('closed', { authorization: `Bearer ${expired}` }).context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(guard.canActivate(contextFor('closed', bearer(USER)).context)).resolves.toBe(true);
  });

  it('keeps @PlatformAdmin() routes to platform admins', async () => {
    await expect(guard.canActivate(contextFor('platform', bearer(USER)).context)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(guard.canActivate(contextFor('platform', bearer(ADMIN)).context)).resolves.toBe(true);
  });

  it('checks @CircleRole() against the route :id and attaches the access it found', async () => {
    await expect(guard.canActivate(contextFor('circleAdmin', bearer(USER), { id: CIRCLE }).context)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { context, request } = contextFor('circleAdmin', bearer(ADMIN), { id: CIRCLE });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.circleAccess).toEqual({ circleId: CIRCLE, role: 'owner' });
    await expect(guard.canActivate(contextFor('circleAdmin', bearer(ADMIN), { id: 'not-an-id' }).context)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(guard.canActivate(contextFor('circleAdmin', bearer(ADMIN), { id: POST }).context)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves the circle through a registered resolver for routes keyed by another id', async () => {
    const { context, request } = contextFor('postMember', bearer(USER), { id: POST });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.circleAccess).toEqual({ circleId: CIRCLE, role: 'member' });
    const stranger = 'eeeeeeeeeeeeeeeeeeeeeeee';
    await expect(guard.canActivate(contextFor('postMember', bearer(stranger), { id: POST }).context)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('requireRole() orders owner above admin above member', () => {
    expect(requireRole('owner', 'admin')).toBe('owner');
    expect(requireRole('admin', 'member')).toBe('admin');
    expect(() => requireRole('member', 'admin')).toThrow(/仅限圈子管理员/);
    expect(() => requireRole('admin', 'owner')).toThrow(/仅限圈主/);
    expect(() => requireRole(null, 'member')).toThrow(/仅限圈子成员/);
  });
});
