import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import type { LoginResponse, PostView } from '@quanzi/contract';
import { trusted, type Connection, type Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Post } from './posts.schema';

/** Upload references as POST /api/uploads hands them out (test apps run at http://localhost:3000). */
const OWN_PATH = `/uploads/${'a'.repeat(32)}.png`;
const OWN_URL = `http://localhost:3000/uploads/${'b'.repeat(32)}.jpg`;

describe('posts: creation, content check, feed, pin/digest, delete, access', () => {
  let t: TestContext;
  let posts: Model<Post>;
  const events: DomainEvent[] = [];
  let n = 0;
  let owner: LoginResponse;
  let admin: LoginResponse;
  let member: LoginResponse;
  let stranger: LoginResponse;
  let openId: string;
  let closedId: string;

  const login = (): Promise<LoginResponse> => t.client().loginWechat({ code: `code-openid-poster${(n += 1)}` });
  const as = (who: LoginResponse) => t.client(who.token);

  beforeAll(async () => {
    t = await startTestApp();
    posts = t.app.get(getModelToken(Post.name));
    t.app.get(DomainEventBus).subscribe('post.created', (e) => void events.push(e));
    [owner, admin, member, stranger] = [await login(), await login(), await login(), await login()];
    openId = (await as(owner).createCircle({ name: '城市咖啡研究所', joinPolicy: 'open' })).id;
    closedId = (await as(owner).createCircle({ name: '周末徒步俱乐部', joinPolicy: 'approval' })).id;
    for (const circleId of [openId, closedId]) {
      for (const u of [admin, member]) {
        await as(u).joinCircle(circleId);
        if (circleId === closedId) await as(owner).approveMember(circleId, u.user.id);
      }
      await as(owner).updateMemberRole(circleId, admin.user.id, { role: 'admin' });
    }
  });
  afterAll(() => t.close());

  it('creates a post with text, images and a topic, checked by WeChat and announced as post.created', async () => {
    events.length = 0;
    const post = await as(member).createPost(openId, {
      text: '今天的手冲很好喝',
      images: [OWN_PATH, OWN_URL],
      topic: ' 探店 ',
    });
    expect(post).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      circleId: openId,
      author: { id: member.user.id, nickname: member.user.nickname, avatarUrl: null },
      text: '今天的手冲很好喝',
      images: [OWN_PATH, OWN_URL],
      topic: '探店',
      pinned: false,
      digest: false,
      status: 'published',
      likeCount: 0,
      commentCount: 0,
      likedByMe: false,
      createdAt: expect.any(String),
      editedAt: null,
    });
    expect(t.wechat.checkedTexts.at(-1)).toEqual({ content: '今天的手冲很好喝', openid: 'openid-poster3', scene: 3 });
    expect(events.map((e) => e.payload)).toEqual([
      { circleId: openId, actorId: member.user.id, postId: post.id, text: '今天的手冲很好喝' },
    ]);
    expect(await as(stranger).getPost(post.id)).toEqual(post);
  });

  it('refuses risky text with 422 CONTENT_REJECTED and stores nothing', async () => {
    const before = await posts.countDocuments();
    const res = await t.request('POST', `/api/circles/${openId}/posts`, {
      token: member.token,
      body: { text: '这里有违禁词' },
    });
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'CONTENT_REJECTED', details: [{ field: 'text', message: expect.any(String) }] },
    });
    expect(await posts.countDocuments()).toBe(before);
  });

  it('stores text WeChat wants reviewed, hidden from the feed until an admin approves it', async () => {
    events.length = 0;
    const held = await as(member).createPost(openId, { text: '这条待审核的内容' });
    expect(held.status).toBe('under_review');
    expect(events).toEqual([]);
    const feedIds = async (who: LoginResponse) =>
      (await as(who).listPosts(openId, { limit: 100 })).items.map((p) => p.id);
    expect(await feedIds(member)).not.toContain(held.id);
    expect(await feedIds(owner)).not.toContain(held.id);
    // The author and admins can open it; others cannot.
    expect((await as(member).getPost(held.id)).status).toBe('under_review');
    expect((await t.request('GET', `/api/posts/${held.id}`, { token: stranger.token })).status).toBe(404);
    // The review queue is for admins.
    expect(
      (await t.request('GET', `/api/circles/${openId}/posts?status=under_review`, { token: member.token })).status,
    ).toBe(403);
    expect((await as(admin).listPosts(openId, { status: 'under_review' })).items.map((p) => p.id)).toEqual([held.id]);
    expect((await t.request('POST', `/api/posts/${held.id}/approve`, { token: member.token, body: {} })).status).toBe(
      403,
    );
    expect(await as(admin).approvePost(held.id)).toMatchObject({ id: held.id, status: 'published' });
    expect(events.map((e) => e.name)).toEqual(['post.created']);
    expect(await feedIds(member)).toContain(held.id);
    expect((await t.request('POST', `/api/posts/${held.id}/approve`, { token: admin.token, body: {} })).status).toBe(
      409,
    );
  });

  it('refuses bad input with 400 VALIDATION_FAILED and field details, storing nothing', async () => {
    const before = await posts.countDocuments();
    const res = await t.request('POST', `/api/circles/${openId}/posts`, {
      token: member.token,
      body: { text: 'x'.repeat(5001), images: Array.from({ length: 10 }, () => OWN_PATH), topic: 'y'.repeat(21) },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(res.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
      'images',
      'text',
      'topic',
    ]);
    for (const body of [
      { text: '   ' },
      {},
      { text: 'ok', images: ['javascript:alert(1)'] },
      { text: 'ok', pinned: true },
      { text: 5 },
    ]) {
      expect((await t.request('POST', `/api/circles/${openId}/posts`, { token: member.token, body })).status).toBe(400);
    }
    // 5000 characters (emoji count once) are fine.
    expect((await as(member).createPost(openId, { text: '😀'.repeat(5000) })).text).toHaveLength(10000);
    expect(await posts.countDocuments()).toBe(before + 1);
  });

  it("accepts only this server's own uploads as post images, naming each foreign one", async () => {
    const before = await posts.countDocuments();
    const foreign = [
      '//tracker.example/p.gif',
      'http://tracker.example/p.gif',
      `https://evil.example/uploads/${'c'.repeat(32)}.png`,
      `http://localhost:3000.evil.example/uploads/${'c'.repeat(32)}.png`,
      '/uploads/../../etc/passwd',
      '/uploads/a.png',
      `/uploads/${'c'.repeat(32)}.svg`,
      `/api/uploads/${'c'.repeat(32)}.png`,
    ];
    for (const url of foreign) {
      const res = await t.request('POST', `/api/circles/${openId}/posts`, {
        token: member.token,
        body: { text: '看图', images: [OWN_PATH, url] },
      });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'images.1', message: expect.any(String) }],
      });
    }
    expect(await posts.countDocuments()).toBe(before);
  });

  it('keeps non-members from posting anywhere and from reading a closed circle (403); 401 without a token', async () => {
    const before = await posts.countDocuments();
    for (const circleId of [openId, closedId]) {
      expect(
        (await t.request('POST', `/api/circles/${circleId}/posts`, { token: stranger.token, body: { text: 'hi' } }))
          .status,
      ).toBe(403);
    }
    expect(await posts.countDocuments()).toBe(before);
    const closedPost = await as(member).createPost(closedId, { text: '周末去爬山' });
    expect((await t.request('GET', `/api/circles/${closedId}/posts`, { token: stranger.token })).status).toBe(403);
    expect((await t.request('GET', `/api/posts/${closedPost.id}`, { token: stranger.token })).status).toBe(403);
    expect((await t.request('GET', `/api/posts/${closedPost.id}/comments`, { token: stranger.token })).status).toBe(
      403,
    );
    // An open circle's feed is readable by any logged-in user.
    expect((await t.request('GET', `/api/circles/${openId}/posts`, { token: stranger.token })).status).toBe(200);
    const id = closedPost.id;
    const anyId = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const routes = [
      ['GET', `/api/circles/${openId}/posts`],
      ['POST', `/api/circles/${openId}/posts`],
      ['GET', `/api/posts/${id}`],
      ['PATCH', `/api/posts/${id}`],
      ['DELETE', `/api/posts/${id}`],
      ['POST', `/api/posts/${id}/approve`],
      ['POST', `/api/posts/${id}/like`],
      ['DELETE', `/api/posts/${id}/like`],
      ['POST', `/api/posts/${id}/comments`],
      ['GET', `/api/posts/${id}/comments`],
      ['POST', `/api/posts/${id}/reports`],
      ['DELETE', `/api/comments/${anyId}`],
      ['POST', `/api/comments/${anyId}/approve`],
      ['GET', `/api/circles/${openId}/comments`],
      ['GET', `/api/circles/${openId}/reports`],
      ['POST', `/api/reports/${anyId}/resolve`],
      ['POST', '/api/uploads'],
    ];
    for (const [method, url] of routes) {
      const res = await t.request(method, url, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect([method, url, res.status]).toEqual([method, url, 401]);
    }
    expect(
      (await t.request('GET', '/api/circles/cccccccccccccccccccccccc/posts', { token: member.token })).status,
    ).toBe(404);
  });

  it('lets admins pin and mark digest; members cannot (403)', async () => {
    const post = await as(member).createPost(openId, { text: '精华候选' });
    const res = await t.request('PATCH', `/api/posts/${post.id}`, { token: member.token, body: { pinned: true } });
    expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(
      (await t.request('PATCH', `/api/posts/${post.id}`, { token: stranger.token, body: { digest: true } })).status,
    ).toBe(403);
    expect((await as(member).getPost(post.id)).pinned).toBe(false);
    expect(await as(admin).updatePost(post.id, { pinned: true, digest: true })).toMatchObject({
      pinned: true,
      digest: true,
    });
    expect(
      (await t.request('PATCH', `/api/posts/${post.id}`, { token: admin.token, body: { pinned: 'yes' } })).status,
    ).toBe(400);
    expect(await as(owner).updatePost(post.id, { pinned: false })).toMatchObject({ pinned: false, digest: true });
  });

  it('deletes softly: the author or an admin, never another member; deleted posts vanish from feeds', async () => {
    const mine = await as(member).createPost(openId, { text: '我要删掉这条' });
    const theirs = await as(admin).createPost(openId, { text: '管理员的帖子' });
    const res = await t.request('DELETE', `/api/posts/${theirs.id}`, { token: member.token });
    expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await t.request('DELETE', `/api/posts/${theirs.id}`, { token: stranger.token })).status).toBe(403);
    expect((await t.request('DELETE', `/api/posts/${mine.id}`, { token: member.token })).status).toBe(204);
    const other = await as(member).createPost(openId, { text: '被管理员删除' });
    expect((await t.request('DELETE', `/api/posts/${other.id}`, { token: admin.token })).status).toBe(204);
    const feed = (await as(member).listPosts(openId, { limit: 100 })).items.map((p) => p.id);
    expect(feed).toContain(theirs.id);
    expect(feed).not.toContain(mine.id);
    expect(feed).not.toContain(other.id);
    expect((await t.request('GET', `/api/posts/${mine.id}`, { token: member.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/posts/${mine.id}`, { token: member.token })).status).toBe(404);
    expect(await posts.countDocuments({ _id: mine.id, deletedAt: trusted({ $ne: null }) })).toBe(1);
  });

  it('pages the feed: pinned first, then newest, every post exactly once, digest and topic filters', async () => {
    const circle = await as(owner).createCircle({ name: '分页测试圈', joinPolicy: 'open' });
    const created: PostView[] = [];
    for (let i = 0; i < 13; i += 1)
      created.push(
        await as(owner).createPost(circle.id, { text: `第${i}条`, topic: i % 3 === 0 ? '读书' : undefined }),
      );
    const pinnedIds = [created[2].id, created[7].id, created[11].id];
    for (const id of pinnedIds) await as(owner).updatePost(id, { pinned: true });
    for (const id of [created[1].id, created[7].id]) await as(owner).updatePost(id, { digest: true });

    const seen: PostView[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await as(member).listPosts(circle.id, { limit: 4, cursor });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(13);
    expect(new Set(seen.map((p) => p.id)).size).toBe(13);
    const newestFirst = (ids: string[]) => [...ids].reverse();
    expect(seen.slice(0, 3).map((p) => p.id)).toEqual(newestFirst(pinnedIds));
    expect(seen.slice(3).map((p) => p.id)).toEqual(
      newestFirst(created.map((p) => p.id).filter((id) => !pinnedIds.includes(id))),
    );

    const digest = await as(member).listPosts(circle.id, { digest: true });
    expect(digest.items.map((p) => p.id)).toEqual([created[7].id, created[1].id]);
    const topic = await as(member).listPosts(circle.id, { topic: '读书' });
    expect(topic.items.map((p) => p.id)).toEqual(
      [created[0], created[3], created[6], created[9], created[12]].map((p) => p.id).reverse(),
    );
    expect((await t.request('GET', `/api/circles/${circle.id}/posts?cursor=abc`, { token: member.token })).status).toBe(
      400,
    );
    expect(
      (await t.request('GET', `/api/circles/${circle.id}/posts?digest=maybe`, { token: member.token })).status,
    ).toBe(400);
  });

  it('answers a feed page from the (circleId, pinned, createdAt, _id) index without skip', async () => {
    const connection = t.app.get<Connection>(getConnectionToken());
    const circle = (await as(owner).listCircles()).items[0];
    const explain = await connection.db!.command({
      explain: {
        find: 'posts',
        filter: {
          circleId: posts.castObject({ circleId: circle.id }).circleId,
          deletedAt: null,
          status: 'published',
          pinned: false,
        },
        sort: { createdAt: -1, _id: -1 },
        limit: 5,
      },
    });
    expect(JSON.stringify(explain)).toContain('circleId_1_pinned_-1_createdAt_-1__id_-1');
  });
});
