import { ApiRoutes, type ApiClient, type EventView, type LoginResponse } from '@quanzi/contract';
import {
  apiClient,
  sendRaw,
  startEngineProcess,
  startServerProcess,
  suiteStatus,
  type EngineProcess,
  type ServerProcess,
} from '../harness';

/**
 * Two server processes on one database (the embedded engine started standalone through its CLI),
 * as production runs several stateless instances behind a load balancer: whatever one instance
 * promises must hold when requests land on either.
 */
describe('two server instances on one database', () => {
  let engine: EngineProcess;
  let servers: ServerProcess[] = [];
  let admin: LoginResponse;
  let circleId: string;
  let seq = 0;

  const env = (uri: string) => ({
    MONGODB_URI: uri,
    DB_IN_MEMORY: undefined,
    EVENT_HOLD_SWEEP_MS: '0',
    // Tight per-user post limit (a day's window: no boundary during the test), so the shared store shows.
    RATE_LIMIT_POST: 'user:3/1d,ip:off',
  });
  /** Instance i's client acting as `token`. */
  const on = (i: number, token: string): ApiClient => apiClient(servers[i % 2].baseUrl, token);

  beforeAll(async () => {
    engine = await startEngineProcess();
    // One after the other: both sync indexes at boot, the second against the first one's collections.
    servers.push(await startServerProcess({ label: 'api-instance-a', env: env(engine.uri) }));
    servers.push(await startServerProcess({ label: 'api-instance-b', env: env(engine.uri) }));
    admin = await apiClient(servers[0].baseUrl).loginDev({ nickname: '双实例管理员' });
    circleId = (await on(1, admin.token).createCircle({ name: '双实例圈子', joinPolicy: 'open' })).id;
  }, 120_000);

  afterAll(async () => {
    if (suiteStatus.anyFailed()) servers.forEach((s) => s.printOutput('a test in this file failed'));
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await engine?.stop();
  }, 30_000);

  /** Members logged in and joined, alternating instances. */
  async function members(count: number, tag: string): Promise<LoginResponse[]> {
    seq += 1;
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const who = await apiClient(servers[i % 2].baseUrl).loginDev({ nickname: `${tag}${seq}-${i}` });
        await on(i + 1, who.token).joinCircle(circleId);
        return who;
      }),
    );
  }

  const newEvent = (quota: number): Promise<EventView> =>
    on(0, admin.token).createEvent(circleId, {
      title: '双实例活动',
      mode: 'offline',
      location: '会场',
      startAt: '2031-01-01T02:00:00.000Z',
      endAt: '2031-01-01T04:00:00.000Z',
      ticketTypes: [{ name: '入场票', priceFen: 0, quota }],
      status: 'published',
    });

  test('a burst of signups spread over both instances never oversells', async () => {
    const people = await members(26, '抢票');
    const event = await newEvent(10);
    const signUp = (p: (typeof people)[number], i: number) =>
      sendRaw(servers[i % 2].baseUrl, 'POST', ApiRoutes.eventRegistrations(event.id), {
        token: p.token,
        rawBody: JSON.stringify({ ticketTypeId: event.ticketTypes[0].id }),
      });
    // Each instance sells a seat first (a burst alone may, under load, be served by one of them),
    // then 24 race for the last 8 across both.
    for (const i of [0, 1]) expect((await signUp(people[i], i)).status).toBe(201);
    const results = await Promise.all(people.slice(2).map(signUp));
    const confirmed = results.filter((r) => r.status === 201);
    expect(confirmed).toHaveLength(8);
    expect(results.filter((r) => (r.body as { code?: string }).code === 'SOLD_OUT')).toHaveLength(16);
    // Both instances report the same stored count.
    for (const i of [0, 1]) {
      expect((await on(i, admin.token).getEvent(event.id)).ticketTypes[0].sold).toBe(10);
      expect((await on(i, admin.token).eventStats(event.id)).registered).toBe(10);
    }
  });

  test('a signup retried with one Idempotency-Key on both instances is one registration', async () => {
    const [m] = await members(1, '重试');
    const event = await newEvent(10);
    const body = { ticketTypeId: event.ticketTypes[0].id };
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => on(i, m.token).register(event.id, body, 'two-instance-key')),
    );
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
    expect((await on(1, admin.token).getEvent(event.id)).ticketTypes[0].sold).toBe(1);
  });

  test('one ticket scanned at both doors at once checks in once', async () => {
    const [holder] = await members(1, '检票');
    const event = await newEvent(10);
    const ticket = await on(0, holder.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    const scans = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sendRaw(servers[i % 2].baseUrl, 'POST', ApiRoutes.eventCheckins(event.id), {
          token: admin.token,
          rawBody: JSON.stringify({ ticketCode: ticket.ticketCode }),
        }),
      ),
    );
    expect(scans.map((s) => s.status)).toEqual(Array(6).fill(200));
    const results = scans.map((s) => (s.body as { result: string }).result);
    expect(results.filter((r) => r === 'checked_in')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_checked_in')).toHaveLength(5);
    expect((await on(1, admin.token).eventStats(event.id)).checkedIn).toBe(1);
  });

  test('a rate limit counts requests on both instances together', async () => {
    const [author] = await members(1, '限流');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await sendRaw(servers[i % 2].baseUrl, 'POST', ApiRoutes.circlePosts(circleId), {
        token: author.token,
        rawBody: JSON.stringify({ text: `第${i + 1}条` }),
      });
      statuses.push(res.status);
    }
    // 3 a day for this member, whichever instance took the request.
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(
      (await on(0, admin.token).listPosts(circleId)).items.filter((p) => p.author.id === author.user.id),
    ).toHaveLength(3);
  });

  test('likes from both instances at once keep the stored count exact', async () => {
    const [author] = await members(1, '作者');
    const post = await on(0, author.token).createPost(circleId, { text: '双实例点赞' });
    const fans = await members(10, '点赞');
    // Each fan likes twice, once on each instance, at the same moment: a like is idempotent.
    await Promise.all(fans.flatMap((f) => [on(0, f.token).likePost(post.id), on(1, f.token).likePost(post.id)]));
    for (const i of [0, 1]) expect((await on(i, admin.token).getPost(post.id)).likeCount).toBe(10);
    await Promise.all(
      fans.slice(0, 4).flatMap((f) => [on(0, f.token).unlikePost(post.id), on(1, f.token).unlikePost(post.id)]),
    );
    expect((await on(1, author.token).getPost(post.id)).likeCount).toBe(6);
  });

  // Last: it stops instance b.
  test('SIGTERM drains: requests in flight are answered, then the instance exits cleanly', async () => {
    const people = await members(12, '停机');
    const event = await newEvent(50);
    const inFlight = people.map((p) =>
      sendRaw(servers[1].baseUrl, 'POST', ApiRoutes.eventRegistrations(event.id), {
        token: p.token,
        rawBody: JSON.stringify({ ticketTypeId: event.ticketTypes[0].id }),
      }),
    );
    await Promise.race(inFlight);
    await servers[1].stop();
    const answered = await Promise.allSettled(inFlight);
    expect(answered.filter((a) => a.status === 'rejected')).toEqual([]);
    expect(answered.map((a) => (a.status === 'fulfilled' ? a.value.status : 0))).toEqual(Array(12).fill(201));
    expect(servers[1].output().join('\n')).toMatch(/SIGTERM: draining[\s\S]*shut down cleanly/);
    // The other instance still serves, and saw every signup instance b confirmed.
    expect((await on(0, admin.token).getEvent(event.id)).ticketTypes[0].sold).toBe(12);
  });
});
