import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { startTestApp, type TestContext } from '../testing/test-app';
import { User } from './users.schema';
import { ACCOUNT_CACHE_TTL_MS } from './users.service';

describe('profile (GET/PATCH /api/me) and the user store', () => {
  let t: TestContext;
  let users: Model<User>;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    users = t.app.get(getModelToken(User.name));
    token = (await t.client().loginWechat({ code: 'code-openid-profile' })).token;
  });
  afterAll(() => t.close());

  it('persists a profile edit: the next read and a fresh login both see it', async () => {
    const updated = await t
      .client(token)
      .updateMe({ nickname: ' 山野徒步 ', avatarUrl: 'https://cdn.example.com/a.png' });
    expect(updated).toMatchObject({ nickname: '山野徒步', avatarUrl: 'https://cdn.example.com/a.png' });
    await expect(t.client(token).getMe()).resolves.toEqual(updated);
    const relogin = await t.client().loginWechat({ code: 'code-openid-profile' });
    expect(relogin.user).toEqual(updated);
  });

  it('changes only the fields sent', async () => {
    const before = await t.client(token).getMe();
    const after = await t.client(token).updateMe({ avatarUrl: '/uploads/me.png' });
    expect(after).toEqual({ ...before, avatarUrl: '/uploads/me.png' });
  });

  it('validates lengths and formats with per-field details, changing nothing', async () => {
    const before = await t.client(token).getMe();
    const res = await t.request('PATCH', '/api/me', {
      token,
      body: { nickname: 'x'.repeat(33), avatarUrl: 'javascript:alert(1)' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['avatarUrl', 'nickname']);
    const blank = await t.request('PATCH', '/api/me', { token, body: { nickname: '   ' } });
    expect(blank.status).toBe(400);
    const unknown = await t.request('PATCH', '/api/me', { token, body: { openid: 'someone-else' } });
    expect(unknown.status).toBe(400);
    await expect(t.client(token).getMe()).resolves.toEqual(before);
  });

  it('normalises nicknames (NFC, trimmed) and refuses invisible-only ones, bidi controls and lone surrogates', async () => {
    const before = await t.client(token).getMe();
    const refused = [
      '\u200B\u200B', // zero-width spaces
      '\u3164\u3164', // Hangul filler
      '\u2800', // Braille blank
      '\uFEFF\u200D\u00AD', // BOM, zero-width joiner, soft hyphen
      '\u0301\u0301', // combining marks with nothing to combine with
      ' \u2060 ', // word joiner between spaces
      '小明\u202Egnp.exe', // right-to-left override
      '\u2067小明\u2069', // isolate
      '小明\u200F', // right-to-left mark
    ];
    for (const nickname of refused) {
      const res = await t.request('PATCH', '/api/me', { token, body: { nickname } });
      expect([nickname, res.status]).toEqual([nickname, 400]);
      expect(res.body.details).toContainEqual({ field: 'nickname', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      const dev = await t.request('POST', '/api/auth/dev', { body: { nickname } });
      expect([nickname, dev.status]).toEqual([nickname, 400]);
    }
    // A lone surrogate (escaped in the JSON text) is refused, not stored as U+FFFD.
    for (const raw of ['{"nickname":"ab\\ud800"}', '{"nickname":"\\udc00ab"}']) {
      const res = await t.request('PATCH', '/api/me', {
        token,
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      expect([raw, res.status]).toEqual([raw, 400]);
      expect(res.body.details).toContainEqual({ field: 'nickname', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    }
    await expect(t.client(token).getMe()).resolves.toEqual(before);

    // Decomposed é becomes the composed one; emoji sequences with joiners stay as they are.
    expect((await t.client(token).updateMe({ nickname: ' Cafe\u0301 ' })).nickname).toBe('Caf\u00E9');
    expect((await t.client(token).updateMe({ nickname: '👩\u200D💻 阿花' })).nickname).toBe('👩\u200D💻 阿花');
    await t.client(token).updateMe({ nickname: before.nickname });
  });

  it('rejects a nickname the content check marks risky (422) and keeps the old one', async () => {
    const before = await t.client(token).getMe();
    const res = await t.request('PATCH', '/api/me', { token, body: { nickname: '违禁词小号' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'CONTENT_REJECTED',
      details: [{ field: 'nickname', message: expect.any(String) }],
    });
    expect(t.wechat.checkedTexts.at(-1)).toEqual({ content: '违禁词小号', openid: 'openid-profile', scene: 1 });
    await expect(t.client(token).getMe()).resolves.toEqual(before);
  });

  it('requires a token for GET and PATCH /api/me', async () => {
    expect((await t.request('GET', '/api/me')).status).toBe(401);
    expect((await t.request('PATCH', '/api/me', { body: { nickname: 'x' } })).status).toBe(401);
  });

  it('refuses a query operator smuggled into a filter instead of obeying it (sanitizeFilter)', async () => {
    // Unsanitized, `{ $ne: null }` would match every user; sanitized it is a literal that cannot cast.
    await expect(users.findOne({ openid: { $ne: null } as unknown as string }).lean()).rejects.toThrow(
      /Cast to string failed/,
    );
  });

  it('runs transactions on the engine: commit keeps writes, abort drops them', async () => {
    const connection = t.app.get<Connection>(getConnectionToken());
    await connection.transaction(async (session) => {
      await users.create([{ openid: 'tx-commit', nickname: 'tx' }], { session });
    });
    await expect(
      connection.transaction(async (session) => {
        await users.create([{ openid: 'tx-abort', nickname: 'tx' }], { session });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await users.countDocuments({ openid: 'tx-commit' })).toBe(1);
    expect(await users.countDocuments({ openid: 'tx-abort' })).toBe(0);
  });

  it('enforces one account per openid with a unique index', async () => {
    await expect(users.create({ openid: 'openid-profile', nickname: 'dup' })).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses the token of a deleted account at once, though the account was just used', async () => {
    const login = await t.client().loginWechat({ code: 'code-openid-leaver' });
    const circle = await t.client(login.token).createCircle({ name: '将被删除的人的圈子', joinPolicy: 'open' });
    expect(circle.id).toEqual(expect.any(String));
    await users.deleteOne({ openid: 'openid-leaver' });
    const res = await t.request('POST', '/api/circles', {
      token: login.token,
      body: { name: '再建一个', joinPolicy: 'open' },
    });
    expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await t.request('GET', '/api/me', { token: login.token })).status).toBe(401);
  });

  it('stops a token whose account vanished behind its back within the documented cache bound', async () => {
    const login = await t.client().loginWechat({ code: 'code-openid-ghost' });
    await expect(t.client(login.token).getMe()).resolves.toMatchObject({ id: login.user.id });
    // Deleted without going through the model (another instance, a database shell): no invalidation.
    await users.collection.deleteOne({ openid: 'openid-ghost' });
    t.clock.advance(ACCOUNT_CACHE_TTL_MS);
    const res = await t.request('POST', '/api/circles', {
      token: login.token,
      body: { name: '幽灵圈', joinPolicy: 'open' },
    });
    expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    t.clock.reset();
  });

  it('keeps the account check cheap: a burst of requests reads the account once', async () => {
    const login = await t.client().loginWechat({ code: 'code-openid-busy' });
    const reads = jest.spyOn(users, 'exists');
    try {
      for (let i = 0; i < 5; i += 1)
        expect((await t.request('GET', '/api/circles', { token: login.token })).status).toBe(200);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});
