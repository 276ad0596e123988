import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import * as jwt from 'jsonwebtoken';
import { SystemClock, TestClock } from '../common/clock';
import { loadSettings } from '../config/settings';
import type { UsersService } from '../users/users.service';
import { CircleRole, PlatformAdmin, Public, SignedDownload } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { CircleAccessRegistry, requireRole } from './circle-access.registry';
import { ExportLinksService } from './export-links.service';
import { TokenService } from './token.service';

const USER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ADMIN = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const CIRCLE = 'cccccccccccccccccccccccc';
/** A well-formed id with no account behind it (deleted, or from another deployment). */
const GHOST = 'ffffffffffffffffffffffff';
const POST = 'dddddddddddddddddddddddd';

class Routes {
  @Public() open() {}
  closed() {}
  @PlatformAdmin() platform() {}
  @CircleRole('admin') circleAdmin() {}
  @CircleRole('member', { via: 'post' }) postMember() {}
  @SignedDownload() @CircleRole('admin') export() {}
}

function contextFor(
  handler: keyof Routes,
  headers: Record<string, string> = {},
  params: Record<string, string> = {},
  url?: string,
) {
  const query = url ? Object.fromEntries(new URL(url, 'http://x').searchParams) : {};
  const request: Record<string, unknown> = { headers, params, url: url ?? '/', query };
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
  const tokens = new TokenService(settings, new SystemClock());
  const users = {
    isPlatformAdmin: async (id: string) => id === ADMIN,
    exists: async (id: string) => id !== GHOST,
  } as unknown as UsersService;
  const registry = new CircleAccessRegistry();
  registry.setMembershipReader({
    roleOf: async (circleId, userId) => ({
      exists: circleId === CIRCLE,
      role: userId === ADMIN ? 'owner' : userId === USER ? 'member' : null,
    }),
  });
  registry.registerResolver('post', async (id) => (id === POST ? CIRCLE : null));
  const clock = new TestClock();
  const links = new ExportLinksService(settings, clock);
  const guard = new AuthGuard(new Reflector(), tokens, users, registry, links);
  const bearer = (id: string) => ({ authorization: `Bearer ${tokens.sign(id)}` });

  it('lets anyone through a @Public() route, and still identifies a caller who sent a token', async () => {
    await expect(guard.canActivate(contextFor('open').context)).resolves.toBe(true);
    const { context, request } = contextFor('open', bearer(USER));
    await guard.canActivate(context);
    expect(request.actor).toEqual({ userId: USER });
  });

  it('denies by default: no token, a forged token or an expired token is 401', async () => {
    await expect(guard.canActivate(contextFor('closed').context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = new TokenService(
      loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'someone-elses-secret-000' }),
      new SystemClock(),
    ).sign(USER);
    await expect(
      guard.canActivate(contextFor('closed', { authorization: `Bearer ${forged}` }).context),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = new TokenService(
      loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret-0123456789', JWT_TTL: '0' }),
      new SystemClock(),
    ).sign(USER);
    await expect(
      guard.canActivate(contextFor('closed', { authorization: `Bearer ${expired}` }).context),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(guard.canActivate(contextFor('closed', bearer(USER)).context)).resolves.toBe(true);
  });

  it('refuses a valid token whose account does not exist, and treats it as anonymous on public routes', async () => {
    const refused = guard.canActivate(contextFor('closed', bearer(GHOST)).context);
    await expect(refused).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const { context, request } = contextFor('open', bearer(GHOST));
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.actor).toBeUndefined();
  });

  it('refuses a correctly signed token that carries no expiry', async () => {
    const forever = jwt.sign({}, 'unit-test-secret-0123456789', {
      algorithm: 'HS256',
      issuer: 'quanzi',
      subject: USER,
    });
    expect(jwt.decode(forever)).not.toHaveProperty('exp');
    const context = contextFor('closed', { authorization: `Bearer ${forever}` }).context;
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('reads expiry from the injected clock', async () => {
    const clock = new TestClock();
    const hourly = loadSettings({ NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret-0123456789', JWT_TTL: '1h' });
    const timed = new TokenService(hourly, clock);
    const token = timed.sign(USER);
    expect(timed.verify(token)).toEqual({ userId: USER });
    clock.advance(3601 * 1000);
    expect(timed.verify(token)).toBeNull();
  });

  it('keeps @PlatformAdmin() routes to platform admins', async () => {
    await expect(guard.canActivate(contextFor('platform', bearer(USER)).context)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(guard.canActivate(contextFor('platform', bearer(ADMIN)).context)).resolves.toBe(true);
  });

  it('checks @CircleRole() against the route :id and attaches the access it found', async () => {
    await expect(
      guard.canActivate(contextFor('circleAdmin', bearer(USER), { id: CIRCLE }).context),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { context, request } = contextFor('circleAdmin', bearer(ADMIN), { id: CIRCLE });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.circleAccess).toEqual({ circleId: CIRCLE, role: 'owner' });
    await expect(
      guard.canActivate(contextFor('circleAdmin', bearer(ADMIN), { id: 'not-an-id' }).context),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      guard.canActivate(contextFor('circleAdmin', bearer(ADMIN), { id: POST }).context),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves the circle through a registered resolver for routes keyed by another id', async () => {
    const { context, request } = contextFor('postMember', bearer(USER), { id: POST });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.circleAccess).toEqual({ circleId: CIRCLE, role: 'member' });
    const stranger = 'eeeeeeeeeeeeeeeeeeeeeeee';
    await expect(
      guard.canActivate(contextFor('postMember', bearer(stranger), { id: POST }).context),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('opens a @SignedDownload() export with its own signed link only, before it expires, for an admin', async () => {
    const path = `/api/circles/${CIRCLE}/members.csv`;
    const open = (handler: keyof Routes, url: string) => {
      const { context, request } = contextFor(handler, {}, { id: CIRCLE }, url);
      return guard.canActivate(context).then(() => request);
    };
    const link = links.create(ADMIN, path);
    expect(link.url).toMatch(/^https?:\/\/.+\/api\/circles\/c{24}\/members\.csv\?dl=b{24}\.\d+\.[\w-]{43}$/);
    expect(Date.parse(link.expiresAt) - clock.nowMs()).toBeLessThanOrEqual(5 * 60_000);
    await expect(open('export', link.path)).resolves.toMatchObject({
      actor: { userId: ADMIN },
      circleAccess: { role: 'owner' },
    });

    // Another path with the same signature, a tampered user, or a route that takes no links: 401.
    const other = `/api/circles/${'a'.repeat(24)}/members.csv`;
    await expect(open('export', `${other}?${link.path.split('?')[1]}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(open('export', link.path.replace(`dl=${ADMIN}`, `dl=${USER}`))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(open('closed', link.path)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // A member's link still needs the admin role.
    await expect(open('export', links.create(USER, path).path)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Only export paths get links.
    expect(() => links.create(ADMIN, `/api/circles/${CIRCLE}`)).toThrow(/不支持导出/);

    // Five minutes later the link is dead.
    clock.advance(5 * 60_000 + 1000);
    await expect(open('export', link.path)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('requireRole() orders owner above admin above member', () => {
    expect(requireRole('owner', 'admin')).toBe('owner');
    expect(requireRole('admin', 'member')).toBe('admin');
    expect(() => requireRole('member', 'admin')).toThrow(/仅限圈子管理员/);
    expect(() => requireRole('admin', 'owner')).toThrow(/仅限圈主/);
    expect(() => requireRole(null, 'member')).toThrow(/仅限圈子成员/);
  });
});
