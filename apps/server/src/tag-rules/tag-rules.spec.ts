import type { LoginResponse, TagRuleView } from '@quanzi/contract';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEventMap } from '../bus/domain-events';
import { MEMBER_TAGGER, type MemberTagger, type TagGrantSource } from '../circles/circle-extensions';
import { DomainError } from '../common/domain-error';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Jobs } from '../jobs/jobs.service';
import { TAG_RULE_BACKFILL_JOB } from './tag-rule-backfills';
import { TagRule, TagRuleGrant } from './tag-rules.schema';

/** Stands in for the tags module: knows a few tag ids and records every addTags call. */
class RecordingTagger implements MemberTagger {
  readonly known = new Set<string>();
  readonly calls: { circleId: string; userId: string; tagIds: string[]; source: TagGrantSource }[] = [];
  async assertTagsExist(_circleId: string, tagIds: string[]): Promise<void> {
    if (tagIds.some((id) => !this.known.has(id)))
      throw new DomainError('VALIDATION_FAILED' as never, '标签不存在', [{ field: 'tagIds', message: '标签不存在' }]);
  }
  async addTags(circleId: string, userId: string, tagIds: string[], source: TagGrantSource): Promise<void> {
    this.calls.push({ circleId, userId, tagIds, source });
  }
  callsFor(userId: string) {
    return this.calls.filter((c) => c.userId === userId);
  }
}

const DAY = 86_400_000;
const newId = () => new Types.ObjectId().toHexString();

describe('tag rules', () => {
  let t: TestContext;
  let bus: DomainEventBus;
  const tagger = new RecordingTagger();
  const CORE = newId();
  const ACTIVE = newId();
  let owner: LoginResponse;
  let member: LoginResponse;
  let circleId: string;
  let n = 0;

  const login = (name = `rules${(n += 1)}`) => t.client().loginWechat({ code: `code-openid-${name}` });
  const as = (who: LoginResponse) => t.client(who.token);
  /** A fresh member id: rules count per member, so each scenario gets its own. */
  const someone = async () => {
    const user = await login();
    await as(user).joinCircle(circleId);
    return user.user.id;
  };
  const emit = <K extends keyof DomainEventMap>(
    name: K,
    payload: Omit<DomainEventMap[K], 'circleId'> & { circleId?: string },
    at?: Date,
  ) => bus.publish(name, { circleId, ...payload } as DomainEventMap[K], at);
  const checkin = (userId: string, eventId: string, at?: Date) =>
    emit('checkin.recorded', { actorId: userId, eventId, registrationId: newId(), checkedInBy: owner.user.id }, at);
  const rule = (body: Record<string, unknown>): Promise<TagRuleView> =>
    as(owner).createTagRule(circleId, {
      name: '核心成员',
      activity: 'checkin',
      threshold: 3,
      windowDays: 30,
      tagId: CORE,
      ...body,
    } as never);

  /** Asks for a backfill (202, queued) and waits for its durable job to finish: the rule's final state. */
  const backfilled = async (ruleId: string) => {
    const queued = await as(owner).backfillTagRule(circleId, ruleId);
    expect(queued.status).toMatch(/^(queued|running)$/);
    for (let i = 0; i < 500; i += 1) {
      const view = (await as(owner).listTagRules(circleId)).items.find((r) => r.id === ruleId)?.backfill;
      if (view?.status === 'done') return { membersEvaluated: view.membersEvaluated, newlyTagged: view.newlyTagged };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the backfill job did not finish');
  };

  beforeAll(async () => {
    tagger.known.add(CORE).add(ACTIVE);
    t = await startTestApp({ JOBS_POLL_MS: '20' }, undefined, [{ provide: MEMBER_TAGGER, useValue: tagger }]);
    bus = t.app.get(DomainEventBus);
    owner = await login('rules-owner');
    member = await login('rules-member');
    circleId = (await as(owner).createCircle({ name: '周末徒步俱乐部', joinPolicy: 'open' })).id;
    await as(member).joinCircle(circleId);
  });
  afterAll(() => t.close());

  it('"3 check-ins" fires on the third distinct event only, once, with the rule as source', async () => {
    const r = await rule({});
    const user = await someone();
    const [e1, e2, e3] = [newId(), newId(), newId()];
    await checkin(user, e1);
    await checkin(user, e1); // the same event twice counts once
    await checkin(user, e2);
    expect(tagger.callsFor(user)).toEqual([]);
    await checkin(user, e3);
    expect(tagger.callsFor(user)).toEqual([
      { circleId, userId: user, tagIds: [CORE], source: { kind: 'rule', refId: r.id, label: '核心成员' } },
    ]);
    await checkin(user, newId());
    expect(tagger.callsFor(user)).toHaveLength(1);
    const listed = (await as(owner).listTagRules(circleId)).items.find((x) => x.id === r.id);
    expect(listed?.grantedCount).toBe(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('tags once when the qualifying events arrive in parallel', async () => {
    const r = await rule({ threshold: 2 });
    const user = await someone();
    await Promise.all([checkin(user, newId()), checkin(user, newId()), checkin(user, newId()), checkin(user, newId())]);
    expect(tagger.callsFor(user)).toHaveLength(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('keeps grantedCount equal to the grant rows when counting fails: the claim is undone, a later event grants', async () => {
    const r = await rule({ threshold: 1 });
    const rules = t.app.get<Model<TagRule>>(getModelToken(TagRule.name));
    const grants = t.app.get<Model<TagRuleGrant>>(getModelToken(TagRuleGrant.name));
    const user = await someone();
    const spy = jest.spyOn(rules, 'updateOne').mockImplementationOnce(() => {
      throw new Error('injected crash before the grantedCount write');
    });
    try {
      await checkin(user, newId());
    } finally {
      spy.mockRestore();
    }
    const stored = async () => (await rules.findById(r.id).lean())!.grantedCount;
    expect(await grants.countDocuments({ ruleId: r.id })).toBe(await stored());
    await checkin(user, newId());
    expect(await grants.countDocuments({ ruleId: r.id })).toBe(1);
    expect(await stored()).toBe(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('counts only inside the window of D days', async () => {
    const r = await rule({ threshold: 2, windowDays: 7 });
    const user = await someone();
    const t0 = Date.now() - 30 * DAY;
    await checkin(user, newId(), new Date(t0));
    await checkin(user, newId(), new Date(t0 + 8 * DAY)); // 8 days later: the first fell out
    expect(tagger.callsFor(user)).toEqual([]);
    await checkin(user, newId(), new Date(t0 + 9 * DAY)); // two within 7 days
    expect(tagger.callsFor(user)).toHaveLength(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('"posted on 3 distinct days" counts China-time days, not posts', async () => {
    const r = await rule({
      name: '活跃',
      activity: 'post',
      countBy: 'days',
      threshold: 3,
      windowDays: 7,
      tagId: ACTIVE,
    });
    const user = await someone();
    const post = (iso: string) => emit('post.created', { actorId: user, postId: newId() }, new Date(iso));
    await post('2026-10-01T01:00:00Z'); // 10-01 09:00 in Shanghai
    await post('2026-10-01T05:00:00Z');
    await post('2026-10-01T15:59:00Z'); // still 10-01 (23:59)
    await post('2026-10-01T16:01:00Z'); // 10-02 00:01
    expect(tagger.callsFor(user)).toEqual([]);
    await post('2026-10-07T15:00:00Z'); // 10-07: days 01, 02, 07 all within 7 calendar days
    expect(tagger.callsFor(user)).toEqual([
      expect.objectContaining({ tagIds: [ACTIVE], source: { kind: 'rule', refId: r.id, label: '活跃' } }),
    ]);
    const late = await someone();
    await emit('post.created', { actorId: late, postId: newId() }, new Date('2026-10-01T01:00:00Z'));
    await emit('post.created', { actorId: late, postId: newId() }, new Date('2026-10-02T01:00:00Z'));
    await emit('post.created', { actorId: late, postId: newId() }, new Date('2026-10-08T01:00:00Z')); // 10-01 is outside 10-02..10-08
    expect(tagger.callsFor(late)).toEqual([]);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('narrows to a target: only comments on that post count', async () => {
    const postId = (await as(owner).createPost(circleId, { text: '周末去哪儿？' })).id;
    const r = await rule({ name: '热心回复', activity: 'comment', threshold: 2, target: { type: 'post', id: postId } });
    const user = await someone();
    const comment = (onPost: string) =>
      emit('comment.created', {
        actorId: user,
        postId: onPost,
        commentId: newId(),
        postAuthorId: newId(),
        replyToUserId: null,
      });
    await comment(newId());
    await comment(newId());
    await comment(postId);
    expect(tagger.callsFor(user)).toEqual([]);
    await comment(postId);
    expect(tagger.callsFor(user)).toHaveLength(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('credits invites brought to the inviter, one per invitee, never for self-invites', async () => {
    const r = await rule({ name: '推广达人', activity: 'invite_join', threshold: 2 });
    const inviter = await someone();
    const joined = (actorId: string) =>
      emit('member.joined', { actorId, inviteCode: 'abc', inviterId: inviter, channel: null });
    const invitee = newId();
    await joined(inviter);
    await joined(invitee);
    await joined(invitee);
    expect(tagger.callsFor(inviter)).toEqual([]);
    await joined(newId());
    expect(tagger.callsFor(inviter)).toHaveLength(1);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('does not re-tag history on create or edit; a backfill does, once', async () => {
    const user = await someone();
    for (let i = 0; i < 3; i += 1)
      await emit('registration.confirmed', {
        actorId: user,
        eventId: newId(),
        registrationId: newId(),
        ticketTypeId: newId(),
        priceFen: 0,
      });
    const r = await rule({ name: '报名达人', activity: 'registration', threshold: 3 });
    await as(owner).updateTagRule(circleId, r.id, { threshold: 2 });
    expect(tagger.callsFor(user)).toEqual([]);
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: 1, newlyTagged: 1 });
    expect(tagger.callsFor(user)).toEqual([
      expect.objectContaining({ tagIds: [CORE], source: { kind: 'rule', refId: r.id, label: '报名达人' } }),
    ]);
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: 1, newlyTagged: 0 });
    // A new tag for the rule reaches history only through another backfill.
    await as(owner).updateTagRule(circleId, r.id, { tagId: ACTIVE });
    expect(tagger.callsFor(user)).toHaveLength(1);
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: 1, newlyTagged: 1 });
    expect(tagger.callsFor(user).map((c) => c.tagIds)).toEqual([[CORE], [ACTIVE]]);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('a backfill is one durable job per rule: asking again while it is queued answers the same one', async () => {
    const user = await someone();
    await emit('post.created', { actorId: user, postId: newId() });
    const r = await rule({ name: '发帖达人', activity: 'post', threshold: 1 });
    const jobs = t.app.get(Jobs);
    const [a, b] = await Promise.all([
      as(owner).backfillTagRule(circleId, r.id),
      as(owner).backfillTagRule(circleId, r.id),
    ]);
    expect(b.requestedAt).toBe(a.requestedAt);
    expect((await jobs.list(TAG_RULE_BACKFILL_JOB)).filter((j) => j.uniqueKey === r.id)).toHaveLength(1);
    // Earlier tests left posts of other members in this circle's history: they count too.
    const counts = await backfilled(r.id);
    expect(counts.newlyTagged).toBeGreaterThanOrEqual(1);
    expect(tagger.callsFor(user)).toEqual([expect.objectContaining({ tagIds: [CORE] })]);
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: counts.membersEvaluated, newlyTagged: 0 });
    const done = (await as(owner).listTagRules(circleId)).items.find((x) => x.id === r.id)?.backfill;
    expect(done).toEqual(expect.objectContaining({ status: 'done', error: null, finishedAt: expect.any(String) }));
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('backfill respects the window and ignores other circles', async () => {
    const user = await someone();
    const other = newId();
    const t0 = Date.now() - 100 * DAY;
    await emit('poll.responded', { actorId: user, pollId: newId() }, new Date(t0));
    await emit('poll.responded', { actorId: user, pollId: newId() }, new Date(t0 + 10 * DAY));
    await emit('poll.responded', { actorId: user, pollId: newId(), circleId: other }, new Date(t0 + 11 * DAY));
    const r = await rule({ name: '投票积极', activity: 'poll_response', threshold: 2, windowDays: 5 });
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: 1, newlyTagged: 0 });
    await as(owner).updateTagRule(circleId, r.id, { windowDays: 11 });
    expect(await backfilled(r.id)).toEqual({ membersEvaluated: 1, newlyTagged: 1 });
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('lists newest first with a cursor, edits, deletes; a disabled rule does nothing', async () => {
    const a = await rule({ name: '规则一' });
    const b = await rule({ name: '规则二', enabled: false, threshold: 1 });
    const first = await as(owner).listTagRules(circleId, { limit: 1 });
    expect(first.items.map((x) => x.id)).toEqual([b.id]);
    const second = await as(owner).listTagRules(circleId, { limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((x) => x.id)).toEqual([a.id]);
    const user = await someone();
    await checkin(user, newId());
    expect(tagger.callsFor(user)).toEqual([]);
    const eventId = (
      await as(owner).createEvent(circleId, {
        title: '秋季徒步',
        mode: 'offline',
        location: '香山',
        startAt: '2031-10-01T01:00:00.000Z',
        endAt: '2031-10-01T08:00:00.000Z',
        ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
      })
    ).id;
    // A target must exist in this circle.
    const foreign = await t.request('PATCH', `/api/circles/${circleId}/tag-rules/${a.id}`, {
      token: owner.token,
      body: { target: { type: 'event', id: newId() } },
    });
    expect(foreign).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: [{ field: 'target.id' }] },
    });
    const edited = await as(owner).updateTagRule(circleId, a.id, {
      name: '老朋友',
      countBy: 'days',
      target: { type: 'event', id: eventId },
    });
    expect(edited).toMatchObject({ name: '老朋友', countBy: 'days', threshold: 3, target: { type: 'event' } });
    expect((await as(owner).updateTagRule(circleId, a.id, { activity: 'post' })).target).toBeNull();
    await as(owner).deleteTagRule(circleId, a.id);
    await as(owner).deleteTagRule(circleId, b.id);
    expect(
      (await t.request('DELETE', `/api/circles/${circleId}/tag-rules/${a.id}`, { token: owner.token })).status,
    ).toBe(404);
    expect((await as(owner).listTagRules(circleId)).items).toEqual([]);
  });

  it('refuses bad input with 400 and per-field details, creating nothing', async () => {
    const post = (body: unknown) =>
      t.request('POST', `/api/circles/${circleId}/tag-rules`, { token: owner.token, body });
    const base = { name: '核心成员', activity: 'checkin', threshold: 3, windowDays: 30, tagId: CORE };
    const fields = async (body: unknown) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      return [...new Set(res.body.details.map((d: { field: string }) => d.field))].sort();
    };
    expect(
      await fields({
        ...base,
        name: '  ',
        activity: 'dance',
        threshold: 0,
        windowDays: 366,
        countBy: 'weeks',
        tagId: 'x',
      }),
    ).toEqual(['activity', 'countBy', 'name', 'tagId', 'threshold', 'windowDays']);
    expect(await fields({ ...base, threshold: 2.5 })).toEqual(['threshold']);
    expect(await fields({ ...base, target: { type: 'event', id: 'nope' } })).toEqual(['target.id']);
    expect(await fields({ ...base, target: { type: 'poll', id: newId() } })).toEqual(['target']);
    expect(await fields({ ...base, activity: 'post', target: { type: 'post', id: newId() } })).toEqual(['target']);
    expect(await fields({ ...base, tagId: newId() })).toEqual(['tagId']); // not a tag of this circle
    expect(await fields({ ...base, grantedCount: 5 })).toEqual(['grantedCount']);
    const r = await rule({});
    const patch = await t.request('PATCH', `/api/circles/${circleId}/tag-rules/${r.id}`, {
      token: owner.token,
      body: { threshold: -1 },
    });
    expect([patch.status, patch.body.details?.[0]?.field]).toEqual([400, 'threshold']);
    expect((await as(owner).listTagRules(circleId)).items.map((x) => [x.id, x.threshold])).toEqual([[r.id, 3]]);
    await as(owner).deleteTagRule(circleId, r.id);
  });

  it('is for admins: members get 403, no token 401, on every route', async () => {
    const r = await rule({});
    const base = `/api/circles/${circleId}/tag-rules`;
    const routes: [string, string, unknown][] = [
      ['POST', base, { name: 'x', activity: 'post', threshold: 1, windowDays: 1, tagId: CORE }],
      ['GET', base, undefined],
      ['PATCH', `${base}/${r.id}`, { threshold: 1 }],
      ['DELETE', `${base}/${r.id}`, undefined],
      ['POST', `${base}/${r.id}/backfill`, {}],
    ];
    for (const [method, url, body] of routes) {
      expect([method, url, (await t.request(method, url, { token: member.token, body })).status]).toEqual([
        method,
        url,
        403,
      ]);
      expect([method, url, (await t.request(method, url, { body })).status]).toEqual([method, url, 401]);
    }
    expect((await as(owner).listTagRules(circleId)).items.map((x) => [x.id, x.threshold])).toEqual([[r.id, 3]]);
    await as(owner).deleteTagRule(circleId, r.id);
  });
});
