import { getModelToken } from '@nestjs/mongoose';
import type { CircleView, LoginResponse } from '@quanzi/contract';
import { Types, type Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { Circle, Membership } from '../circles/circles.schema';
import { MemberTagsService } from '../tags/member-tags.service';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Invite, InviteClick, InviteRedemption, Referral } from './invites.schema';

describe('invite links: creating, opening, joining through them', () => {
  let t: TestContext;
  let memberships: Model<Membership>;
  let circles: Model<Circle>;
  let invites: Model<Invite>;
  let referrals: Model<Referral>;
  let redemptions: Model<InviteRedemption>;
  let clicks: Model<InviteClick>;
  const events: DomainEvent[] = [];
  let n = 0;

  const login = (name = `inv${(n += 1)}`): Promise<LoginResponse> =>
    t.client().loginWechat({ code: `code-openid-${name}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const countOf = async (id: string) => (await circles.findById(id).lean())!.memberCount;
  const setup = async (
    joinPolicy: 'open' | 'invite' = 'open',
  ): Promise<{ owner: LoginResponse; circle: CircleView }> => {
    const owner = await login();
    return { owner, circle: await as(owner).createCircle({ name: '城市咖啡研究所', joinPolicy }) };
  };
  const join = (who: LoginResponse, circleId: string, inviteCode?: string) =>
    t.request('POST', `/api/circles/${circleId}/join`, { token: who.token, body: inviteCode ? { inviteCode } : {} });

  beforeAll(async () => {
    t = await startTestApp();
    memberships = t.app.get(getModelToken(Membership.name));
    circles = t.app.get(getModelToken(Circle.name));
    invites = t.app.get(getModelToken(Invite.name));
    referrals = t.app.get(getModelToken(Referral.name));
    redemptions = t.app.get(getModelToken(InviteRedemption.name));
    clicks = t.app.get(getModelToken(InviteClick.name));
    const bus = t.app.get(DomainEventBus);
    for (const name of ['invite.clicked', 'invite.joined', 'tag.added', 'member.joined'] as const)
      bus.subscribe(name, (e) => void events.push(e));
  });
  afterAll(() => t.close());

  it('creates admin links with short scene-safe unique codes and lists them with clicks and joins', async () => {
    const { owner, circle } = await setup();
    const tag = await as(owner).createTag(circle.id, { name: '沙龙来客' });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const link = await as(owner).createInvite(circle.id, {
      channel: '线下沙龙',
      tagIds: [tag.id],
      expiresAt,
      maxUses: 50,
      target: { type: 'circle', id: circle.id },
    });
    expect(link).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      code: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      circleId: circle.id,
      kind: 'link',
      channel: '线下沙龙',
      tags: [{ id: tag.id, name: '沙龙来客', color: '#3b82f6' }],
      target: { type: 'circle', id: circle.id },
      inviter: { id: owner.user.id, nickname: expect.any(String), avatarUrl: null },
      expiresAt,
      maxUses: 50,
      clicks: 0,
      joins: 0,
      state: 'open',
      landingPath: `packages/invites/landing/index?code=${link.code}`,
      createdAt: expect.any(String),
    });
    const more = await Promise.all(
      Array.from({ length: 20 }, () => as(owner).createInvite(circle.id, { channel: '公众号' })),
    );
    expect(new Set([link.code, ...more.map((i) => i.code)]).size).toBe(21);
    const page1 = await as(owner).listInvites(circle.id, { limit: 15 });
    const page2 = await as(owner).listInvites(circle.id, { limit: 15, cursor: page1.nextCursor! });
    expect(page2.nextCursor).toBeNull();
    expect([...page1.items, ...page2.items].map((i) => i.id).sort()).toEqual(
      [link.id, ...more.map((i) => i.id)].sort(),
    );
  });

  it('refuses bad invite input with 400 and per-field details, creating nothing', async () => {
    const { owner, circle } = await setup();
    const before = await invites.countDocuments();
    const res = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '', maxUses: 0, expiresAt: 'tomorrow', target: { type: 'shop', id: 'x' }, tagIds: ['nope'] },
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect([...new Set(res.body.details.map((d: { field: string }) => d.field.split('.')[0]))].sort()).toEqual([
      'channel',
      'expiresAt',
      'maxUses',
      'tagIds',
      'target',
    ]);
    const past = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '海报', expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past).toMatchObject({ status: 400, body: { details: [{ field: 'expiresAt' }] } });
    const foreignTag = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '海报', tagIds: [new Types.ObjectId().toHexString()] },
    });
    expect(foreignTag).toMatchObject({ status: 400, body: { details: [{ field: 'tagIds' }] } });
    const otherCircle = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '海报', target: { type: 'circle', id: new Types.ObjectId().toHexString() } },
    });
    expect(otherCircle.status).toBe(400);
    const noSuchEvent = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '海报', target: { type: 'event', id: new Types.ObjectId().toHexString() } },
    });
    expect(noSuchEvent).toMatchObject({
      status: 400,
      body: { details: [{ field: 'target.id', message: '目标活动不存在或不属于本圈子' }] },
    });
    const noSuchPoll = await t.request('POST', `/api/circles/${circle.id}/invites`, {
      token: owner.token,
      body: { channel: '海报', target: { type: 'poll', id: new Types.ObjectId().toHexString() } },
    });
    expect(noSuchPoll).toMatchObject({ status: 400, body: { details: [{ field: 'target.id' }] } });
    expect(await invites.countDocuments()).toBe(before);
    // An event of the circle is a valid target.
    const event = await as(owner).createEvent(circle.id, {
      title: '读书分享会',
      mode: 'offline',
      location: '图书馆',
      startAt: '2031-05-01T06:00:00.000Z',
      endAt: '2031-05-01T08:00:00.000Z',
      ticketTypes: [{ name: '入场票', priceFen: 0, quota: 30 }],
    });
    const toEvent = await as(owner).createInvite(circle.id, {
      channel: '活动海报',
      target: { type: 'event', id: event.id },
    });
    expect(toEvent.target).toEqual({ type: 'event', id: event.id });
  });

  it('joining through a tagged link applies exactly its tags with source invite, records via, the referral and the join', async () => {
    const { owner, circle } = await setup();
    const [salon, other] = [
      await as(owner).createTag(circle.id, { name: '沙龙来客' }),
      await as(owner).createTag(circle.id, { name: '其他' }),
    ];
    const link = await as(owner).createInvite(circle.id, { channel: '线下沙龙', tagIds: [salon.id] });
    const guest = await login();
    events.length = 0;
    expect(await as(guest).joinCircle(circle.id, { inviteCode: link.code })).toMatchObject({ status: 'active' });

    const [member] = (await as(owner).listMembers(circle.id, { tagIds: salon.id })).items;
    expect(member).toMatchObject({
      userId: guest.user.id,
      via: { inviteCode: link.code, inviterId: owner.user.id, channel: '线下沙龙' },
    });
    expect(member.tags).toEqual([
      {
        id: salon.id,
        name: '沙龙来客',
        color: '#3b82f6',
        source: { kind: 'invite', refId: link.id, label: '线下沙龙' },
        at: expect.any(String),
      },
    ]);
    expect((await as(owner).listMembers(circle.id, { tagIds: other.id })).items).toEqual([]);
    expect(await as(owner).getMember(circle.id, guest.user.id)).toEqual(member);
    expect(
      (await t.request('GET', `/api/circles/${circle.id}/members/${guest.user.id}`, { token: guest.token })).status,
    ).toBe(403);
    expect(
      (await as(owner).listMembers(circle.id, { channel: '线下沙龙', inviterId: owner.user.id })).items.map(
        (m) => m.userId,
      ),
    ).toEqual([guest.user.id]);
    expect(await referrals.find({ circleId: circle.id }, { _id: 0, inviterId: 1, inviteeId: 1 }).lean()).toEqual([
      { inviterId: new Types.ObjectId(owner.user.id), inviteeId: new Types.ObjectId(guest.user.id) },
    ]);
    expect((await as(owner).listInvites(circle.id)).items[0]).toMatchObject({ id: link.id, joins: 1 });
    expect(events.map((e) => e.name).sort()).toEqual(['invite.joined', 'member.joined', 'tag.added']);
    expect(events.find((e) => e.name === 'invite.joined')!.payload).toEqual({
      circleId: circle.id,
      actorId: guest.user.id,
      inviteCode: link.code,
      inviterId: owner.user.id,
      channel: '线下沙龙',
    });
    expect(events.find((e) => e.name === 'tag.added')!.payload).toMatchObject({
      userId: guest.user.id,
      tagId: salon.id,
      source: 'invite',
      sourceRefId: link.id,
    });
  });

  it('counts two joins through the same link by the same person once, and does not count self-invites', async () => {
    const { owner, circle } = await setup();
    const tag = await as(owner).createTag(circle.id, { name: '沙龙来客' });
    const link = await as(owner).createInvite(circle.id, { channel: '线下沙龙', tagIds: [tag.id] });
    const guest = await login();
    await as(guest).joinCircle(circle.id, { inviteCode: link.code });
    await as(guest).joinCircle(circle.id, { inviteCode: link.code }); // already active: unchanged
    await as(guest).leaveCircle(circle.id);
    expect(await as(guest).joinCircle(circle.id, { inviteCode: link.code })).toMatchObject({ status: 'active' });
    expect((await invites.findById(link.id).lean())!.joins).toBe(1);
    expect(await redemptions.countDocuments({ inviteId: link.id })).toBe(1);
    expect(await referrals.countDocuments({ circleId: circle.id })).toBe(1);
    expect((await memberships.findOne({ circleId: circle.id, userId: guest.user.id }).lean())!.tags).toHaveLength(1);
    expect(await countOf(circle.id)).toBe(2);

    // A member's own personal link brings nobody when they use it themselves.
    const mine = await as(guest).myInvite(circle.id);
    await as(guest).leaveCircle(circle.id);
    expect(await as(guest).joinCircle(circle.id, { inviteCode: mine.code })).toMatchObject({ status: 'active' });
    expect((await invites.findById(mine.id).lean())!.joins).toBe(0);
    expect(await referrals.countDocuments({ circleId: circle.id, inviterId: guest.user.id })).toBe(0);
  });

  it('answers CLOSED for an expired link, on opening and on joining, and admits nobody', async () => {
    const { owner, circle } = await setup('invite');
    const link = await as(owner).createInvite(circle.id, {
      channel: '限时',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await invites.updateOne({ _id: link.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const guest = await login();
    expect(await t.request('GET', `/api/invites/${link.code}`)).toMatchObject({
      status: 409,
      body: { code: 'CLOSED', message: '邀请链接已过期' },
    });
    expect(await join(guest, circle.id, link.code)).toMatchObject({
      status: 409,
      body: { code: 'CLOSED', message: '邀请链接已过期' },
    });
    expect(await memberships.countDocuments({ circleId: circle.id })).toBe(1);
    expect((await as(owner).listInvites(circle.id)).items[0]).toMatchObject({ state: 'expired', clicks: 0, joins: 0 });
    expect((await t.request('GET', '/api/invites/NoSuchCode1')).status).toBe(404);
    expect((await t.request('GET', '/api/invites/bad-code!')).status).toBe(404);
  });

  it('enforces maxUses atomically: of 6 people joining at once through a 3-use link exactly 3 get in', async () => {
    const { owner, circle } = await setup('invite');
    const tag = await as(owner).createTag(circle.id, { name: '首批' });
    const link = await as(owner).createInvite(circle.id, { channel: '限量', maxUses: 3, tagIds: [tag.id] });
    const people = await Promise.all(Array.from({ length: 6 }, () => login()));
    const results = await Promise.all(people.map((p) => join(p, circle.id, link.code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ code: 'CLOSED', message: '邀请名额已用完' });
    expect((await invites.findById(link.id).lean())!.joins).toBe(3);
    expect(await countOf(circle.id)).toBe(4);
    expect(await memberships.countDocuments({ circleId: circle.id, status: 'active' })).toBe(4);
    expect(await memberships.countDocuments({ circleId: circle.id, 'tags.tagId': new Types.ObjectId(tag.id) })).toBe(3);
    expect(await referrals.countDocuments({ circleId: circle.id })).toBe(3);
    expect(await t.request('GET', `/api/invites/${link.code}`)).toMatchObject({
      status: 409,
      body: { code: 'CLOSED' },
    });
  });

  it('rolls the whole join back when a step inside it fails (no membership without its tags, no counter without its membership)', async () => {
    const { owner, circle } = await setup();
    const tag = await as(owner).createTag(circle.id, { name: '沙龙来客' });
    const link = await as(owner).createInvite(circle.id, { channel: '线下沙龙', tagIds: [tag.id] });
    const guest = await login();
    const tagger = t.app.get(MemberTagsService);
    const spy = jest.spyOn(tagger, 'addTags').mockRejectedValueOnce(new Error('tag write failed'));
    events.length = 0;
    try {
      expect((await join(guest, circle.id, link.code)).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(await memberships.countDocuments({ circleId: circle.id, userId: guest.user.id })).toBe(0);
    expect(await countOf(circle.id)).toBe(1);
    expect((await invites.findById(link.id).lean())!.joins).toBe(0);
    expect(await redemptions.countDocuments({ inviteId: link.id })).toBe(0);
    expect(await referrals.countDocuments({ circleId: circle.id })).toBe(0);
    expect(events).toEqual([]);
    // The same join succeeds afterwards, counted once.
    expect((await join(guest, circle.id, link.code)).status).toBe(200);
    expect((await invites.findById(link.id).lean())!.joins).toBe(1);
  });

  it('counts a click once per visitor per day: by user when logged in, else by address (not user agent)', async () => {
    const { owner, circle } = await setup();
    await as(owner).updateMe({ nickname: '阿杰' });
    const link = await as(owner).createInvite(circle.id, { channel: '朋友圈' });
    const open = (from: { ua: string; ip?: string }, token?: string) =>
      t.request('GET', `/api/invites/${link.code}`, {
        headers: { 'user-agent': from.ua },
        remoteAddress: from.ip,
        token,
      });
    const phoneA = { ua: 'phone-a', ip: '10.0.0.1' };
    events.length = 0;
    const first = await open(phoneA);
    expect(first).toMatchObject({
      status: 200,
      body: {
        code: link.code,
        channel: '朋友圈',
        circle: {
          id: circle.id,
          name: '城市咖啡研究所',
          description: '',
          coverUrl: null,
          memberCount: 1,
          joinPolicy: 'open',
        },
        inviter: { id: owner.user.id, nickname: '阿杰', avatarUrl: null },
        target: null,
      },
    });
    await open(phoneA);
    // A new user agent from the same address is the same anonymous visitor: anyone can change it.
    await open({ ua: 'phone-b', ip: '10.0.0.1' });
    const visitor = await login();
    await open(phoneA, visitor.token);
    await open({ ua: 'other' }, visitor.token);
    await open(phoneA, owner.token); // the inviter's own look does not count
    expect((await invites.findById(link.id).lean())!.clicks).toBe(2);
    expect(events.filter((e) => e.name === 'invite.clicked').map((e) => e.payload.actorId)).toEqual([
      null,
      visitor.user.id,
    ]);
    // The same visitor opening it many times at once still counts once.
    await Promise.all(Array.from({ length: 6 }, () => open({ ua: 'burst', ip: '10.0.0.9' })));
    expect((await invites.findById(link.id).lean())!.clicks).toBe(3);
    // A new (China) day counts again: age the rows by a day.
    await clicks.updateMany({ inviteId: link.id }, { $set: { day: '2000-01-01' } });
    await open(phoneA);
    expect((await as(owner).listInvites(circle.id)).items[0].clicks).toBe(4);
  });

  it('stores a click row only together with its count: a failure between the two writes leaves neither', async () => {
    const { owner, circle } = await setup();
    const link = await as(owner).createInvite(circle.id, { channel: '地推' });
    const visitor = { 'user-agent': 'crash-phone', 'x-forwarded-for': '10.0.0.77' };
    const spy = jest.spyOn(invites, 'updateOne').mockImplementationOnce(() => {
      throw new Error('injected crash before the clicks write');
    });
    try {
      expect((await t.request('GET', `/api/invites/${link.code}`, { headers: visitor })).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(await clicks.countDocuments({ inviteId: link.id })).toBe((await invites.findById(link.id).lean())!.clicks);
    // The visitor coming back is counted, once.
    expect((await t.request('GET', `/api/invites/${link.code}`, { headers: visitor })).status).toBe(200);
    expect(await clicks.countDocuments({ inviteId: link.id })).toBe(1);
    expect((await invites.findById(link.id).lean())!.clicks).toBe(1);
  });

  it('gives each member one stable personal link; members cannot make or list admin links', async () => {
    const { owner, circle } = await setup();
    const member = await login();
    await as(member).joinCircle(circle.id);
    const mine = await Promise.all([
      as(member).myInvite(circle.id),
      as(member).myInvite(circle.id),
      as(member).myInvite(circle.id),
    ]);
    expect(new Set(mine.map((i) => i.code)).size).toBe(1);
    expect(mine[0]).toMatchObject({
      kind: 'personal',
      channel: '成员邀请',
      inviter: { id: member.user.id },
      tags: [],
      maxUses: null,
      expiresAt: null,
    });
    expect((await as(member).myInvite(circle.id)).code).toBe(mine[0].code);
    expect((await as(owner).myInvite(circle.id)).code).not.toBe(mine[0].code);
    expect(await invites.countDocuments({ circleId: circle.id, kind: 'personal' })).toBe(2);

    const stranger = await login();
    const forbidden: [LoginResponse, string, string, unknown?][] = [
      [member, 'POST', `/api/circles/${circle.id}/invites`, { channel: '冒充' }],
      [member, 'GET', `/api/circles/${circle.id}/invites`],
      [member, 'GET', `/api/circles/${circle.id}/referrals/tree`],
      [member, 'GET', `/api/circles/${circle.id}/members?inviterId=${owner.user.id}`],
      [stranger, 'POST', `/api/circles/${circle.id}/invites/mine`, {}],
      [stranger, 'GET', `/api/circles/${circle.id}/referrals/leaderboard`],
    ];
    for (const [who, method, url, body] of forbidden) {
      expect([method, url, (await t.request(method, url, { token: who.token, body })).status]).toEqual([
        method,
        url,
        403,
      ]);
      expect([method, url, (await t.request(method, url, { body })).status]).toEqual([method, url, 401]);
    }
    expect(await invites.countDocuments({ circleId: circle.id, kind: 'link' })).toBe(0);
  });

  it('admits to an invite-only circle with a valid code only', async () => {
    const { owner, circle } = await setup('invite');
    const other = await setup('invite');
    const foreign = await as(other.owner).createInvite(other.circle.id, { channel: '别处' });
    const link = await as(owner).createInvite(circle.id, { channel: '内推' });
    const guest = await login();
    expect((await join(guest, circle.id, foreign.code)).status).toBe(403);
    expect((await join(guest, circle.id, link.code)).status).toBe(200);
    expect(await countOf(circle.id)).toBe(2);
  });
});
