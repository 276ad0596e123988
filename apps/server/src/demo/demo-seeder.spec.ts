import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { loadSettings } from '../config/settings';
import { DatabaseTarget } from '../database/database.target';
import { startTestApp, type TestContext } from '../testing/test-app';
import { DEMO_CIRCLES } from './demo-content';
import { DEMO_GUESTS } from './demo-growth';

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
    // Five members plus the guests who joined through channel links and a personal code.
    expect(coffee).toMatchObject({
      memberCount: 5 + DEMO_GUESTS.length,
      myMembership: { status: 'active', role: 'member' },
    });
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

  it('gives the coffee circle events, polls, channel links with joins, tags and rules to look at', async () => {
    const owner = t.client((await t.client().loginDev({ nickname: '阿杰' })).token);
    const coffee = (await owner.listCircles()).items.find((c) => c.name === '城市咖啡研究所')!;

    const events = (await owner.listEvents(coffee.id)).items;
    expect(events).toHaveLength(2);
    const now = Date.now();
    const upcoming = await owner.getEvent(events.find((e) => Date.parse(e.startAt) > now)!.id);
    expect(upcoming.ticketTypes.map((tt) => tt.priceFen)).toEqual([0, 6800]);
    expect((await owner.eventStats(upcoming.id)).registered).toBe(4);
    const past = events.find((e) => Date.parse(e.endAt) < now)!;
    expect(await owner.eventStats(past.id)).toMatchObject({ registered: 4, checkedIn: 3 });

    const polls = (await owner.listPolls(coffee.id)).items;
    expect(polls.map((p) => [p.kind, p.closed, p.responseCount]).sort()).toEqual([
      ['poll', false, 4],
      ['survey', true, 3],
    ]);

    const links = (await owner.listInvites(coffee.id, { kind: 'link' })).items;
    expect(links.map((l) => [l.channel, l.joins, l.tags.map((tg) => tg.name)]).sort()).toEqual([
      ['公众号', 0, []],
      ['小红书', 2, ['小红书来客']],
      ['线下沙龙', 1, ['线下沙龙来客']],
    ]);
    const lily = t.client((await t.client().loginDev({ nickname: 'Lily' })).token);
    expect((await lily.referralLeaderboard(coffee.id)).me.joins).toBe(1);
    expect((await owner.listTagRules(coffee.id)).items).toHaveLength(2);
    // The channel's preset tag reached the members who joined through it.
    const tagged = (await owner.listMembers(coffee.id, { limit: 50 })).items;
    expect(tagged.find((m) => m.nickname === '橙子')?.tags.map((tg) => tg.name)).toContain('小红书来客');
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
