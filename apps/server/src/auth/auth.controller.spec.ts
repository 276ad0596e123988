import { getModelToken } from '@nestjs/mongoose';
import { ApiError } from '@quanzi/contract';
import type { Model } from 'mongoose';
import { DatabaseTarget } from '../database/database.target';
import { startTestApp, type TestContext } from '../testing/test-app';
import { User } from '../users/users.schema';

describe('auth (WeChat login, dev login, default deny)', () => {
  let t: TestContext;
  let users: Model<User>;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_OPENIDS: 'boss-openid' });
    users = t.app.get(getModelToken(User.name));
  });
  afterAll(() => t.close());

  it('creates one user per openid: a second login returns the same user', async () => {
    const first = await t.client().loginWechat({ code: 'code-openid-alice' });
    const second = await t.client().loginWechat({ code: 'code-openid-alice' });
    expect(first.token).toEqual(expect.any(String));
    expect(second.user.id).toBe(first.user.id);
    expect(first.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      nickname: expect.stringMatching(/^圈友\d{4}$/),
      avatarUrl: null,
      isPlatformAdmin: false,
      createdAt: expect.any(String),
    });
    expect(await users.countDocuments({ openid: 'openid-alice' })).toBe(1);
    const other = await t.client().loginWechat({ code: 'code-openid-bob' });
    expect(other.user.id).not.toBe(first.user.id);
  });

  it('never creates two accounts when first logins race', async () => {
    const logins = await Promise.all(
      Array.from({ length: 5 }, () => t.client().loginWechat({ code: 'code-openid-racer' })),
    );
    expect(new Set(logins.map((l) => l.user.id)).size).toBe(1);
    expect(await users.countDocuments({ openid: 'openid-racer' })).toBe(1);
  });

  it('answers an invalid WeChat code with 401 UNAUTHENTICATED and creates nobody', async () => {
    const before = await users.countDocuments();
    const res = await t.request('POST', '/api/auth/wechat', { body: { code: 'invalid' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    expect(await users.countDocuments()).toBe(before);
  });

  it('issues a token the API accepts', async () => {
    const { token, user } = await t.client().loginWechat({ code: 'code-openid-carol' });
    await expect(t.client(token).getMe()).resolves.toEqual(user);
  });

  it('rejects a request without a token (or with a bad one) on a non-public route with 401', async () => {
    for (const token of [undefined, 'not-a-jwt']) {
      const res = await t.request('GET', '/api/me', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('answers malformed bodies with 400 VALIDATION_FAILED and per-field details', async () => {
    const missing = await t.request('POST', '/api/auth/wechat', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.details).toEqual(expect.arrayContaining([{ field: 'code', message: expect.any(String) }]));

    const wrongType = await t.request('POST', '/api/auth/wechat', { body: { code: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.details.map((d: { field: string }) => d.field)).toContain('code');
  });

  it('refuses an unknown field with 400 instead of ignoring it', async () => {
    const res = await t.request('POST', '/api/auth/wechat', { body: { code: 'code-openid-alice', role: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'role', message: '不支持的字段 role' }],
    });
  });

  it('does not let a query operator in the body reach the database', async () => {
    const res = await t.request('POST', '/api/auth/wechat', { body: { code: { $ne: null } } });
    expect(res.status).toBe(400);
  });

  it('dev login gives the same account for the same nickname', async () => {
    const a = await t.client().loginDev({ nickname: '小明' });
    const b = await t.client().loginDev({ nickname: ' 小明 ' });
    const c = await t.client().loginDev({ nickname: '小红' });
    expect(b.user.id).toBe(a.user.id);
    expect(a.user.nickname).toBe('小明');
    expect(c.user.id).not.toBe(a.user.id);
    expect(await users.countDocuments({ openid: 'dev:小明' })).toBe(1);
  });

  it('marks platform admins from ADMIN_OPENIDS and keeps platform-admin routes from everyone else', async () => {
    const member = await t.client().loginWechat({ code: 'code-openid-dave' });
    const boss = await t.client().loginWechat({ code: 'code-boss-openid' });
    expect(boss.user.isPlatformAdmin).toBe(true);
    const url = '/api/admin/activity/daily?from=2026-01-01&to=2026-12-31';
    const refused = await t.request('GET', url, { token: member.token });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const allowed = await t.request('GET', url, { token: boss.token });
    expect(allowed.status).toBe(200);
    expect(allowed.body.items).toEqual(expect.any(Array));
  });

  it('answers WeChat login on a server without WeChat credentials with 503 UNAVAILABLE, in Chinese', async () => {
    const bare = await startTestApp({ WECHAT_APPID: '', WECHAT_SECRET: '' }, t.wechat);
    try {
      const res = await bare.request('POST', '/api/auth/wechat', { body: { code: 'code-openid-nocreds' } });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ code: 'UNAVAILABLE', message: expect.stringMatching(/微信/) });
      expect(res.body.message).not.toMatch(/WECHAT_|WeChat/);
      expect(await users.countDocuments({ openid: 'openid-nocreds' })).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it('in production, dev login does not exist (404) and wechat login still works', async () => {
    // Same database, second app instance configured for production.
    const prod = await startTestApp(
      { NODE_ENV: 'production', DEV_LOGIN: '', MONGODB_URI: t.app.get(DatabaseTarget).uri, DB_IN_MEMORY: '0' },
      t.wechat,
    );
    try {
      const before = await users.countDocuments();
      const res = await prod.request('POST', '/api/auth/dev', { body: { nickname: '小明' } });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
      const malformed = await prod.request('POST', '/api/auth/dev', { body: {} });
      expect(malformed.status).toBe(404);
      expect(await users.countDocuments()).toBe(before);
      await expect(prod.client().loginDev({ nickname: 'x' })).rejects.toBeInstanceOf(ApiError);
      const login = await prod.client().loginWechat({ code: 'code-openid-alice' });
      expect(login.user.nickname).toMatch(/^圈友/);
      expect((await prod.request('GET', '/api/health')).body).toEqual({ status: 'ok', db: 'mongodb' });
    } finally {
      await prod.close();
    }
  });
});
