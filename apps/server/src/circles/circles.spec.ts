import { getModelToken } from '@nestjs/mongoose';
import type { CircleView, LoginResponse } from '@quanzi/contract';
import type { Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Circle, Membership } from './circles.schema';

describe('circles and memberships', () => {
  let t: TestContext;
  let circles: Model<Circle>;
  let memberships: Model<Membership>;
  const events: DomainEvent[] = [];
  let n = 0;

  const login = (name = `user${(n += 1)}`): Promise<LoginResponse> =>
    t.client().loginWechat({ code: `code-openid-${name}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const countOf = async (id: string) => (await circles.findById(id).lean())!.memberCount;
  const activeRows = (id: string) => memberships.countDocuments({ circleId: id, status: 'active' });
  const newCircle = async (owner: LoginResponse, joinPolicy: 'open' | 'approval' | 'invite', name = '城市咖啡研究所') =>
    as(owner).createCircle({ name, description: '每周一起探店', joinPolicy });

  beforeAll(async () => {
    t = await startTestApp();
    circles = t.app.get(getModelToken(Circle.name));
    memberships = t.app.get(getModelToken(Membership.name));
    const bus = t.app.get(DomainEventBus);
    for (const name of ['member.joined', 'member.left'] as const) bus.subscribe(name, (e) => void events.push(e));
  });
  afterAll(() => t.close());

  it('creates a circle whose creator is its owner, and lists it in discover and my circles', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    expect(circle).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: '城市咖啡研究所',
      description: '每周一起探店',
      coverUrl: null,
      joinPolicy: 'open',
      memberCount: 1,
      ownerId: owner.user.id,
      createdAt: expect.any(String),
      myMembership: { status: 'active', role: 'owner', joinedAt: expect.any(String) },
      visibility: 'public',
      directoryEnabled: false,
    });
    const discover = await as(owner).listCircles();
    expect(discover.items.map((c) => c.id)).toContain(circle.id);
    const mine = await as(owner).myCircles();
    expect(mine.items).toEqual([circle]);
    const stranger = await login();
    const seen = await as(stranger).getCircle(circle.id);
    expect(seen).toEqual({ ...circle, myMembership: null });
    expect((await as(stranger).myCircles()).items).toEqual([]);
  });

  it('refuses bad input with 400 VALIDATION_FAILED and per-field details, creating nothing', async () => {
    const owner = await login();
    const before = await circles.countDocuments();
    const res = await t.request('POST', '/api/circles', {
      token: owner.token,
      body: { name: 'x'.repeat(31), joinPolicy: 'secret', coverUrl: 'javascript:alert(1)' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['coverUrl', 'joinPolicy', 'name']);
    expect(
      (await t.request('POST', '/api/circles', { token: owner.token, body: { name: '   ', joinPolicy: 'open' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await t.request('POST', '/api/circles', {
          token: owner.token,
          body: { name: 'ok', joinPolicy: 'open', memberCount: 99 },
        })
      ).status,
    ).toBe(400);
    expect((await t.request('GET', '/api/circles?limit=0', { token: owner.token })).status).toBe(400);
    expect((await t.request('GET', '/api/circles?cursor=forged', { token: owner.token })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'cursor' }],
    });
    expect(await circles.countDocuments()).toBe(before);
  });

  it('answers 401 without a token on every circle route but 发现', async () => {
    const id = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const routes: [string, string][] = [
      ['POST', '/api/circles'],
      ['GET', `/api/circles/${id}`],
      ['PATCH', `/api/circles/${id}`],
      ['POST', `/api/circles/${id}/join`],
      ['POST', `/api/circles/${id}/leave`],
      ['GET', `/api/circles/${id}/members`],
      ['POST', `/api/circles/${id}/members/${id}/approve`],
      ['POST', `/api/circles/${id}/members/${id}/reject`],
      ['PATCH', `/api/circles/${id}/members/${id}`],
      ['DELETE', `/api/circles/${id}/members/${id}`],
      ['GET', '/api/me/circles'],
    ];
    for (const [method, url] of routes) {
      const res = await t.request(method, url, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect([url, res.status]).toEqual([url, 401]);
    }
  });

  it('joins an open circle at once; a second join returns the existing membership', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const member = await login();
    events.length = 0;
    const first = await as(member).joinCircle(circle.id);
    expect(first).toEqual({ status: 'active', role: 'member', joinedAt: expect.any(String) });
    const second = await as(member).joinCircle(circle.id);
    expect(second).toEqual(first);
    expect(await memberships.countDocuments({ circleId: circle.id, userId: member.user.id })).toBe(1);
    expect(await countOf(circle.id)).toBe(2);
    expect(events.map((e) => [e.name, e.payload.actorId])).toEqual([['member.joined', member.user.id]]);
    expect(events[0].payload).toMatchObject({ circleId: circle.id, inviteCode: null, inviterId: null, channel: null });
    expect((await as(member).getCircle(circle.id)).myMembership).toEqual(first);
  });

  it("keeps an approval circle's request pending until an admin approves or rejects it", async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'approval', '周末徒步俱乐部');
    const [a, b] = [await login(), await login()];
    expect(await as(a).joinCircle(circle.id)).toEqual({ status: 'pending', role: 'member', joinedAt: null });
    expect(await as(a).joinCircle(circle.id)).toMatchObject({ status: 'pending' });
    await as(b).joinCircle(circle.id);
    expect(await countOf(circle.id)).toBe(1);

    const pending = await as(owner).listMembers(circle.id, { status: 'pending' });
    expect(pending.items.map((m) => m.userId).sort()).toEqual([a.user.id, b.user.id].sort());
    expect(pending.items[0]).toMatchObject({
      status: 'pending',
      role: 'member',
      nickname: expect.any(String),
      via: { inviteCode: null, inviterId: null, channel: null },
      tags: [],
    });

    events.length = 0;
    const approved = await as(owner).approveMember(circle.id, a.user.id);
    expect(approved).toMatchObject({ userId: a.user.id, status: 'active', joinedAt: expect.any(String) });
    expect(events.map((e) => e.name)).toEqual(['member.joined']);
    const rejected = await as(owner).rejectMember(circle.id, b.user.id);
    expect(rejected.status).toBe('rejected');
    expect(await countOf(circle.id)).toBe(2);
    // Approving twice is a conflict, not a second count.
    expect(
      (
        await t.request('POST', `/api/circles/${circle.id}/members/${a.user.id}/approve`, {
          token: owner.token,
          body: {},
        })
      ).status,
    ).toBe(409);
    expect(await countOf(circle.id)).toBe(2);
    // A rejected user may ask again; the request waits again, and can be withdrawn.
    expect(await as(b).joinCircle(circle.id)).toMatchObject({ status: 'pending' });
    expect(await as(b).leaveCircle(circle.id)).toMatchObject({ status: 'left' });
    expect(await countOf(circle.id)).toBe(2);
    expect((await as(owner).listMembers(circle.id, { status: 'pending' })).items).toEqual([]);
  });

  it('refuses to join an invite-only circle without a valid code', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'invite');
    const user = await login();
    for (const body of [{}, { inviteCode: 'NOPE123' }]) {
      const res = await t.request('POST', `/api/circles/${circle.id}/join`, { token: user.token, body });
      expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', details: [{ field: 'inviteCode' }] } });
    }
    expect(await memberships.countDocuments({ circleId: circle.id })).toBe(1);
    expect(await countOf(circle.id)).toBe(1);
  });

  it('lets a member leave and re-join; the owner cannot leave', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const member = await login();
    await as(member).joinCircle(circle.id);
    events.length = 0;
    expect(await as(member).leaveCircle(circle.id)).toMatchObject({ status: 'left' });
    expect(events.map((e) => e.name)).toEqual(['member.left']);
    expect(await countOf(circle.id)).toBe(1);
    expect(await as(member).leaveCircle(circle.id)).toMatchObject({ status: 'left' });
    expect(await countOf(circle.id)).toBe(1);
    expect(await as(member).joinCircle(circle.id)).toMatchObject({ status: 'active' });
    expect(await countOf(circle.id)).toBe(2);
    expect(await memberships.countDocuments({ circleId: circle.id, userId: member.user.id })).toBe(1);

    const res = await t.request('POST', `/api/circles/${circle.id}/leave`, { token: owner.token, body: {} });
    expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await countOf(circle.id)).toBe(2);
    expect(
      (await t.request('POST', `/api/circles/${circle.id}/leave`, { token: (await login()).token, body: {} })).status,
    ).toBe(404);
  });

  it('removes members (admins), sends a removed member back through approval, and protects the owner', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const [admin, m1, m2] = [await login(), await login(), await login()];
    for (const u of [admin, m1, m2]) await as(u).joinCircle(circle.id);
    await as(owner).updateMemberRole(circle.id, admin.user.id, { role: 'admin' });
    expect(await countOf(circle.id)).toBe(4);

    expect(await as(admin).removeMember(circle.id, m1.user.id)).toMatchObject({ status: 'removed' });
    expect(await countOf(circle.id)).toBe(3);
    // Removing again changes nothing.
    expect(
      (await t.request('DELETE', `/api/circles/${circle.id}/members/${m1.user.id}`, { token: admin.token })).status,
    ).toBe(409);
    expect(await countOf(circle.id)).toBe(3);
    // Open circle, but a removed member needs approval to come back.
    expect(await as(m1).joinCircle(circle.id)).toMatchObject({ status: 'pending' });
    expect(await countOf(circle.id)).toBe(3);

    const ownerRemoval = await t.request('DELETE', `/api/circles/${circle.id}/members/${owner.user.id}`, {
      token: admin.token,
    });
    expect(ownerRemoval).toMatchObject({ status: 403 });
    const selfRemoval = await t.request('DELETE', `/api/circles/${circle.id}/members/${owner.user.id}`, {
      token: owner.token,
    });
    expect(selfRemoval.status).toBe(403);
    // An admin cannot remove another admin; the owner can.
    await as(owner).updateMemberRole(circle.id, m2.user.id, { role: 'admin' });
    expect(
      (await t.request('DELETE', `/api/circles/${circle.id}/members/${m2.user.id}`, { token: admin.token })).status,
    ).toBe(403);
    expect(await as(owner).removeMember(circle.id, m2.user.id)).toMatchObject({ status: 'removed', role: 'member' });
    expect(await countOf(circle.id)).toBe(2);
    expect(await countOf(circle.id)).toBe(await activeRows(circle.id));
  });

  it('lets only the owner change roles, and only member ↔ admin', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const [admin, member] = [await login(), await login()];
    await as(admin).joinCircle(circle.id);
    await as(member).joinCircle(circle.id);
    expect(await as(owner).updateMemberRole(circle.id, admin.user.id, { role: 'admin' })).toMatchObject({
      role: 'admin',
    });
    const byAdmin = await t.request('PATCH', `/api/circles/${circle.id}/members/${member.user.id}`, {
      token: admin.token,
      body: { role: 'admin' },
    });
    expect(byAdmin).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const toOwner = await t.request('PATCH', `/api/circles/${circle.id}/members/${member.user.id}`, {
      token: owner.token,
      body: { role: 'owner' },
    });
    expect(toOwner.status).toBe(400);
    const ownerSelf = await t.request('PATCH', `/api/circles/${circle.id}/members/${owner.user.id}`, {
      token: owner.token,
      body: { role: 'member' },
    });
    expect(ownerSelf.status).toBe(403);
    expect((await memberships.findOne({ circleId: circle.id, userId: member.user.id }).lean())!.role).toBe('member');
    expect(await as(owner).updateMemberRole(circle.id, admin.user.id, { role: 'member' })).toMatchObject({
      role: 'member',
    });
  });

  it('keeps settings and the member list to admins (403 for members and strangers)', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const member = await login();
    const stranger = await login();
    await as(member).joinCircle(circle.id);
    for (const who of [member, stranger]) {
      expect(
        (await t.request('PATCH', `/api/circles/${circle.id}`, { token: who.token, body: { name: '改名' } })).status,
      ).toBe(403);
      expect((await t.request('GET', `/api/circles/${circle.id}/members`, { token: who.token })).status).toBe(403);
      expect(
        (
          await t.request('POST', `/api/circles/${circle.id}/members/${member.user.id}/approve`, {
            token: who.token,
            body: {},
          })
        ).status,
      ).toBe(403);
      expect(
        (await t.request('DELETE', `/api/circles/${circle.id}/members/${owner.user.id}`, { token: who.token })).status,
      ).toBe(403);
    }
    const updated = await as(owner).updateCircle(circle.id, {
      name: '咖啡研究所',
      joinPolicy: 'approval',
      coverUrl: '/uploads/cover.png',
    });
    expect(updated).toMatchObject({
      name: '咖啡研究所',
      joinPolicy: 'approval',
      coverUrl: '/uploads/cover.png',
      description: '每周一起探店',
      memberCount: 2,
    });
    expect(await as(owner).updateCircle(circle.id, { coverUrl: null })).toMatchObject({ coverUrl: null });
    const bad = await t.request('PATCH', `/api/circles/${circle.id}`, {
      token: owner.token,
      body: { joinPolicy: 'closed', memberCount: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['joinPolicy', 'memberCount']);
    expect((await as(owner).getCircle(circle.id)).joinPolicy).toBe('approval');
    expect((await t.request('GET', '/api/circles/bbbbbbbbbbbbbbbbbbbbbbbb', { token: owner.token })).status).toBe(404);
    expect(
      (await t.request('PATCH', '/api/circles/bbbbbbbbbbbbbbbbbbbbbbbb', { token: owner.token, body: {} })).status,
    ).toBe(404);
  });

  it('searches members by nickname, filters by role, and pages through every member exactly once', async () => {
    const owner = await login();
    const circle = await newCircle(owner, 'open');
    const joined: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const u = await login();
      await as(u).updateMe({ nickname: i % 2 === 0 ? `咖啡控${i}` : `茶友${i}` });
      await as(u).joinCircle(circle.id);
      joined.push(u.user.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(owner).listMembers(circle.id, { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((m) => m.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...joined, owner.user.id].sort());

    const coffee = await as(owner).listMembers(circle.id, { q: '咖啡', limit: 100 });
    expect(coffee.items.map((m) => m.nickname).sort()).toEqual(['咖啡控0', '咖啡控2', '咖啡控4', '咖啡控6']);
    // The search text is literal, not a pattern.
    expect((await as(owner).listMembers(circle.id, { q: '.*' })).items).toEqual([]);
    const owners = await as(owner).listMembers(circle.id, { role: 'owner' });
    expect(owners.items.map((m) => m.userId)).toEqual([owner.user.id]);
    // A tag nobody holds (the tags module's own specs cover real tags) filters everyone out.
    const tagged = await as(owner).listMembers(circle.id, { tagIds: 'cccccccccccccccccccccccc', limit: 100 });
    expect(tagged).toEqual({ items: [], nextCursor: null });
    expect(
      (await t.request('GET', `/api/circles/${circle.id}/members?tagIds=nope`, { token: owner.token })).status,
    ).toBe(400);
  });

  it('keeps memberCount exact under concurrent joins and leaves', async () => {
    const owner = await login();
    const circle: CircleView = await newCircle(owner, 'open');
    const users = await Promise.all(Array.from({ length: 20 }, () => login()));
    await Promise.all(users.map((u) => as(u).joinCircle(circle.id)));
    expect(await countOf(circle.id)).toBe(21);
    await Promise.all(users.slice(0, 10).flatMap((u) => [as(u).leaveCircle(circle.id), as(u).joinCircle(circle.id)]));
    expect(await countOf(circle.id)).toBe(await activeRows(circle.id));
    expect((await as(owner).getCircle(circle.id)).memberCount).toBe(await activeRows(circle.id));
  });
});
