import type { LoginResponse, NotificationKind, NotificationView } from '@quanzi/contract';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Each kind produced from circle life reaches exactly its recipients, with its link. */
describe('notifications: joins, replies, moderation, polls, event changes, payments, announcements', () => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({ JOBS_POLL_MS: '50' }, 6);
  });
  afterAll(() => w.t.close());

  const everyone = () => [w.owner, w.admin, ...w.members, w.outsider];
  const ofKind = async (who: LoginResponse, kind: NotificationKind): Promise<NotificationView[]> =>
    (await w.as(who).myNotifications({ limit: 50 })).items.filter((n) => n.kind === kind);
  /** The users (by id) holding at least one item of the kind. */
  const reached = async (kind: NotificationKind) => {
    const out: string[] = [];
    for (const who of everyone()) if ((await ofKind(who, kind)).length > 0) out.push(who.user.id);
    return out.sort();
  };
  const ids = (...who: LoginResponse[]) => who.map((u) => u.user.id).sort();
  const signUp = async (who: LoginResponse, eventId: string) => {
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    return w.as(who).register(eventId, { ticketTypeId: typeId });
  };

  it('a join request approved or rejected reaches exactly the member who asked', async () => {
    const circleId = (await w.as(w.owner).createCircle({ name: '需审核的读书会', joinPolicy: 'approval' })).id;
    const [a, b] = w.members;
    await w.as(a).joinCircle(circleId);
    await w.as(b).joinCircle(circleId);
    await w.as(w.owner).approveMember(circleId, a.user.id);
    await w.as(w.owner).rejectMember(circleId, b.user.id);

    expect(await reached('join_approved')).toEqual(ids(a));
    expect(await reached('join_rejected')).toEqual(ids(b));
    const [approved] = await ofKind(a, 'join_approved');
    expect(approved).toMatchObject({ title: '入圈申请已通过', circleId, link: `/pages/circle/index?id=${circleId}` });
    expect((await ofKind(b, 'join_rejected'))[0].title).toBe('入圈申请未通过');
  });

  it('a comment reaches the post’s author, a reply the replied-to member, never the writer', async () => {
    const [a, b, c] = w.members;
    const post = await w.as(a).createPost(w.circleId, { text: '周末一起爬山吗？' });
    await w.as(a).createComment(post.id, { text: '自己先顶一下' }); // to myself: nothing
    expect(await reached('comment_replied')).toEqual([]);

    const top = await w.as(b).createComment(post.id, { text: '我去！' });
    expect(await reached('comment_replied')).toEqual(ids(a));
    const [item] = await ofKind(a, 'comment_replied');
    expect(item).toMatchObject({ title: '有人评论了你的动态', link: `/pages/post/index?id=${post.id}` });
    expect(item.body).toMatch(/评论了你的动态$/);

    // The author answers b: only b hears of it (the author wrote it).
    await w.as(a).createComment(post.id, { text: '好呀', replyToId: top.id });
    expect((await ofKind(b, 'comment_replied')).map((n) => n.title)).toEqual(['有人回复了你的评论']);
    expect(await ofKind(a, 'comment_replied')).toHaveLength(1);

    // c replies to b under a's post: b (the reply) and a (their post) hear of it, once each.
    await w.as(c).createComment(post.id, { text: '带上我', replyToId: top.id });
    expect((await ofKind(b, 'comment_replied')).map((n) => n.title)).toEqual([
      '有人回复了你的评论',
      '有人回复了你的评论',
    ]);
    expect(await ofKind(a, 'comment_replied')).toHaveLength(2);
    expect(await reached('comment_replied')).toEqual(ids(a, b));
  });

  it('pinned, featured and removed by an admin reach the author; their own actions and others reach nobody', async () => {
    const [, , , d] = w.members;
    const post = await w.as(d).createPost(w.circleId, { text: '分享一张照片' });
    await w.as(w.admin).updatePost(post.id, { pinned: true });
    await w.as(w.admin).updatePost(post.id, { pinned: true }); // already pinned: no second item
    await w.as(w.admin).updatePost(post.id, { digest: true });
    expect((await ofKind(d, 'post_pinned')).map((n) => [n.title, n.link])).toEqual([
      ['你的动态被置顶了', `/pages/post/index?id=${post.id}`],
    ]);
    expect((await ofKind(d, 'post_featured')).map((n) => n.title)).toEqual(['你的动态被设为精华']);

    const own = await w.as(w.admin).createPost(w.circleId, { text: '管理员自己的动态' });
    await w.as(w.admin).updatePost(own.id, { pinned: true });
    await w.as(w.admin).deletePost(own.id);
    const mine = await w.as(d).createPost(w.circleId, { text: '我自己删掉' });
    await w.as(d).deletePost(mine.id);

    await w.as(w.admin).deletePost(post.id);
    expect((await ofKind(d, 'post_removed')).map((n) => [n.title, n.link])).toEqual([
      ['你的动态已被删除', `/pages/circle/index?id=${w.circleId}`],
    ]);
    for (const kind of ['post_pinned', 'post_featured', 'post_removed'] as const)
      expect(await reached(kind)).toEqual(ids(d));
  });

  it('a post removed through a report reaches its author', async () => {
    const [, , , , e, f] = w.members;
    const post = await w.as(e).createPost(w.circleId, { text: '广告内容' });
    const report = await w.as(f).reportPost(post.id, { reason: 'spam' });
    await w.as(w.admin).resolveReport(report.id, { action: 'remove' });
    expect(await ofKind(e, 'post_removed')).toHaveLength(1);
    expect(await ofKind(f, 'post_removed')).toEqual([]);
  });

  it('closing a named poll reaches exactly its respondents; an anonymous poll reaches nobody', async () => {
    const [a, b, c] = w.members;
    const question = { type: 'single' as const, title: '去哪儿？', options: [{ label: '香山' }, { label: '八达岭' }] };
    const create = (anonymous: boolean) =>
      w.as(w.admin).createPoll(w.circleId, {
        title: anonymous ? '匿名投票' : '目的地投票',
        kind: 'poll',
        anonymous,
        resultsVisibility: 'after_close',
        questions: [question],
      });
    const answer = (who: LoginResponse, poll: Awaited<ReturnType<typeof create>>) =>
      w.as(who).respondToPoll(poll.id, {
        answers: [{ questionId: poll.questions[0].id, optionIds: [poll.questions[0].options[0].id] }],
      });
    const named = await create(false);
    const anonymous = await create(true);
    await answer(a, named);
    await answer(b, named);
    await answer(c, anonymous);
    await w.as(w.admin).closePoll(named.id);
    await w.as(w.admin).closePoll(named.id); // closing twice announces once
    await w.as(w.admin).closePoll(anonymous.id);

    expect(await reached('poll_closed')).toEqual(ids(a, b));
    expect((await ofKind(a, 'poll_closed')).map((n) => [n.title, n.link])).toEqual([
      ['投票已结束：目的地投票', `/packages/polls/results/index?id=${named.id}`],
    ]);
  });

  it('a poll closing at its deadline reaches its respondents once, at the deadline as it stands then', async () => {
    const [, , , d, e] = w.members;
    const hour = 3600_000;
    const at = (h: number) => new Date(w.t.clock.nowMs() + h * hour).toISOString();
    const poll = await w.as(w.admin).createPoll(w.circleId, {
      title: '周末集合时间',
      kind: 'poll',
      resultsVisibility: 'always',
      closesAt: at(2),
      questions: [{ type: 'single', title: '几点？', options: [{ label: '八点' }, { label: '九点' }] }],
    });
    await w.as(d).respondToPoll(poll.id, {
      answers: [{ questionId: poll.questions[0].id, optionIds: [poll.questions[0].options[1].id] }],
    });
    await w.as(w.admin).updatePoll(poll.id, { closesAt: at(5) }); // moved: the first deadline says nothing
    const mine = async () => (await ofKind(d, 'poll_closed')).filter((n) => n.link?.endsWith(poll.id));

    w.t.clock.advance(3 * hour);
    await w.t.clock.settled();
    await new Promise((r) => setTimeout(r, 200)); // the job runner's poll interval is 50 ms
    expect(await mine()).toEqual([]);

    w.t.clock.advance(2 * hour + 60_000);
    await w.t.clock.settled();
    await waitFor('the deadline notice', async () => (await mine()).length === 1);
    expect((await mine()).map((n) => n.title)).toEqual(['投票已结束：周末集合时间']);
    await w.as(w.admin).closePoll(poll.id); // already closed by its deadline: no second notice
    expect(await mine()).toHaveLength(1);
    expect(await ofKind(e, 'poll_closed')).toEqual([]);
  });

  it('moving an event in time or place reaches its confirmed attendees only, once per change', async () => {
    const [a, b, c] = w.members;
    const eventId = await w.createEvent({ requireApproval: true });
    const ra = await signUp(a, eventId);
    await signUp(b, eventId); // still waiting for approval: not told
    await w.as(w.admin).approveRegistration(ra.id);
    const rc = await signUp(c, eventId);
    await w.as(w.admin).approveRegistration(rc.id);
    await w.as(c).cancelRegistration(rc.id); // gave the seat back: not told

    await w.as(w.admin).updateEvent(eventId, { description: '带水和午饭' }); // neither time nor place
    expect(await reached('event_changed')).toEqual([]);
    await w.as(w.admin).updateEvent(eventId, { startAt: '2030-10-01T02:00:00.000Z' });
    await w.as(w.admin).updateEvent(eventId, { location: '北京植物园南门' });
    expect(await reached('event_changed')).toEqual(ids(a));
    expect((await ofKind(a, 'event_changed')).map((n) => [n.title, n.body, n.link])).toEqual([
      ['活动有变动：香山秋季徒步', '新的地点：北京植物园南门', `/packages/events/detail/index?id=${eventId}`],
      [
        '活动有变动：香山秋季徒步',
        '新的开始时间 2030-10-01 10:00（北京时间）',
        `/packages/events/detail/index?id=${eventId}`,
      ],
    ]);
  });

  it('an event moved earlier is reminded 24 h before its new start, not its old one', async () => {
    const [, , , , , f] = w.members;
    const hour = 3600_000;
    const at = (h: number) => new Date(w.t.clock.nowMs() + h * hour).toISOString();
    const eventId = await w.createEvent({ startAt: at(30), endAt: at(32) });
    await signUp(f, eventId);
    await w.as(w.admin).updateEvent(eventId, { startAt: at(27), endAt: at(29) });
    const reminders = async () =>
      (await ofKind(f, 'event_reminder')).filter((n) => n.link === `/packages/events/detail/index?id=${eventId}`);

    w.t.clock.advance(3 * hour + 60_000); // 24 h before the new start; the old plan said 6 h from now
    await w.t.clock.settled();
    await waitFor('the re-planned 24 h reminder', async () => (await reminders()).length === 1);
    expect((await ofKind(f, 'event_changed')).filter((n) => n.link?.endsWith(eventId))).toHaveLength(1);
  });

  it('a paid order reaches exactly the payer, linking to the ticket', async () => {
    const [, , , , e, f] = w.members;
    const eventId = await w.createEvent({ ticketTypes: [{ name: '付费票', priceFen: 1990, quota: 5 }] });
    const held = await signUp(e, eventId);
    await signUp(f, eventId); // holds a seat, never pays
    const { orderId } = await w.as(e).payRegistration(held.id);
    await w.as(e).devConfirmPayment(orderId!);
    expect(await reached('order_paid')).toEqual(ids(e));
    expect((await ofKind(e, 'order_paid')).map((n) => [n.title, n.body, n.link])).toEqual([
      ['支付成功', '已收到你的付款 ¥19.90。', `/packages/events/ticket/index?id=${held.id}`],
    ]);
  });

  it('a chat announcement reaches the room’s ticket holders, not its author or others', async () => {
    const [, b, , d] = w.members;
    const eventId = await w.createEvent();
    await signUp(b, eventId);
    await signUp(d, eventId);
    await signUp(w.admin, eventId);
    await w.as(w.admin).updateEvent(eventId, { chatEnabled: true });
    await w.as(b).sendChatMessage(eventId, { text: '大家好', clientId: 'hello-1' }); // not an announcement
    expect(await reached('chat_announcement')).toEqual([]);
    await w
      .as(w.admin)
      .sendChatMessage(eventId, { text: '明早八点东门集合', clientId: 'notice-1', announcement: true });
    expect(await reached('chat_announcement')).toEqual(ids(b, d));
    expect((await ofKind(d, 'chat_announcement')).map((n) => [n.title, n.body, n.link])).toEqual([
      ['活动群公告：香山秋季徒步', '明早八点东门集合', `/packages/events/detail/index?id=${eventId}`],
    ]);
  });
});
