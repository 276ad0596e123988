import {
  EngagementSegments,
  type BroadcastAudience,
  type CreateBroadcastRequest,
  type LoginResponse,
} from '@quanzi/contract';
import { startTestApp, type TestContext } from '../testing/test-app';
import { BroadcastFanout } from './broadcast-fanout';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('broadcasts: audiences, permissions, delivery, cap, schedule and cancel', () => {
  let t: TestContext;
  let n = 0;
  const login = (name = `bc${(n += 1)}`): Promise<LoginResponse> =>
    t.client().loginWechat({ code: `code-openid-${name}` });
  const as = (who: LoginResponse) => t.client(who.token);

  let owner: LoginResponse;
  let admin: LoginResponse;
  let m: LoginResponse[];
  let outsider: LoginResponse;
  let circleId: string;
  let otherCircleId: string;
  let tagA: string;
  let tagB: string;
  let eventId: string;
  let namedPollId: string;
  let anonymousPollId: string;

  const ids = (...who: LoginResponse[]) => who.map((w) => w.user.id).sort();
  const audienceOf = async (audience: BroadcastAudience) => {
    const preview = await as(admin).previewBroadcast(circleId, { audience });
    expect(preview.sample.length).toBe(Math.min(preview.count, 10));
    return preview.sample.map((s) => s.userId).sort();
  };
  const broadcastItems = async (who: LoginResponse, title: string) =>
    (await as(who).myNotifications()).items.filter((i) => i.kind === 'broadcast' && i.title === title);
  const sent = (id: string) =>
    waitFor(`broadcast ${id} sent`, async () => (await as(admin).getBroadcast(id)).status === 'sent');
  const compose = (title: string, audience: BroadcastAudience, extra: Partial<CreateBroadcastRequest> = {}) =>
    as(admin).createBroadcast(circleId, { title, body: '周六见', audience, ...extra });

  beforeAll(async () => {
    t = await startTestApp({ JOBS_POLL_MS: '50', BROADCAST_DAILY_CAP: '3', BROADCAST_BATCH_SIZE: '2' });
    owner = await login();
    admin = await login();
    outsider = await login();
    m = [];
    for (let i = 0; i < 5; i += 1) m.push(await login());
    circleId = (await as(owner).createCircle({ name: '群发测试圈', joinPolicy: 'open' })).id;
    otherCircleId = (await as(outsider).createCircle({ name: '别的圈', joinPolicy: 'open' })).id;
    await as(admin).joinCircle(circleId);
    await as(owner).updateMemberRole(circleId, admin.user.id, { role: 'admin' });
    for (const x of m) await as(x).joinCircle(circleId);
    tagA = (await as(owner).createTag(circleId, { name: 'A' })).id;
    tagB = (await as(owner).createTag(circleId, { name: 'B' })).id;
    await as(owner).bulkTagMembers(circleId, { userIds: ids(m[0], m[1]), add: [tagA] });
    await as(owner).bulkTagMembers(circleId, { userIds: ids(m[0], m[2]), add: [tagB] });

    eventId = (
      await as(admin).createEvent(circleId, {
        title: '香山徒步',
        mode: 'offline',
        location: '香山',
        startAt: '2030-10-01T01:00:00.000Z',
        endAt: '2030-10-01T09:00:00.000Z',
        ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
        status: 'published',
      })
    ).id;
    const typeId = (await as(admin).getEvent(eventId)).ticketTypes[0].id;
    const r0 = await as(m[0]).register(eventId, { ticketTypeId: typeId });
    await as(m[1]).register(eventId, { ticketTypeId: typeId });
    await as(m[3]).register(eventId, { ticketTypeId: typeId });
    await as(admin).checkIn(eventId, { ticketCode: (await as(m[0]).getRegistration(r0.id)).ticketCode! });

    const poll = (anonymous: boolean) =>
      as(admin).createPoll(circleId, {
        title: anonymous ? '匿名打分' : '具名调查',
        kind: 'poll',
        anonymous,
        resultsVisibility: 'always',
        questions: [{ type: 'rating', title: '打分' }],
      });
    const named = await poll(false);
    const anon = await poll(true);
    namedPollId = named.id;
    anonymousPollId = anon.id;
    await as(m[2]).respondToPoll(namedPollId, { answers: [{ questionId: named.questions[0].id, rating: 5 }] });
    await as(m[0]).respondToPoll(anonymousPollId, { answers: [{ questionId: anon.questions[0].id, rating: 4 }] });
  });
  afterAll(() => t.close());

  it('resolves every audience field exactly, combined with AND, with a named sample', async () => {
    expect(await audienceOf({ all: true })).toEqual(ids(owner, admin, ...m));
    expect(await audienceOf({ tagIds: [tagA, tagB] })).toEqual(ids(m[0]));
    expect(await audienceOf({ tagIds: [tagA, tagB], tagMode: 'any' })).toEqual(ids(m[0], m[1], m[2]));
    expect(await audienceOf({ eventId })).toEqual(ids(m[0], m[1], m[3]));
    expect(await audienceOf({ eventId, registrationStatus: 'checked_in' })).toEqual(ids(m[0]));
    expect(await audienceOf({ eventId, registrationStatus: 'confirmed_not_checked_in' })).toEqual(ids(m[1], m[3]));
    expect(await audienceOf({ eventId, registrationStatus: 'confirmed_not_checked_in', tagIds: [tagA] })).toEqual(
      ids(m[1]),
    );
    expect(await audienceOf({ pollId: namedPollId })).toEqual(ids(m[2]));
    expect(await audienceOf({ notAnsweredPollId: namedPollId, tagIds: [tagB] })).toEqual(ids(m[0]));
    expect(await audienceOf({ notAnsweredPollId: anonymousPollId, tagIds: [tagA] })).toEqual(ids(m[1]));
    expect(await audienceOf({ inviterId: owner.user.id })).toEqual([]);
    const preview = await as(admin).previewBroadcast(circleId, { audience: { tagIds: [tagA, tagB] } });
    expect(preview).toEqual({ count: 1, sample: [{ userId: m[0].user.id, nickname: m[0].user.nickname }] });
  });

  it('refuses members, other circles’ admins and visitors on every route', async () => {
    const b = await compose('权限测试', { tagIds: [tagA] }, { sendAt: '2099-01-01T00:00:00.000Z' });
    const routes: [string, string, unknown][] = [
      ['POST', `/api/circles/${circleId}/broadcasts/preview`, { audience: { all: true } }],
      ['POST', `/api/circles/${circleId}/broadcasts`, { title: 'x', body: 'y', audience: { all: true } }],
      ['GET', `/api/circles/${circleId}/broadcasts`, undefined],
      ['GET', `/api/broadcasts/${b.id}`, undefined],
      ['POST', `/api/broadcasts/${b.id}/cancel`, {}],
    ];
    for (const [method, path, body] of routes) {
      for (const who of [m[0], outsider]) {
        const res = await t.request(method, path, { body, token: who.token });
        expect([path, res.status]).toEqual([path, 403]);
      }
      expect((await t.request(method, path, { body })).status).toBe(401);
    }
    expect((await as(admin).getBroadcast(b.id)).status).toBe('scheduled');
    await as(admin).cancelBroadcast(b.id);
  });

  it('answers 400 / 422 for bad input and stores nothing', async () => {
    const before = (await as(admin).listBroadcasts(circleId)).items.length;
    const otherEvent = (
      await as(outsider).createEvent(otherCircleId, {
        title: '别人的活动',
        mode: 'offline',
        location: '别处',
        startAt: '2030-10-01T01:00:00.000Z',
        endAt: '2030-10-01T09:00:00.000Z',
        ticketTypes: [{ name: '票', priceFen: 0, quota: 1 }],
        status: 'published',
      })
    ).id;
    const otherPost = (await as(outsider).createPost(otherCircleId, { text: '别人的帖子' })).id;
    const post = async (body: unknown) =>
      t.request('POST', `/api/circles/${circleId}/broadcasts`, { body, token: admin.token });
    const base = { title: '标题', body: '内容', audience: { all: true } };
    const cases: [unknown, number, string][] = [
      [{ ...base, audience: {} }, 400, 'audience.all'],
      [{ ...base, audience: { eventId: otherEvent } }, 400, 'audience.eventId'],
      [{ ...base, audience: { pollId: anonymousPollId } }, 400, 'audience.pollId'],
      [{ ...base, audience: { registrationStatus: 'confirmed' } }, 400, 'audience.registrationStatus'],
      [{ ...base, link: { type: 'post', id: otherPost } }, 400, 'link'],
      [{ ...base, sendAt: '2001-01-01T00:00:00.000Z' }, 400, 'sendAt'],
      [{ ...base, title: ' ' }, 400, 'title'],
      [{ ...base, body: '含违禁词的内容' }, 422, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect([field, res.status]).toEqual([field, status]);
      const details = (res.body as { details?: { field: string }[] }).details ?? [];
      expect(details.map((d) => d.field).join(',')).toContain(field);
    }
    expect((await as(admin).listBroadcasts(circleId)).items.length).toBe(before);
  });

  it('delivers to exactly the audience, once, with the link; stats count delivered, read and clicked', async () => {
    const b = await compose('A 组通知', { tagIds: [tagA] }, { link: { type: 'event', id: eventId } });
    expect(b).toMatchObject({ status: 'sending', audienceCount: 2 });
    await sent(b.id);
    for (const who of [m[0], m[1]]) {
      const items = await broadcastItems(who, 'A 组通知');
      expect(items.map((i) => [i.body, i.link, i.circleId])).toEqual([
        ['周六见', `/packages/events/detail/index?id=${eventId}`, circleId],
      ]);
    }
    for (const who of [owner, admin, m[2], m[3], m[4], outsider])
      expect(await broadcastItems(who, 'A 组通知')).toEqual([]);
    const [item] = await broadcastItems(m[0], 'A 组通知');
    await as(m[0]).clickNotification(item.id);
    const clickOther = await t.request('POST', `/api/me/notifications/${item.id}/click`, {
      body: {},
      token: m[1].token,
    });
    expect(clickOther.status).toBe(404);
    const detail = await as(admin).getBroadcast(b.id);
    expect(detail.stats).toMatchObject({
      audience: 2,
      delivered: 2,
      skipped: {},
      read: 1,
      clicked: 1,
      subscribeSent: 0,
    });
    const list = await as(admin).listBroadcasts(circleId, { limit: 1 });
    expect(list.items.map((x) => x.id)).toEqual([b.id]);
    expect(list.nextCursor).not.toBeNull();
  });

  it('caps broadcasts per member per circle per day and says who was skipped', async () => {
    // m[4] has had none today; m[0] had one (A 组通知): cap 3 lets m[0] get two more, m[4] three.
    const results: Record<string, number>[] = [];
    for (const title of ['第一条', '第二条', '第三条']) {
      const b = await compose(title, { all: true });
      await sent(b.id);
      const { stats } = await as(admin).getBroadcast(b.id);
      results.push({ delivered: stats.delivered, capped: stats.skipped.capped ?? 0 });
    }
    // owner, admin, m2, m3, m4 had none before; m0, m1 had one.
    expect(results).toEqual([
      { delivered: 7, capped: 0 },
      { delivered: 7, capped: 0 },
      { delivered: 5, capped: 2 },
    ]);
    expect((await broadcastItems(m[0], '第三条')).length).toBe(0);
    expect((await broadcastItems(m[4], '第三条')).length).toBe(1);
  });

  it('sends a scheduled broadcast when the clock reaches it; a cancelled one never goes', async () => {
    const at = new Date(t.clock.nowMs() + 3 * 3600_000).toISOString();
    const later = await compose('定时通知', { tagIds: [tagB] }, { sendAt: at });
    const dropped = await compose('取消的通知', { tagIds: [tagB] }, { sendAt: at });
    expect(later.status).toBe('scheduled');
    expect((await as(admin).cancelBroadcast(dropped.id)).status).toBe('cancelled');
    const again = await t.request('POST', `/api/broadcasts/${dropped.id}/cancel`, { body: {}, token: admin.token });
    expect(again.status).toBe(409);
    expect(await broadcastItems(m[2], '定时通知')).toEqual([]);
    // Moves past China midnight too, so the daily cap starts afresh.
    t.clock.advance(24 * 3600_000);
    await sent(later.id);
    for (const who of [m[0], m[2]]) expect((await broadcastItems(who, '定时通知')).length).toBe(1);
    for (const who of [m[0], m[2]]) expect(await broadcastItems(who, '取消的通知')).toEqual([]);
    expect((await as(admin).getBroadcast(dropped.id)).status).toBe('cancelled');
    const sentAgain = await t.request('POST', `/api/broadcasts/${later.id}/cancel`, { body: {}, token: admin.token });
    expect(sentAgain.status).toBe(409);
  });
  it('narrows by join channel, inviter and inactivity', async () => {
    const viaChannel = await login();
    const viaFriend = await login();
    const channelInvite = await as(admin).createInvite(circleId, { channel: '公众号' });
    await as(viaChannel).joinCircle(circleId, { inviteCode: channelInvite.code });
    const personal = await as(m[1]).myInvite(circleId);
    await as(viaFriend).joinCircle(circleId, { inviteCode: personal.code });
    expect(await audienceOf({ channel: '公众号' })).toEqual(ids(viaChannel));
    expect(await audienceOf({ inviterId: m[1].user.id })).toEqual(ids(viaFriend));

    // 10 days on (tokens last 30), only m[0] does something: of tag A, m[1] alone is inactive for 7 days.
    t.clock.advance(10 * 24 * 3600_000);
    await as(m[0]).createPost(circleId, { text: '我还在' });
    await waitFor('activity recorded', async () => {
      const inactive = await audienceOf({ inactiveDays: 7, tagIds: [tagA] });
      return inactive.length === 1;
    });
    expect(await audienceOf({ inactiveDays: 7, tagIds: [tagA] })).toEqual(ids(m[1]));
    expect(await audienceOf({ inactiveDays: 7 })).not.toContain(m[0].user.id);
  });
  it('narrows by engagement segment, exactly as the member engagement view classes each member', async () => {
    await as(admin).recomputeEngagement(circleId);
    const members = await audienceOf({ all: true });
    const bySegment = new Map<string, string[]>();
    for (const userId of members) {
      const { segment } = await as(admin).memberEngagement(circleId, userId);
      bySegment.set(segment, [...(bySegment.get(segment) ?? []), userId].sort());
    }
    for (const segment of EngagementSegments) {
      expect([segment, await audienceOf({ segment })]).toEqual([segment, bySegment.get(segment) ?? []]);
    }
  });
  it('holds the daily cap when several broadcasts fan out at once', async () => {
    const x = await login();
    await as(x).joinCircle(circleId);
    const solo = (await as(owner).createTag(circleId, { name: '并发' })).id;
    await as(owner).bulkTagMembers(circleId, { userIds: [x.user.id], add: [solo] });
    const later = new Date(t.clock.nowMs() + 3600_000).toISOString();
    const made = await Promise.all(
      ['并发一', '并发二', '并发三', '并发四', '并发五'].map((title) =>
        compose(title, { tagIds: [solo] }, { sendAt: later }),
      ),
    );
    const fanout = t.app.get(BroadcastFanout);
    await Promise.all(made.map((b) => fanout.send(b.id)));
    const items = (await as(x).myNotifications()).items.filter((i) => i.kind === 'broadcast');
    expect(items.length).toBe(3);
    const skipped = await Promise.all(
      made.map(async (b) => (await as(admin).getBroadcast(b.id)).stats.skipped.capped ?? 0),
    );
    expect(skipped.reduce((a, n) => a + n, 0)).toBe(2);
  });
});
