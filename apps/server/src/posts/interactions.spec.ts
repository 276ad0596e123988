import { getModelToken } from '@nestjs/mongoose';
import type { LoginResponse } from '@quanzi/contract';
import type { Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { UnitOfWork } from '../database/unit-of-work';
import { startTestApp, type TestContext } from '../testing/test-app';
import { CommentsService } from './comments.service';
import { Comment, Like, Post } from './posts.schema';

describe('likes, comments and reports', () => {
  let t: TestContext;
  let posts: Model<Post>;
  let likes: Model<Like>;
  let comments: Model<Comment>;
  const events: DomainEvent[] = [];
  let n = 0;
  let owner: LoginResponse;
  let member: LoginResponse;
  let other: LoginResponse;
  let stranger: LoginResponse;
  let circleId: string;

  const login = (): Promise<LoginResponse> => t.client().loginWechat({ code: `code-openid-fan${(n += 1)}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const stored = async (id: string) => (await posts.findById(id).lean())!;

  beforeAll(async () => {
    t = await startTestApp();
    posts = t.app.get(getModelToken(Post.name));
    likes = t.app.get(getModelToken(Like.name));
    comments = t.app.get(getModelToken(Comment.name));
    const bus = t.app.get(DomainEventBus);
    for (const name of ['post.liked', 'comment.created'] as const) bus.subscribe(name, (e) => void events.push(e));
    [owner, member, other, stranger] = [await login(), await login(), await login(), await login()];
    circleId = (await as(owner).createCircle({ name: '周末徒步俱乐部', joinPolicy: 'approval' })).id;
    for (const u of [member, other]) {
      await as(u).joinCircle(circleId);
      await as(owner).approveMember(circleId, u.user.id);
    }
  });
  afterAll(() => t.close());

  it('likes idempotently: a second like or unlike changes nothing; likedByMe follows', async () => {
    const post = await as(owner).createPost(circleId, { text: '点赞测试' });
    events.length = 0;
    expect(await as(member).likePost(post.id)).toEqual({ liked: true, likeCount: 1 });
    expect(await as(member).likePost(post.id)).toEqual({ liked: true, likeCount: 1 });
    expect(events.map((e) => [e.name, e.payload.actorId])).toEqual([['post.liked', member.user.id]]);
    expect((await as(member).getPost(post.id)).likedByMe).toBe(true);
    expect((await as(owner).getPost(post.id)).likedByMe).toBe(false);
    expect((await as(member).listPosts(circleId)).items.find((p) => p.id === post.id)?.likedByMe).toBe(true);
    expect(await as(member).unlikePost(post.id)).toEqual({ liked: false, likeCount: 0 });
    expect(await as(member).unlikePost(post.id)).toEqual({ liked: false, likeCount: 0 });
    expect(await likes.countDocuments({ postId: post.id })).toBe(0);
    expect((await t.request('POST', `/api/posts/${post.id}/like`, { token: stranger.token, body: {} })).status).toBe(
      403,
    );
    expect((await t.request('POST', `/api/posts/${post.id}/like`, { body: {} })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/posts/dddddddddddddddddddddddd/like', { token: member.token, body: {} })).status,
    ).toBe(404);
  });

  it('counts 50 concurrent likes by 50 users as exactly 50', async () => {
    const circle = await as(owner).createCircle({ name: '并发点赞', joinPolicy: 'open' });
    const post = await as(owner).createPost(circle.id, { text: '给我点赞' });
    const fans = await Promise.all(Array.from({ length: 50 }, () => login()));
    for (const f of fans) await as(f).joinCircle(circle.id); // setup: concurrent joins only contend on the member count
    // Each fan likes twice at once as well: the unique index keeps one row per fan.
    const results = await Promise.all(fans.flatMap((f) => [as(f).likePost(post.id), as(f).likePost(post.id)]));
    expect(results.every((r) => r.liked)).toBe(true);
    expect((await stored(post.id)).likeCount).toBe(50);
    expect(await likes.countDocuments({ postId: post.id })).toBe(50);
    expect((await as(owner).getPost(post.id)).likeCount).toBe(50);
  });

  it('leaves likeCount equal to the likes collection after 50 concurrent like+unlike pairs', async () => {
    const circle = await as(owner).createCircle({ name: '并发取消', joinPolicy: 'open' });
    const post = await as(owner).createPost(circle.id, { text: '点了又取消' });
    const fans = await Promise.all(Array.from({ length: 50 }, () => login()));
    for (const f of fans) await as(f).joinCircle(circle.id); // setup: concurrent joins only contend on the member count
    await Promise.all(fans.flatMap((f) => [as(f).likePost(post.id), as(f).unlikePost(post.id)]));
    const rows = await likes.countDocuments({ postId: post.id });
    expect((await stored(post.id)).likeCount).toBe(rows);
    await Promise.all(
      fans.slice(0, 20).flatMap((f) => [as(f).unlikePost(post.id), as(f).likePost(post.id), as(f).unlikePost(post.id)]),
    );
    expect((await stored(post.id)).likeCount).toBe(await likes.countDocuments({ postId: post.id }));
  });

  it('rolls the like row back with the counter when the counter write fails, so a retry counts once', async () => {
    const post = await as(owner).createPost(circleId, { text: '写到一半断电' });
    // A crash between the two writes, made deterministic: the likeCount update fails once.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wraps mongoose's overloaded updateOne
    const crashOnce = (real: (...a: any[]) => any) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
      function (this: unknown, ...args: any[]) {
        if (JSON.stringify(args[1] ?? {}).includes('likeCount') && !crashed) {
          crashed = true;
          throw new Error('injected crash before the likeCount write');
        }
        return real.apply(this, args);
      };
    let crashed = false;
    const spies = [
      jest.spyOn(posts, 'updateOne').mockImplementation(crashOnce(posts.updateOne) as never),
      jest.spyOn(posts, 'findOneAndUpdate').mockImplementation(crashOnce(posts.findOneAndUpdate) as never),
    ];
    try {
      expect((await t.request('POST', `/api/posts/${post.id}/like`, { token: member.token, body: {} })).status).toBe(
        500,
      );
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(crashed).toBe(true);
    expect(await likes.countDocuments({ postId: post.id })).toBe((await stored(post.id)).likeCount);
    expect(await as(member).likePost(post.id)).toEqual({ liked: true, likeCount: 1 });
    expect(await likes.countDocuments({ postId: post.id })).toBe(1);
  });

  it('comments with one level of replies, keeps commentCount exact and announces comment.created', async () => {
    const post = await as(owner).createPost(circleId, { text: '评论测试' });
    events.length = 0;
    const top = await as(member).createComment(post.id, { text: '第一条评论' });
    expect(top).toMatchObject({
      postId: post.id,
      author: { id: member.user.id },
      text: '第一条评论',
      replyToId: null,
      replyToUser: null,
      status: 'published',
      replies: [],
    });
    expect(t.wechat.checkedTexts.at(-1)).toMatchObject({ content: '第一条评论', scene: 2 });
    const reply = await as(owner).createComment(post.id, { text: '回复你', replyToId: top.id });
    expect(reply).toMatchObject({ replyToId: top.id, replyToUser: { id: member.user.id } });
    // A reply to a reply stays one level deep, under the same top-level comment.
    const nested = await as(other).createComment(post.id, { text: '再回复', replyToId: reply.id });
    expect(nested).toMatchObject({ replyToId: top.id, replyToUser: { id: owner.user.id } });
    const second = await as(other).createComment(post.id, { text: '第二条评论' });
    expect(events.filter((e) => e.name === 'comment.created').map((e) => e.payload)).toEqual(
      [top, reply, nested, second].map((c, i) => ({
        circleId,
        actorId: [member, owner, other, other][i].user.id,
        postId: post.id,
        commentId: c.id,
        postAuthorId: owner.user.id,
        replyToUserId: [null, member.user.id, owner.user.id, null][i],
        text: c.text,
      })),
    );
    expect((await as(member).getPost(post.id)).commentCount).toBe(4);

    const page1 = await as(member).listComments(post.id, { limit: 1 });
    expect(page1.items.map((c) => c.id)).toEqual([top.id]);
    expect(page1.items[0].replies.map((r) => r.id)).toEqual([reply.id, nested.id]);
    const page2 = await as(member).listComments(post.id, { limit: 1, cursor: page1.nextCursor! });
    expect(page2).toMatchObject({ items: [{ id: second.id, replies: [] }], nextCursor: null });

    // Deleting a top-level comment takes its replies with it; another member cannot delete it.
    expect((await t.request('DELETE', `/api/comments/${top.id}`, { token: other.token })).status).toBe(403);
    expect((await t.request('DELETE', `/api/comments/${top.id}`, { token: member.token })).status).toBe(204);
    expect((await as(member).getPost(post.id)).commentCount).toBe(1);
    expect((await as(member).listComments(post.id)).items.map((c) => c.id)).toEqual([second.id]);
    expect((await t.request('DELETE', `/api/comments/${second.id}`, { token: owner.token })).status).toBe(204);
    expect((await stored(post.id)).commentCount).toBe(0);
  });

  it('refuses bad or risky comments and non-members, storing nothing', async () => {
    const post = await as(owner).createPost(circleId, { text: '规则测试' });
    const before = await comments.countDocuments();
    const risky = await t.request('POST', `/api/posts/${post.id}/comments`, {
      token: member.token,
      body: { text: '违禁词评论' },
    });
    expect(risky).toMatchObject({ status: 422, body: { code: 'CONTENT_REJECTED' } });
    const bad = await t.request('POST', `/api/posts/${post.id}/comments`, {
      token: member.token,
      body: { text: 'x'.repeat(1001), replyToId: 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['replyToId', 'text']);
    const foreignReply = await t.request('POST', `/api/posts/${post.id}/comments`, {
      token: member.token,
      body: { text: 'hi', replyToId: 'eeeeeeeeeeeeeeeeeeeeeeee' },
    });
    expect(foreignReply).toMatchObject({ status: 400, body: { details: [{ field: 'replyToId' }] } });
    expect(
      (await t.request('POST', `/api/posts/${post.id}/comments`, { token: stranger.token, body: { text: 'hi' } }))
        .status,
    ).toBe(403);
    expect(await comments.countDocuments()).toBe(before);
    expect((await stored(post.id)).commentCount).toBe(0);
  });

  it('holds a comment WeChat wants reviewed until an admin approves it', async () => {
    const post = await as(owner).createPost(circleId, { text: '审核评论' });
    const held = await as(member).createComment(post.id, { text: '待审核评论' });
    expect(held.status).toBe('under_review');
    expect((await stored(post.id)).commentCount).toBe(0);
    expect((await as(other).listComments(post.id)).items).toEqual([]);
    expect((await as(member).listComments(post.id)).items.map((c) => c.id)).toEqual([held.id]);
    expect((await t.request('GET', `/api/circles/${circleId}/comments`, { token: member.token })).status).toBe(403);
    expect((await as(owner).listCommentQueue(circleId)).items.map((c) => c.id)).toEqual([held.id]);
    expect(
      (await t.request('POST', `/api/comments/${held.id}/approve`, { token: member.token, body: {} })).status,
    ).toBe(403);
    expect(await as(owner).approveComment(held.id)).toMatchObject({ status: 'published' });
    expect((await stored(post.id)).commentCount).toBe(1);
    expect((await as(other).listComments(post.id)).items.map((c) => c.id)).toEqual([held.id]);
    expect((await t.request('POST', `/api/comments/${held.id}/approve`, { token: owner.token, body: {} })).status).toBe(
      409,
    );
  });

  it('keeps commentCount exact when a held comment is approved while its deletion is on the way', async () => {
    const post = await as(owner).createPost(circleId, { text: '审核与删除赛跑' });
    const held = await as(member).createComment(post.id, { text: '待审核评论' });
    expect(held.status).toBe('under_review');
    const uow = t.app.get(UnitOfWork);
    const realRun = uow.run.bind(uow);
    // The deletion read the comment as held; the approval commits before the deletion's transaction opens.
    const spy = jest.spyOn(uow, 'run').mockImplementationOnce(async (work) => {
      await t.app.get(CommentsService).approve(held.id);
      return realRun(work);
    });
    try {
      await as(member).deleteComment(held.id);
    } finally {
      spy.mockRestore();
    }
    expect(await comments.countDocuments({ postId: post.id, status: 'published', deletedAt: null })).toBe(0);
    expect((await stored(post.id)).commentCount).toBe(0);
  });

  it('takes reports from members into an admin queue; removing resolves every report on the post', async () => {
    const post = await as(owner).createPost(circleId, { text: '被举报的帖子' });
    const keep = await as(owner).createPost(circleId, { text: '误报的帖子' });
    const r1 = await as(member).reportPost(post.id, { reason: '广告' });
    expect(r1).toMatchObject({
      circleId,
      post: { id: post.id, deleted: false },
      reporter: { id: member.user.id },
      reason: '广告',
      status: 'open',
      resolution: null,
    });
    expect((await as(member).reportPost(post.id, { reason: '再次举报' })).id).toBe(r1.id);
    const r2 = await as(other).reportPost(post.id, { reason: '骚扰' });
    const r3 = await as(member).reportPost(keep.id, { reason: '看错了' });
    expect(
      (await t.request('POST', `/api/posts/${post.id}/reports`, { token: stranger.token, body: { reason: 'x' } }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('POST', `/api/posts/${post.id}/reports`, { token: member.token, body: { reason: '' } })).status,
    ).toBe(400);

    expect((await t.request('GET', `/api/circles/${circleId}/reports`, { token: member.token })).status).toBe(403);
    const queue = await as(owner).listReports(circleId);
    expect(queue.items.map((r) => r.id)).toEqual([r3.id, r2.id, r1.id]);
    expect(
      (await t.request('POST', `/api/reports/${r1.id}/resolve`, { token: member.token, body: { action: 'remove' } }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('POST', `/api/reports/${r1.id}/resolve`, { token: owner.token, body: { action: 'ban' } }))
        .status,
    ).toBe(400);

    expect(await as(owner).resolveReport(r1.id, { action: 'remove' })).toMatchObject({
      status: 'resolved',
      resolution: 'remove',
      post: { deleted: true },
    });
    expect(await as(owner).resolveReport(r3.id, { action: 'dismiss' })).toMatchObject({
      resolution: 'dismiss',
      post: { deleted: false },
    });
    expect((await as(owner).listReports(circleId)).items).toEqual([]);
    expect((await as(owner).listReports(circleId, { status: 'resolved' })).items.map((r) => r.id).sort()).toEqual(
      [r1.id, r2.id, r3.id].sort(),
    );
    expect((await t.request('GET', `/api/posts/${post.id}`, { token: member.token })).status).toBe(404);
    expect((await as(member).getPost(keep.id)).id).toBe(keep.id);
    expect(
      (await t.request('POST', `/api/reports/${r3.id}/resolve`, { token: owner.token, body: { action: 'remove' } }))
        .status,
    ).toBe(409);
  });
});
