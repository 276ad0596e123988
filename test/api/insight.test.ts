import { ErrorCode, type ApiClient, type LoginResponse } from '@quanzi/contract';
import { expectApiError, sendRaw, useStack } from '../harness';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;
/** Matches ADMIN_OPENIDS in the harness's server environment. */
const platformAdminCode = 'code-e2e-platform-admin';

const dayOf = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);

/**
 * Circle dashboards over a known history built with the server's movable clock: joins through
 * two invite links, a personal link and directly; posts, a like, a vote, signups and a check-in
 * spread over two weeks; then every dashboard number is asserted.
 */
describe('insight: circle dashboards', () => {
  const stack = useStack({ label: 'api-insight', env: { TEST_CLOCK: '1', JWT_TTL: '365d' } });
  let n = 0;
  const login = async (nickname: string): Promise<LoginResponse & { api: ApiClient }> => {
    const who = await stack.api.loginWechat({ code: `code-openid-insight-${(n += 1)}` });
    const api = stack.as(who.token);
    await api.updateMe({ nickname });
    return { ...who, api };
  };
  const serverNow = async (advanceMs = 0): Promise<number> => {
    const res = await sendRaw(stack.baseUrl, 'POST', '/api/test/clock', { rawBody: JSON.stringify({ advanceMs }) });
    return Date.parse((res.body as { now: string }).now);
  };
  /** Moves to `days` later, 10:00 China time. */
  const toDay = async (start: number, days: number) => {
    const target = start + days * DAY_MS;
    await serverNow(target - (await serverNow()));
  };

  let D: string[] = [];
  let circleId = '';
  let owner: LoginResponse & { api: ApiClient };
  let a1: LoginResponse & { api: ApiClient };
  let poster = { code: '', id: '' };
  let eventId = '';
  let b1: LoginResponse & { api: ApiClient };
  let firstPostId = '';
  let startMs = 0;

  beforeAll(async () => {
    // Day 0: a Monday, 10:00 in China, early enough in its month that the two weeks stay inside it.
    let t = await serverNow();
    const chinaMidnight = (ms: number) => Math.floor((ms + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS;
    t = chinaMidnight(t) + DAY_MS + 10 * 3_600_000;
    while (new Date(t + SHANGHAI_MS).getUTCDay() !== 1 || new Date(t + SHANGHAI_MS).getUTCDate() > 18) t += DAY_MS;
    const start = t;
    startMs = t;
    D = Array.from({ length: 14 }, (_, i) => dayOf(start + i * DAY_MS));
    await toDay(start, 0);

    owner = await login('圈主');
    circleId = (await owner.api.createCircle({ name: '创业者俱乐部', joinPolicy: 'open' })).id;
    const roadshow = await owner.api.createInvite(circleId, { channel: '路演海报' });
    const wechatArticle = await owner.api.createInvite(circleId, { channel: '公众号' });
    poster = { code: roadshow.code, id: roadshow.id };

    a1 = await login('阿一');
    const a2 = await login('阿二');
    b1 = await login('小北');
    const d1 = await login('直达');
    await sendRaw(stack.baseUrl, 'GET', `/api/invites/${roadshow.code}`, { headers: { 'user-agent': 'anon-phone' } });
    await a1.api.openInvite(roadshow.code);
    await a2.api.openInvite(roadshow.code);
    await b1.api.openInvite(wechatArticle.code);
    await a1.api.joinCircle(circleId, { inviteCode: roadshow.code });
    await a2.api.joinCircle(circleId, { inviteCode: roadshow.code });
    await b1.api.joinCircle(circleId, { inviteCode: wechatArticle.code });
    await d1.api.joinCircle(circleId);
    const post = await a1.api.createPost(circleId, { text: '大家好，我是阿一' });
    firstPostId = post.id;
    await b1.api.createPost(circleId, { text: '公众号来的' });
    await a2.api.likePost(post.id);

    // Day 1: a personal referral, a comment, an event viewed by three and signed up by two.
    await toDay(start, 1);
    const personal = await a1.api.myInvite(circleId);
    const p1 = await login('朋友');
    await p1.api.openInvite(personal.code);
    await p1.api.joinCircle(circleId, { inviteCode: personal.code });
    await a1.api.createComment(post.id, { text: '欢迎' });
    const event = await owner.api.createEvent(circleId, {
      title: '路演日',
      mode: 'offline',
      location: '创业大街',
      startAt: new Date(start + 9 * DAY_MS).toISOString(),
      endAt: new Date(start + 9 * DAY_MS + 3_600_000).toISOString(),
      ticketTypes: [{ name: '免费票', priceFen: 0, quota: 10 }],
      status: 'published',
    });
    eventId = event.id;
    for (const m of [a1, b1, d1]) await m.api.getEvent(event.id);
    const ticket = await a1.api.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    await b1.api.register(event.id, { ticketTypeId: event.ticketTypes[0].id });

    // Day 8 (week 1): a post, a vote and a check-in; day 9: a2 leaves.
    await toDay(start, 8);
    await a1.api.createPost(circleId, { text: '第二周' });
    const poll = await owner.api.createPoll(circleId, {
      title: '下次聚会？',
      kind: 'poll',
      resultsVisibility: 'always',
      questions: [{ type: 'single', title: '周几', required: true, options: [{ label: '周六' }, { label: '周日' }] }],
    });
    const q = poll.questions[0];
    await b1.api.respondToPoll(poll.id, { answers: [{ questionId: q.id, optionIds: [q.options[0].id] }] });
    await owner.api.checkIn(event.id, { ticketCode: ticket.ticketCode! });
    await toDay(start, 9);
    await a2.api.leaveCircle(circleId);
  }, 120_000);

  test('overview: growth by channel with leavers and totals, DAU/WAU/MAU, content per day, stickiness', async () => {
    const o = await owner.api.analyticsOverview(circleId, { from: D[0], to: D[9] });
    expect(o.members).toMatchObject({ total: 5, pending: 0 });
    const growth = Object.fromEntries(o.members.newByDay.map((g) => [g.day, g]));
    expect(growth[D[0]]).toEqual({
      day: D[0],
      count: 4,
      byChannel: { 路演海报: 2, 公众号: 1, 直接加入: 1 },
      left: 0,
      total: 5,
    });
    expect(growth[D[1]]).toMatchObject({ count: 1, byChannel: { 成员邀请: 1 }, total: 6 });
    expect(growth[D[9]]).toMatchObject({ count: 0, left: 1, total: 5 });
    expect(o.members.newByDay.map((g) => g.total)).toEqual([5, 6, 6, 6, 6, 6, 6, 6, 6, 5]);

    const dau = Object.fromEntries(o.active.byDay.map((d) => [d.day, d.dau]));
    expect([dau[D[0]], dau[D[1]], dau[D[2]], dau[D[8]], dau[D[9]]]).toEqual([3, 2, 0, 2, 0]);
    expect(o.active).toMatchObject({ wau: 2, mau: 3, stickiness: 0.23 }); // (3+2+2)/10 days ÷ 3
    const content = Object.fromEntries(o.content.byDay.map((c) => [c.day, c]));
    expect(content[D[0]]).toEqual({ day: D[0], posts: 2, comments: 0, likes: 1, votes: 0, signups: 0, checkins: 0 });
    expect(content[D[1]]).toMatchObject({ comments: 1, signups: 2 });
    expect(content[D[8]]).toMatchObject({ posts: 1, votes: 1, checkins: 1 });

    // A narrower range: the totals are walked back from today's count.
    const week1 = await owner.api.analyticsOverview(circleId, { from: D[7], to: D[9] });
    expect(week1.members.newByDay.map((g) => [g.total, g.left])).toEqual([
      [6, 0],
      [6, 0],
      [5, 1],
    ]);
    expect(week1.active.wau).toBe(2);
  });

  test('channels: clicks, joins, join rate, still active after 7 days, signups and check-ins per invite link', async () => {
    const { items } = await owner.api.analyticsChannels(circleId, { from: D[0], to: D[9] });
    expect(items.map((i) => i.channel)).toEqual(['路演海报', '公众号', '成员邀请', '直接加入']);
    expect(items[0]).toEqual({
      channel: '路演海报',
      inviteId: poster.id,
      inviteCode: poster.code,
      clicks: 3,
      joins: 2,
      joinRate: 0.67,
      activeD7: 1,
      activeD30: 0,
      signups: 1,
      checkins: 1,
      paidFen: 0,
    });
    expect(items[1]).toMatchObject({ clicks: 1, joins: 1, joinRate: 1, activeD7: 1, signups: 1, checkins: 0 });
    expect(items[2]).toMatchObject({ clicks: 1, joins: 1, activeD7: 0, signups: 0 });
    expect(items[3]).toMatchObject({ clicks: 0, joins: 1, joinRate: 0, activeD7: 0 });
    // Joins on day 0 fall outside a range starting on day 1.
    const later = await owner.api.analyticsChannels(circleId, { from: D[1], to: D[9] });
    expect(later.items[0]).toMatchObject({ joins: 0, activeD7: 0, signups: 1, checkins: 1 });
  });

  test('retention: weekly cohorts × weeks since joining, overall and for one channel', async () => {
    const all = await owner.api.analyticsRetention(circleId, { from: D[0], to: D[9] });
    expect(all.cohorts).toEqual([{ week: D[0], size: 5, retained: [0.6, 0.4] }]);
    const poster = await owner.api.analyticsRetention(circleId, { from: D[0], to: D[9], channel: '路演海报' });
    expect(poster.cohorts).toEqual([{ week: D[0], size: 2, retained: [1, 0.5] }]);
    const none = await owner.api.analyticsRetention(circleId, { from: D[0], to: D[9], channel: '没有的渠道' });
    expect(none.cohorts).toEqual([]);
  });

  test('event funnel: viewed → signed up → confirmed → paid → checked in, overall and per invite code', async () => {
    expect(await owner.api.eventFunnel(eventId)).toEqual({
      viewed: 3,
      signedUp: 2,
      confirmed: 2,
      paid: 0,
      checkedIn: 1,
    });
    expect(await owner.api.eventFunnel(eventId, { inviteCode: poster.code })).toEqual({
      viewed: 1,
      signedUp: 1,
      confirmed: 1,
      paid: 0,
      checkedIn: 1,
    });
  });

  test('members and admins of other circles are refused; platform admins read every circle', async () => {
    const range = { from: D[0], to: D[9] };
    const member = await expectApiError(a1.api.analyticsOverview(circleId, range), 403);
    expect(member.code).toBe(ErrorCode.FORBIDDEN);
    await expectApiError(a1.api.analyticsChannels(circleId, range), 403);
    await expectApiError(a1.api.analyticsRetention(circleId, range), 403);
    await expectApiError(a1.api.eventFunnel(eventId), 403);

    const otherOwner = await login('别的圈主');
    await otherOwner.api.createCircle({ name: '别的圈', joinPolicy: 'open' });
    await expectApiError(otherOwner.api.analyticsOverview(circleId, range), 403);
    await expectApiError(otherOwner.api.eventFunnel(eventId), 403);

    const platform = stack.as((await stack.api.loginWechat({ code: platformAdminCode })).token);
    expect((await platform.analyticsOverview(circleId, range)).members.total).toBe(5);
    expect((await platform.eventFunnel(eventId)).checkedIn).toBe(1);

    const bad = await expectApiError(owner.api.analyticsOverview(circleId, { from: D[9], to: D[0] }), 400);
    expect(bad.code).toBe(ErrorCode.VALIDATION_FAILED);
    await expectApiError(owner.api.analyticsOverview('000000000000000000000000', range), 404);
  });

  test('engagement: RFM scores, segments and explanations; KOC ranks personal referral reach, not admin links', async () => {
    // Day 10: 小北's personal link brings 小秋, who likes a post; scores are computed on day 16.
    await toDay(startMs, 10);
    const q1 = await login('小秋');
    await q1.api.joinCircle(circleId, { inviteCode: (await b1.api.myInvite(circleId)).code });
    await q1.api.likePost(firstPostId);
    await toDay(startMs, 16);

    expect(await owner.api.recomputeEngagement(circleId)).toMatchObject({ members: 6 });
    const view = async (userId: string) => owner.api.memberEngagement(circleId, userId);
    expect(await view(a1.user.id)).toMatchObject({
      score: 81,
      segment: '核心成员',
      recency: 8,
      frequency: 18,
      contribution: 7,
      counts30: { checkins: 1, posts: 2, signups: 1, comments: 1, votes: 0, likes: 0 },
      invitees: 1,
      activeInvitees: 0,
      explanation: '近30天签到1次、发帖2条、报名1次、评论1条，邀请1人',
    });
    expect(await view(b1.user.id)).toMatchObject({
      score: 78,
      segment: '潜力成员',
      explanation: '近30天发帖1条、报名1次、投票1次，邀请1人仍活跃',
    });
    expect(await view(q1.user.id)).toMatchObject({
      score: 59,
      segment: '新成员',
      explanation: '加入6天的新成员，近30天点赞1次',
    });
    expect(await view(owner.user.id)).toMatchObject({ score: 0, segment: '需唤醒', explanation: '近90天没有互动' });

    // The member list filters by segment and sorts by score, pages included; rows carry both.
    const first = await owner.api.listMembers(circleId, { sort: 'score', limit: 2 });
    expect(first.items.map((m) => [m.nickname, m.score, m.segment])).toEqual([
      ['阿一', 81, '核心成员'],
      ['小北', 78, '潜力成员'],
    ]);
    const second = await owner.api.listMembers(circleId, { sort: 'score', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((m) => [m.nickname, m.score])).toEqual([['小秋', 59], expect.arrayContaining([0])]);
    expect((await owner.api.listMembers(circleId, { segment: '核心成员' })).items.map((m) => m.nickname)).toEqual([
      '阿一',
    ]);
    expect((await owner.api.listMembers(circleId, { segment: '需唤醒' })).items.map((m) => m.nickname).sort()).toEqual(
      ['圈主', '朋友', '直达'].sort(),
    );
    const byJoin = await owner.api.listMembers(circleId);
    expect(byJoin.items.find((m) => m.userId === b1.user.id)).toMatchObject({ score: 78, segment: '潜力成员' });

    // The segment distribution counts the same rows, every segment listed.
    const segments = await owner.api.analyticsSegments(circleId);
    expect(segments.items).toEqual([
      { segment: '核心成员', count: 1 },
      { segment: '潜力成员', count: 1 },
      { segment: '需唤醒', count: 3 },
      { segment: '流失预警', count: 0 },
      { segment: '新成员', count: 1 },
    ]);
    expect(segments.computedAt).toEqual(expect.any(String));

    // The owner's admin links brought three members, yet the owner is no KOC: links are channels.
    const koc = await owner.api.analyticsKoc(circleId);
    expect(koc.items.map((k) => [k.nickname, k.invitees, k.activeInvitees, k.score])).toEqual([
      ['小北', 1, 1, 78],
      ['阿一', 1, 0, 81],
    ]);

    // The export: BOM, one row per active member with join channel, segment, score, last active.
    const csv = await fetch(`${stack.baseUrl}/api/circles/${circleId}/members.csv`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('昵称,加入时间,加入渠道,标签（来源）,分群,评分,最近活跃');
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.startsWith('阿一,'))).toMatch(
      /^阿一,\d{4}-\d\d-\d\d \d\d:\d\d,路演海报,,核心成员,81,\d{4}-/,
    );
    expect(lines.find((l) => l.startsWith('直达,'))).toMatch(/,直接加入,,需唤醒,0,$/);
    const refused = await sendRaw(stack.baseUrl, 'GET', `/api/circles/${circleId}/members.csv`, { token: a1.token });
    expect(refused.status).toBe(403);

    await expectApiError(a1.api.memberEngagement(circleId, b1.user.id), 403);
    await expectApiError(a1.api.analyticsKoc(circleId), 403);
    await expectApiError(a1.api.analyticsSegments(circleId), 403);
    await expectApiError(a1.api.recomputeEngagement(circleId), 403);
    await expectApiError(owner.api.memberEngagement(circleId, '000000000000000000000000'), 404);
  });
});
