import { getModelToken } from '@nestjs/mongoose';
import type { CircleView, LoginResponse } from '@quanzi/contract';
import { Types, type Model } from 'mongoose';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { Circle, Membership } from '../circles/circles.schema';
import { startTestApp, type TestContext } from '../testing/test-app';

/** Polls until `done` (events published after an answer; slow on a loaded 2-core machine); the assertion that follows decides. */
async function until(done: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('tags: definitions, member tags, bulk tagging and filters', () => {
  let t: TestContext;
  let memberships: Model<Membership>;
  let circles: Model<Circle>;
  let tagger: MemberTagger;
  let uow: UnitOfWork;
  const events: DomainEvent[] = [];
  let n = 0;

  const login = (name = `tagger${(n += 1)}`): Promise<LoginResponse> =>
    t.client().loginWechat({ code: `code-openid-${name}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const setup = async (): Promise<{ owner: LoginResponse; member: LoginResponse; circle: CircleView }> => {
    const owner = await login();
    const circle = await as(owner).createCircle({ name: '标签测试圈', joinPolicy: 'open' });
    const member = await login();
    await as(member).joinCircle(circle.id);
    return { owner, member, circle };
  };

  beforeAll(async () => {
    t = await startTestApp();
    memberships = t.app.get(getModelToken(Membership.name));
    circles = t.app.get(getModelToken(Circle.name));
    uow = t.app.get(UnitOfWork);
    tagger = t.app.get(MEMBER_TAGGER);
    const bus = t.app.get(DomainEventBus);
    for (const name of ['tag.added', 'tag.removed'] as const) bus.subscribe(name, (e) => void events.push(e));
  });
  afterAll(() => t.close());

  it('lets admins create, list, rename and recolour tags; a name is unique in its circle', async () => {
    const { owner, circle } = await setup();
    const vip = await as(owner).createTag(circle.id, { name: ' VIP ', color: '#ff0000' });
    expect(vip).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      circleId: circle.id,
      name: 'VIP',
      color: '#ff0000',
      createdAt: expect.any(String),
    });
    const other = await as(owner).createTag(circle.id, { name: '沙龙来客' });
    expect(other.color).toBe('#3b82f6');
    const dup = await t.request('POST', `/api/circles/${circle.id}/tags`, {
      token: owner.token,
      body: { name: 'VIP' },
    });
    expect(dup).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: [{ field: 'name' }] } });
    const renameClash = await t.request('PATCH', `/api/circles/${circle.id}/tags/${other.id}`, {
      token: owner.token,
      body: { name: 'VIP' },
    });
    expect(renameClash.status).toBe(409);
    expect(await as(owner).updateTag(circle.id, other.id, { name: '线下来客', color: '#00aa00' })).toMatchObject({
      name: '线下来客',
      color: '#00aa00',
    });
    // The same name is fine in another circle.
    const second = await as(owner).createCircle({ name: '别的圈', joinPolicy: 'open' });
    await as(owner).createTag(second.id, { name: 'VIP' });
    expect((await as(owner).listTags(circle.id)).map((tag) => tag.name)).toEqual(['VIP', '线下来客']);
    // Another circle's tag is not found here.
    const foreign = (await as(owner).listTags(second.id))[0];
    expect(
      (
        await t.request('PATCH', `/api/circles/${circle.id}/tags/${foreign.id}`, {
          token: owner.token,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses bad tag input with 400 and per-field details, creating nothing', async () => {
    const { owner, circle } = await setup();
    const res = await t.request('POST', `/api/circles/${circle.id}/tags`, {
      token: owner.token,
      body: { name: 'x'.repeat(17), color: 'red' },
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['color', 'name']);
    const bulk = await t.request('POST', `/api/circles/${circle.id}/members/tags`, {
      token: owner.token,
      body: { userIds: ['nope'], add: [] },
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.details.map((d: { field: string }) => d.field)).toContain('userIds');
    const unknownTag = await t.request('POST', `/api/circles/${circle.id}/members/tags`, {
      token: owner.token,
      body: { userIds: [owner.user.id], add: ['aaaaaaaaaaaaaaaaaaaaaaaa'] },
    });
    expect(unknownTag).toMatchObject({ status: 400, body: { details: [{ field: 'add' }] } });
    const tooMany = await t.request('POST', `/api/circles/${circle.id}/members/tags`, {
      token: owner.token,
      body: {
        userIds: Array.from({ length: 1001 }, () => new Types.ObjectId().toHexString()),
        add: ['aaaaaaaaaaaaaaaaaaaaaaaa'],
      },
    });
    expect(tooMany.status).toBe(400);
    expect(await as(owner).listTags(circle.id)).toEqual([]);
  });

  it('keeps tags to admins: members get 403 on every tag route and the member list, strangers without a token 401', async () => {
    const { owner, member, circle } = await setup();
    const tag = await as(owner).createTag(circle.id, { name: 'VIP' });
    const routes: [string, string, unknown?][] = [
      ['POST', `/api/circles/${circle.id}/tags`, { name: 'x' }],
      ['GET', `/api/circles/${circle.id}/tags`],
      ['PATCH', `/api/circles/${circle.id}/tags/${tag.id}`, { name: 'y' }],
      ['DELETE', `/api/circles/${circle.id}/tags/${tag.id}`],
      ['POST', `/api/circles/${circle.id}/members/tags`, { userIds: [member.user.id], add: [tag.id] }],
      ['GET', `/api/circles/${circle.id}/members?tagIds=${tag.id}&tagMode=any`],
      ['GET', `/api/circles/${circle.id}/members?channel=x&inviterId=${owner.user.id}`],
    ];
    for (const [method, url, body] of routes) {
      expect([url, (await t.request(method, url, { token: member.token, body })).status]).toEqual([url, 403]);
      expect([url, (await t.request(method, url, { body })).status]).toEqual([url, 401]);
    }
    expect((await as(owner).listTags(circle.id)).map((x) => x.name)).toEqual(['VIP']);
  });

  it('records the admin on manual tags and keeps the first source when a tag is given again', async () => {
    const { owner, member, circle } = await setup();
    await as(owner).updateMe({ nickname: '圈主大人' });
    const tag = await as(owner).createTag(circle.id, { name: '核心成员' });
    events.length = 0;
    expect(await as(owner).bulkTagMembers(circle.id, { userIds: [member.user.id], add: [tag.id] })).toEqual({
      members: 1,
      added: 1,
      removed: 0,
    });
    await until(() => events.length >= 1);
    // A later grant from another source does not replace the first one.
    await tagger.addTags(circle.id, member.user.id, [tag.id], {
      kind: 'rule',
      refId: new Types.ObjectId().toHexString(),
      label: '签到3次',
    });
    expect(await as(owner).bulkTagMembers(circle.id, { userIds: [member.user.id], add: [tag.id] })).toEqual({
      members: 1,
      added: 0,
      removed: 0,
    });
    const [view] = (await as(owner).listMembers(circle.id, { tagIds: tag.id })).items;
    expect(view.userId).toBe(member.user.id);
    expect(view.tags).toEqual([
      {
        id: tag.id,
        name: '核心成员',
        color: '#3b82f6',
        source: { kind: 'manual', refId: owner.user.id, label: '圈主大人' },
        at: expect.any(String),
      },
    ]);
    expect(events.map((e) => [e.name, e.payload])).toEqual([
      [
        'tag.added',
        {
          circleId: circle.id,
          actorId: owner.user.id,
          userId: member.user.id,
          tagId: tag.id,
          source: 'manual',
          sourceRefId: owner.user.id,
        },
      ],
    ]);
  });

  it('writes nothing and publishes nothing when the transaction that added a tag aborts', async () => {
    const { owner, member, circle } = await setup();
    const tag = await as(owner).createTag(circle.id, { name: '回滚' });
    events.length = 0;
    await expect(
      uow.run(async (session) => {
        await tagger.addTags(
          circle.id,
          member.user.id,
          [tag.id],
          { kind: 'event', refId: null, label: '读书会' },
          session,
        );
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await memberships.findOne({ circleId: circle.id, userId: member.user.id }).lean())!.tags).toEqual([]);
    // A committed one is published before the unit of work returns.
    await uow.run((session) =>
      tagger.addTags(circle.id, member.user.id, [tag.id], { kind: 'event', refId: null, label: '读书会' }, session),
    );
    expect(events.map((e) => e.name)).toEqual(['tag.added']);
    await expect(tagger.assertTagsExist(circle.id, [tag.id, 'bbbbbbbbbbbbbbbbbbbbbbbb'])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('tags 1,000 members in one call and filters them by all-of / any-of tags, channel and inviter', async () => {
    const { owner, circle } = await setup();
    const [a, b, c] = [
      await as(owner).createTag(circle.id, { name: 'A' }),
      await as(owner).createTag(circle.id, { name: 'B' }),
      await as(owner).createTag(circle.id, { name: 'C' }),
    ];
    const inviter = new Types.ObjectId();
    const now = new Date();
    // Members inserted directly: the point here is the tagging and the filters, not 1,000 logins.
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      circleId: new Types.ObjectId(circle.id),
      userId: new Types.ObjectId(),
      role: 'member',
      status: 'active',
      via:
        i % 2 === 0
          ? { inviteCode: 'CODE123', inviterId: inviter, channel: '线下沙龙' }
          : { inviteCode: null, inviterId: null, channel: null },
      requestedAt: now,
      joinedAt: now,
      tags: [],
    }));
    await memberships.insertMany(rows);
    const ids = rows.map((r) => r.userId.toHexString());
    const first1000 = ids.slice(0, 1000);
    events.length = 0;
    expect(await as(owner).bulkTagMembers(circle.id, { userIds: first1000, add: [a.id, b.id] })).toEqual({
      members: 1000,
      added: 2000,
      removed: 0,
    });
    // Bulk events are published after the answer; they all arrive.
    await until(() => events.filter((e) => e.name === 'tag.added').length >= 2000);
    expect(events.filter((e) => e.name === 'tag.added')).toHaveLength(2000);
    expect(
      await as(owner).bulkTagMembers(circle.id, {
        userIds: ids.slice(900, 1200).concat(owner.user.id, new Types.ObjectId().toHexString()),
        add: [c.id],
        remove: [b.id],
      }),
    ).toEqual({ members: 301, added: 301, removed: 100 });

    const all = async (query: Record<string, string>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await as(owner).listMembers(circle.id, { ...query, limit: 100, cursor });
        seen.push(...page.items.map((m) => m.userId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen.sort();
    };
    const sorted = (list: string[]) => [...list].sort();
    expect(await all({ tagIds: a.id })).toEqual(sorted(first1000));
    expect(await all({ tagIds: `${a.id},${b.id}` })).toEqual(sorted(ids.slice(0, 900)));
    expect(await all({ tagIds: `${a.id},${c.id}`, tagMode: 'all' })).toEqual(sorted(ids.slice(900, 1000)));
    expect(await all({ tagIds: `${b.id},${c.id}`, tagMode: 'any' })).toEqual(
      sorted([...ids.slice(0, 1200), owner.user.id]),
    );
    expect(await all({ tagIds: c.id, channel: '线下沙龙' })).toEqual(
      sorted(ids.slice(900, 1200).filter((_, i) => (900 + i) % 2 === 0)),
    );
    expect(await all({ inviterId: inviter.toHexString(), tagIds: b.id })).toEqual(
      sorted(ids.slice(0, 900).filter((_, i) => i % 2 === 0)),
    );
    expect((await memberships.findOne({ userId: rows[0].userId }).lean())!.tags.map((g) => g.source.kind)).toEqual([
      'manual',
      'manual',
    ]);
    expect(await circles.countDocuments({ _id: circle.id })).toBe(1);
  }, 150_000);

  it('gives each member a tag once when two admins bulk-tag the same members at the same time', async () => {
    const { owner, circle } = await setup();
    const admin = await login();
    await as(admin).joinCircle(circle.id);
    await as(owner).updateMemberRole(circle.id, admin.user.id, { role: 'admin' });
    const members = await Promise.all(Array.from({ length: 12 }, () => login()));
    for (const m of members) await as(m).joinCircle(circle.id);
    const tag = await as(owner).createTag(circle.id, { name: '并发' });
    const userIds = members.map((m) => m.user.id);
    const [x, y] = await Promise.all([
      as(owner).bulkTagMembers(circle.id, { userIds, add: [tag.id] }),
      as(admin).bulkTagMembers(circle.id, { userIds, add: [tag.id] }),
    ]);
    expect(x.added + y.added).toBe(12);
    const rows = await memberships.find({ circleId: circle.id, 'tags.tagId': new Types.ObjectId(tag.id) }).lean();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.tags.filter((g) => g.tagId.toHexString() === tag.id).length === 1)).toBe(true);
  });

  it('deleting a tag definition removes it from every member', async () => {
    const { owner, member, circle } = await setup();
    const [keep, drop] = [
      await as(owner).createTag(circle.id, { name: '保留' }),
      await as(owner).createTag(circle.id, { name: '删除' }),
    ];
    await as(owner).bulkTagMembers(circle.id, { userIds: [member.user.id, owner.user.id], add: [keep.id, drop.id] });
    await until(() => events.length >= 4);
    events.length = 0;
    await as(owner).deleteTag(circle.id, drop.id);
    await until(() => events.length >= 2);
    expect(
      events
        .filter((e) => e.name === 'tag.removed')
        .map((e) => (e.payload as { userId: string }).userId)
        .sort(),
    ).toEqual([member.user.id, owner.user.id].sort());
    expect(await memberships.countDocuments({ circleId: circle.id, 'tags.tagId': new Types.ObjectId(drop.id) })).toBe(
      0,
    );
    const members = (await as(owner).listMembers(circle.id)).items;
    expect(members.map((m) => m.tags.map((x) => x.name))).toEqual([['保留'], ['保留']]);
    expect(
      (await t.request('DELETE', `/api/circles/${circle.id}/tags/${drop.id}`, { token: owner.token })).status,
    ).toBe(404);
    expect((await as(owner).listTags(circle.id)).map((x) => x.id)).toEqual([keep.id]);
  });
});
