import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { loadSettings } from '../config/settings';
import { DatabaseTarget } from '../database/database.target';
import { startTestApp, type TestContext } from '../testing/test-app';
import { DEMO_CIRCLES } from './demo-content';

describe('demo data (SEED_DEMO)', () => {
  let t: TestContext;
  let db: Connection['db'];

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: '1' });
    db = t.app.get<Connection>(getConnectionToken()).db;
  });
  afterAll(() => t.close());

  it('is on by default for development only, and cannot be enabled in production', () => {
    expect(loadSettings({}).seedDemo).toBe(true);
    expect(loadSettings({ NODE_ENV: 'test' }).seedDemo).toBe(false);
    expect(loadSettings({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(() =>
      loadSettings({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(16),
        WECHAT_APPID: 'a',
        WECHAT_SECRET: 'b',
        SEED_DEMO: '1',
      }),
    ).toThrow(/SEED_DEMO/);
  });

  it('seeds an empty database with two circles, members, posts and comments a dev login can see', async () => {
    const { token } = await t.client().loginDev({ nickname: '麦子' });
    const me = t.client(token);
    const circles = (await me.listCircles()).items;
    expect(circles.map((c) => [c.name, c.joinPolicy]).sort()).toEqual([
      ['周末徒步俱乐部', 'approval'],
      ['城市咖啡研究所', 'open'],
    ]);
    const coffee = circles.find((c) => c.joinPolicy === 'open')!;
    const hiking = circles.find((c) => c.joinPolicy === 'approval')!;
    expect(coffee).toMatchObject({ memberCount: 5, myMembership: { status: 'active', role: 'member' } });
    expect(hiking).toMatchObject({ memberCount: 4, myMembership: { status: 'pending' } });

    const feed = (await me.listPosts(coffee.id)).items;
    expect(feed).toHaveLength(DEMO_CIRCLES[0].posts.length);
    expect(feed[0]).toMatchObject({
      pinned: true,
      author: { nickname: '阿杰' },
      likeCount: 3,
      commentCount: 2,
      likedByMe: true,
    });
    expect(feed.some((p) => p.digest)).toBe(true);
    const comments = (await me.listComments(feed[0].id)).items;
    expect(comments[0]).toMatchObject({ author: { nickname: 'Lily' }, replies: [{ author: { nickname: '阿杰' } }] });

    // The owner of the approval circle sees 麦子 waiting.
    const owner = t.client((await t.client().loginDev({ nickname: '山野老王' })).token);
    expect((await owner.listMembers(hiking.id, { status: 'pending' })).items.map((m) => m.nickname)).toEqual(['麦子']);
  });

  it('keeps the stored counters equal to the rows they count', async () => {
    for (const circle of await db!.collection('circles').find().toArray()) {
      expect(circle.memberCount).toBe(
        await db!.collection('memberships').countDocuments({ circleId: circle._id, status: 'active' }),
      );
    }
    for (const post of await db!.collection('posts').find().toArray()) {
      expect(post.likeCount).toBe(await db!.collection('post_likes').countDocuments({ postId: post._id }));
      expect(post.commentCount).toBe(
        await db!.collection('comments').countDocuments({ postId: post._id, status: 'published', deletedAt: null }),
      );
    }
  });

  it('never seeds a database that already holds data (a restart adds nothing)', async () => {
    const counts = async () =>
      Promise.all(
        ['users', 'circles', 'memberships', 'posts', 'comments', 'post_likes'].map((c) =>
          db!.collection(c).countDocuments(),
        ),
      );
    const before = await counts();
    const again = await startTestApp(
      { SEED_DEMO: '1', MONGODB_URI: t.app.get(DatabaseTarget).uri, DB_IN_MEMORY: '0' },
      t.wechat,
    );
    try {
      expect(await counts()).toEqual(before);
    } finally {
      await again.close();
    }
  });
});
