import { getConnectionToken } from '@nestjs/mongoose';
import type { LoginResponse } from '@quanzi/contract';
import type { Connection } from 'mongoose';
import { DEFAULT_RATE_LIMITS } from '../config/abuse-settings';
import { DatabaseTarget } from '../database/database.target';
import { CONFIGURED_RATE_LIMITS, RELAXED_RATE_LIMITS, startTestApp, type TestContext } from '../testing/test-app';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A distinct small PNG per call (trailing bytes after IEND keep it a PNG). */
let pngSeq = 0;
const uniquePng = (size = 0) => Buffer.concat([PNG, Buffer.from(`#${(pngSeq += 1)}`), Buffer.alloc(size)]);

function multipart(content: Buffer) {
  const boundary = '----quanzi-rate-limit-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The 429 every limited route answers: the contract's error body, in Chinese, with Retry-After. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON error body
function expectRateLimited(res: { status: number; body: any; headers: Record<string, unknown> }, maxSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({
    code: 'RATE_LIMITED',
    message: expect.stringMatching(/^(操作太频繁，请 \d+ (秒|分钟|小时)后再试|今日上传已达上限.*)$/),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

describe('rate limits at their configured (default) values', () => {
  describe('login (per IP)', () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await startTestApp(CONFIGURED_RATE_LIMITS);
      t.clock.set(Math.ceil(Date.now() / 60_000) * 60_000);
    });
    afterAll(() => t.close());

    it('refuses the login after the limit from one address, with Retry-After; other addresses log in', async () => {
      const rule = DEFAULT_RATE_LIMITS.login.ip!;
      const from = (remoteAddress: string, i: number) =>
        i % 2 === 0
          ? t.request('POST', '/api/auth/dev', { body: { nickname: `访客${i}` }, remoteAddress })
          : t.request('POST', '/api/auth/wechat', { body: { code: `code-openid-rl${i}` }, remoteAddress });
      const burst = [];
      for (let i = 0; i < rule.limit; i += 1) burst.push(await from('203.0.113.7', i));
      expect(burst.map((r) => r.status)).toEqual(Array(rule.limit).fill(200));
      // WeChat and dev login share one budget.
      expectRateLimited(await from('203.0.113.7', rule.limit), seconds(rule.windowMs));
      expectRateLimited(await from('203.0.113.7', rule.limit + 1), seconds(rule.windowMs));
      expect((await from('203.0.113.8', 0)).status).toBe(200);
      // The window ends: the address may log in again.
      t.clock.advance(rule.windowMs);
      expect((await from('203.0.113.7', 0)).status).toBe(200);
    });
  });

  describe('posting, commenting, uploads, invite landing, signups and votes', () => {
    let t: TestContext;
    let n = 0;
    const login = async (): Promise<LoginResponse> => t.client().loginWechat({ code: `code-openid-limits${(n += 1)}` });
    let owner: LoginResponse;
    let alice: LoginResponse;
    let bob: LoginResponse;
    let circleId: string;

    beforeAll(async () => {
      // Setup logs in a dozen members from one address: only the login limit is relaxed here.
      t = await startTestApp({ ...CONFIGURED_RATE_LIMITS, RATE_LIMIT_LOGIN: RELAXED_RATE_LIMITS.RATE_LIMIT_LOGIN });
      [owner, alice, bob] = [await login(), await login(), await login()];
      circleId = (await t.client(owner.token).createCircle({ name: '限流测试圈', joinPolicy: 'open' })).id;
      await t.client(alice.token).joinCircle(circleId);
      await t.client(bob.token).joinCircle(circleId);
    });
    afterAll(() => t.close());
    // Every test starts at the beginning of fresh windows (a UTC day starts a minute and ten minutes too).
    let day = Math.ceil(Date.now() / 86_400_000);
    beforeEach(() => t.clock.set((day += 1) * 86_400_000));

    it('posts and comments share one per-user budget; other members keep posting', async () => {
      const rule = DEFAULT_RATE_LIMITS.post.user!;
      const post = (who: LoginResponse, i: number) =>
        t.request('POST', `/api/circles/${circleId}/posts`, { token: who.token, body: { text: `第${i}条` } });
      const first = await post(alice, 0);
      expect(first.status).toBe(201);
      const statuses = [];
      for (let i = 1; i < rule.limit; i += 1) {
        statuses.push(
          (i % 2
            ? await t.request('POST', `/api/posts/${first.body.id}/comments`, {
                token: alice.token,
                body: { text: `评论${i}` },
              })
            : await post(alice, i)
          ).status,
        );
      }
      expect(statuses).toEqual(Array(rule.limit - 1).fill(201));
      expectRateLimited(await post(alice, 99), seconds(rule.windowMs));
      expectRateLimited(
        await t.request('POST', `/api/posts/${first.body.id}/comments`, { token: alice.token, body: { text: '再来' } }),
        seconds(rule.windowMs),
      );
      expect((await post(bob, 1)).status).toBe(201);
      // Reading is not limited.
      expect((await t.request('GET', `/api/circles/${circleId}/posts`, { token: alice.token })).status).toBe(200);
      t.clock.advance(rule.windowMs);
      expect((await post(alice, 100)).status).toBe(201);
    });

    it('limits uploads per user', async () => {
      const rule = DEFAULT_RATE_LIMITS.upload.user!;
      const upload = (who: LoginResponse) =>
        t.app.inject({
          method: 'POST',
          url: '/api/uploads',
          ...multipart(uniquePng()),
          headers: { ...multipart(PNG).headers, authorization: `Bearer ${who.token}` },
        });
      const statuses = [];
      for (let i = 0; i < rule.limit; i += 1) statuses.push((await upload(alice)).statusCode);
      expect(statuses).toEqual(Array(rule.limit).fill(201));
      const refused = await upload(alice);
      expectRateLimited(
        { status: refused.statusCode, body: refused.json(), headers: refused.headers },
        seconds(rule.windowMs),
      );
      expect((await upload(bob)).statusCode).toBe(201);
    });

    it('limits invite landings per address (anonymous) and per user; other visitors still land', async () => {
      const invite = await t.client(owner.token).createInvite(circleId, { channel: '海报' });
      const ipRule = DEFAULT_RATE_LIMITS.invite.ip!;
      const open = (remoteAddress: string, token?: string) =>
        t.request('GET', `/api/invites/${invite.code}`, { remoteAddress, token });
      const statuses = [];
      for (let i = 0; i < ipRule.limit; i += 1) statuses.push((await open('198.51.100.1')).status);
      expect(statuses).toEqual(Array(ipRule.limit).fill(200));
      expectRateLimited(await open('198.51.100.1'), seconds(ipRule.windowMs));
      expect((await open('198.51.100.2')).status).toBe(200);

      const userRule = DEFAULT_RATE_LIMITS.invite.user!;
      // A logged-in visitor spreading requests over addresses is still one user.
      for (let i = 0; i < userRule.limit; i += 1)
        expect((await open(`198.51.100.${10 + i}`, bob.token)).status).toBe(200);
      expectRateLimited(await open('198.51.100.250', bob.token), seconds(userRule.windowMs));
      expect((await open('198.51.100.250', alice.token)).status).toBe(200);
    });

    it('limits event signups per user', async () => {
      const rule = DEFAULT_RATE_LIMITS.signup.user!;
      const event = await t.client(owner.token).createEvent(circleId, {
        title: '周末读书会',
        mode: 'offline',
        location: '上海图书馆',
        startAt: '2030-10-01T01:00:00.000Z',
        endAt: '2030-10-01T03:00:00.000Z',
        ticketTypes: [{ name: '普通票', priceFen: 0, quota: 100 }],
        status: 'published',
      });
      const signUp = (who: LoginResponse) =>
        t.request('POST', `/api/events/${event.id}/registrations`, {
          token: who.token,
          body: { ticketTypeId: event.ticketTypes[0].id },
        });
      const statuses = [];
      for (let i = 0; i < rule.limit; i += 1) statuses.push((await signUp(alice)).status);
      // The first signs up, repeats are refused as duplicates: every attempt counts.
      expect(statuses[0]).toBe(201);
      expect(statuses.every((s) => s !== 429)).toBe(true);
      expectRateLimited(await signUp(alice), seconds(rule.windowMs));
      expect((await signUp(bob)).status).toBe(201);
    });

    it('limits poll votes per user', async () => {
      const rule = DEFAULT_RATE_LIMITS.vote.user!;
      const poll = await t.client(owner.token).createPoll(circleId, {
        kind: 'poll',
        title: '下次去哪',
        resultsVisibility: 'always',
        questions: [{ type: 'rating', title: '打分' }],
      });
      const vote = (who: LoginResponse) =>
        t.request('POST', `/api/polls/${poll.id}/responses`, {
          token: who.token,
          body: { answers: [{ questionId: poll.questions[0].id, rating: 4 }] },
        });
      const statuses = [];
      for (let i = 0; i < rule.limit; i += 1) statuses.push((await vote(alice)).status);
      expect(statuses[0]).toBe(201);
      expect(statuses.every((s) => s !== 429)).toBe(true);
      expectRateLimited(await vote(alice), seconds(rule.windowMs));
      expect((await vote(bob)).status).toBe(201);
    });

    it('keeps its counters in MongoDB with a TTL index, so windows are shared and expire', async () => {
      const connection = t.app.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('rate_limit_counters').indexes();
      expect(indexes).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
      expect(await connection.collection('rate_limit_counters').countDocuments()).toBeGreaterThan(0);
    });
  });
});

describe('rate limits as configured', () => {
  it('applies a per-IP limit to members sharing an address, not to other addresses', async () => {
    const t = await startTestApp({ RATE_LIMIT_POST: 'ip:3/1m' });
    t.clock.set(Math.ceil(Date.now() / 60_000) * 60_000);
    try {
      const members = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => t.client().loginWechat({ code: `code-openid-ip${i}` })),
      );
      const circleId = (await t.client(members[0].token).createCircle({ name: '同一出口', joinPolicy: 'open' })).id;
      for (const m of members.slice(1)) await t.client(m.token).joinCircle(circleId);
      const post = (who: LoginResponse, remoteAddress: string) =>
        t.request('POST', `/api/circles/${circleId}/posts`, {
          token: who.token,
          body: { text: '你好' },
          remoteAddress,
        });
      for (const m of members.slice(0, 3)) expect((await post(m, '192.0.2.1')).status).toBe(201);
      expectRateLimited(await post(members[3], '192.0.2.1'), 60);
      expect((await post(members[4], '192.0.2.2')).status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('enforces a daily upload byte quota per member until China midnight', async () => {
    const size = 40_000;
    const t = await startTestApp({ UPLOAD_DAILY_BYTES: String(3 * (size + 200)) });
    try {
      // Tokens are issued on the app's clock: move it before logging in.
      t.clock.set(new Date('2030-05-01T10:00:00+08:00'));
      const [alice, bob] = [
        await t.client().loginWechat({ code: 'code-openid-q1' }),
        await t.client().loginWechat({ code: 'code-openid-q2' }),
      ];
      const upload = async (who: LoginResponse) => {
        const { payload, headers } = multipart(uniquePng(size));
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/uploads',
          payload,
          headers: { ...headers, authorization: `Bearer ${who.token}` },
        });
        return { status: res.statusCode, body: res.json(), headers: res.headers };
      };
      for (let i = 0; i < 3; i += 1) expect((await upload(alice)).status).toBe(201);
      const refused = await upload(alice);
      expectRateLimited(refused, 14 * 3600);
      expect(refused.body.message).toMatch(/^今日上传已达上限/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 3600 - 60);
      expect((await upload(bob)).status).toBe(201);
      t.clock.set(new Date('2030-05-02T00:00:01+08:00'));
      expect((await upload(alice)).status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('shares counters between server instances on one MongoDB', async () => {
    const a = await startTestApp({ RATE_LIMIT_LOGIN: 'ip:3/1m' });
    const b = await startTestApp({ RATE_LIMIT_LOGIN: 'ip:3/1m', MONGODB_URI: a.app.get(DatabaseTarget).uri });
    try {
      const minute = Math.ceil(Date.now() / 60_000) * 60_000;
      a.clock.set(minute);
      b.clock.set(minute);
      const login = (t: TestContext, i: number) =>
        t.request('POST', '/api/auth/dev', { body: { nickname: `实例${i}` }, remoteAddress: '192.0.2.50' });
      expect((await login(a, 1)).status).toBe(200);
      expect((await login(b, 2)).status).toBe(200);
      expect((await login(a, 3)).status).toBe(200);
      expectRateLimited(await login(b, 4), 60);
      expectRateLimited(await login(a, 5), 60);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
