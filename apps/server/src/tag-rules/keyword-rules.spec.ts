import type { LoginResponse, TagRuleView } from '@quanzi/contract';
import { Types } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEventMap } from '../bus/domain-events';
import { MEMBER_TAGGER, type MemberTagger, type TagGrantSource } from '../circles/circle-extensions';
import { startTestApp, type TestContext } from '../testing/test-app';

/** Stands in for the tags module: every tag id exists; records every addTags call. */
class RecordingTagger implements MemberTagger {
  readonly calls: { userId: string; tagIds: string[]; source: TagGrantSource }[] = [];
  async assertTagsExist(): Promise<void> {}
  async addTags(_circleId: string, userId: string, tagIds: string[], source: TagGrantSource): Promise<void> {
    this.calls.push({ userId, tagIds, source });
  }
  callsFor(userId: string) {
    return this.calls.filter((c) => c.userId === userId);
  }
}

const newId = () => new Types.ObjectId().toHexString();

describe('keyword tag rules', () => {
  let t: TestContext;
  let bus: DomainEventBus;
  const tagger = new RecordingTagger();
  const RUNNER = newId();
  let owner: LoginResponse;
  let circleId: string;
  let keywordRule: TagRuleView;

  const emit = <K extends keyof DomainEventMap>(name: K, payload: Omit<DomainEventMap[K], 'circleId'>) =>
    bus.publish(name, { circleId, ...payload } as DomainEventMap[K]);
  const post = (actorId: string, text: string, postId = newId()) =>
    emit('post.created', { actorId, postId, text }).then(() => postId);
  const create = (body: Record<string, unknown>) =>
    t.request('POST', `/api/circles/${circleId}/tag-rules`, {
      token: owner.token,
      body: { name: '跑步爱好者', activity: 'keyword', threshold: 1, windowDays: 1, tagId: RUNNER, ...body },
    });

  beforeAll(async () => {
    t = await startTestApp({}, undefined, [{ provide: MEMBER_TAGGER, useValue: tagger }]);
    bus = t.app.get(DomainEventBus);
    owner = await t.client().loginWechat({ code: 'code-openid-keyword-owner' });
    circleId = (await t.client(owner.token).createCircle({ name: '奥森跑团', joinPolicy: 'open' })).id;
    const created = await create({ keywords: [' 跑步 ', 'Run', 'run', 'marathon'] });
    expect(created.status).toBe(201);
    keywordRule = created.body as TagRuleView;
  });
  afterAll(() => t.close());

  it('stores keywords normalized; refuses a keyword rule without keywords and keywords on other rules', async () => {
    expect(keywordRule).toMatchObject({ activity: 'keyword', keywords: ['跑步', 'run', 'marathon'] });
    expect(await create({})).toMatchObject({ status: 400, body: { details: [{ field: 'keywords' }] } });
    expect(await create({ keywords: ['   '] })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'keywords' }] },
    });
    expect(await create({ activity: 'post', keywords: ['跑步'] })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'keywords' }] },
    });
    expect(await create({ keywords: ['x'.repeat(31)] })).toMatchObject({ status: 400 });
    // Editing other fields keeps the keywords; nothing else was created.
    const renamed = await t.client(owner.token).updateTagRule(circleId, keywordRule.id, { name: '跑者' });
    expect(renamed.keywords).toEqual(['跑步', 'run', 'marathon']);
    await t.client(owner.token).updateTagRule(circleId, keywordRule.id, { name: '跑步爱好者' });
    expect((await t.client(owner.token).listTagRules(circleId)).items).toHaveLength(1);
  });

  it('a post containing a Chinese keyword tags its author once, with the post as the source', async () => {
    const user = newId();
    await post(user, '今天去爬山');
    expect(tagger.callsFor(user)).toEqual([]);
    const postId = await post(user, '周末有人一起去奥森跑步吗？');
    expect(tagger.callsFor(user)).toEqual([
      { userId: user, tagIds: [RUNNER], source: { kind: 'message', refId: postId, label: '跑步爱好者：「跑步」' } },
    ]);
    await post(user, '跑步真开心');
    expect(tagger.callsFor(user)).toHaveLength(1);
  });

  it('Latin keywords match whole words in comments and chat messages', async () => {
    const [a, b] = [newId(), newId()];
    const postId = newId();
    await emit('comment.created', {
      actorId: a,
      postId,
      commentId: newId(),
      postAuthorId: newId(),
      replyToUserId: null,
      text: 'I love running',
    });
    expect(tagger.callsFor(a)).toEqual([]);
    const commentId = newId();
    await emit('comment.created', {
      actorId: a,
      postId,
      commentId,
      postAuthorId: newId(),
      replyToUserId: null,
      text: 'Marathon next month!',
    });
    expect(tagger.callsFor(a)).toMatchObject([{ source: { kind: 'message', refId: commentId } }]);
    const messageId = newId();
    await emit('chat.message_sent', { actorId: b, eventId: newId(), messageId, text: '谁周六来 RUN 一圈' });
    expect(tagger.callsFor(b)).toMatchObject([
      { source: { kind: 'message', refId: messageId, label: '跑步爱好者：「run」' } },
    ]);
  });

  it('a disabled rule tags nobody; a post without text (older activity rows) is ignored', async () => {
    await t.client(owner.token).updateTagRule(circleId, keywordRule.id, { enabled: false });
    const user = newId();
    await post(user, 'marathon training');
    await emit('post.created', { actorId: user, postId: newId() });
    expect(tagger.callsFor(user)).toEqual([]);
    await t.client(owner.token).updateTagRule(circleId, keywordRule.id, { enabled: true });
    await emit('post.created', { actorId: user, postId: newId() });
    expect(tagger.callsFor(user)).toEqual([]);
  });

  it('end to end: a real post and a real chat message over the API tag their authors', async () => {
    const poster = await t.client().loginWechat({ code: 'code-openid-keyword-poster' });
    const chatter = await t.client().loginWechat({ code: 'code-openid-keyword-chatter' });
    for (const m of [poster, chatter]) await t.client(m.token).joinCircle(circleId);
    const p = await t.client(poster.token).createPost(circleId, { text: '下个月一起报名 Marathon 吧' });
    expect(tagger.callsFor(poster.user.id)).toMatchObject([{ source: { kind: 'message', refId: p.id } }]);

    const event = await t.client(owner.token).createEvent(circleId, {
      title: '周六晨跑',
      mode: 'offline',
      location: '奥森南门',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T03:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 20 }],
      status: 'published',
    });
    await t.client(owner.token).updateEvent(event.id, { chatEnabled: true });
    await t.client(chatter.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    const sent = await t.client(chatter.token).sendChatMessage(event.id, { text: '明早跑步带水', clientId: 'kw-1' });
    // chat.message_sent is published off the send path: wait for the rule to act.
    for (let i = 0; i < 100 && tagger.callsFor(chatter.user.id).length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tagger.callsFor(chatter.user.id)).toMatchObject([{ source: { kind: 'message', refId: sent.id } }]);
  });
});
