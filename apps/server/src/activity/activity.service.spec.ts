import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Activity, ActivityRollup } from './activity.schema';
import { shanghaiDay } from '../common/china-time';

describe('activity log and daily rollups', () => {
  let t: TestContext;
  let activities: Model<Activity>;
  let rollups: Model<ActivityRollup>;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_OPENIDS: 'analyst' });
    activities = t.app.get(getModelToken(Activity.name));
    rollups = t.app.get(getModelToken(ActivityRollup.name));
  });
  afterAll(() => t.close());

  const loginRollup = async () =>
    (await rollups.findOne({ circleId: null, day: shanghaiDay(new Date()), type: 'user.logged_in' }).lean())?.count ??
    0;

  it('appends a login to the activity log and increments the day rollup', async () => {
    const rollupBefore = await loginRollup();
    const logBefore = await activities.countDocuments({ type: 'user.logged_in' });

    const { user } = await t.client().loginWechat({ code: 'code-openid-active' });

    expect(await activities.countDocuments({ type: 'user.logged_in' })).toBe(logBefore + 1);
    const entry = await activities.findOne({ type: 'user.logged_in' }).sort({ at: -1 }).lean();
    expect(entry).toMatchObject({ circleId: null, data: { method: 'wechat', firstLogin: true } });
    expect(entry?.actorId?.toHexString()).toBe(user.id);
    expect(await loginRollup()).toBe(rollupBefore + 1);

    await t.client().loginWechat({ code: 'code-openid-active' });
    const latest = await activities.findOne({ type: 'user.logged_in' }).sort({ at: -1 }).lean();
    expect(latest?.data).toMatchObject({ firstLogin: false });
    expect(await loginRollup()).toBe(rollupBefore + 2);
    // One rollup document per (circle, day, type), however many events.
    expect(await rollups.countDocuments({ circleId: null, type: 'user.logged_in' })).toBe(1);
  });

  it('appends the log row only together with its rollup: a failure between the two writes leaves neither', async () => {
    const rollupBefore = await loginRollup();
    const logBefore = await activities.countDocuments({ type: 'user.logged_in' });
    const spy = jest.spyOn(rollups, 'updateOne').mockImplementationOnce(() => {
      throw new Error('injected crash before the rollup write');
    });
    try {
      await t.client().loginWechat({ code: 'code-openid-half-logged' }); // a listener failure never fails the login
    } finally {
      spy.mockRestore();
    }
    expect(await activities.countDocuments({ type: 'user.logged_in' })).toBe(logBefore);
    expect(await loginRollup()).toBe(rollupBefore);
    await t.client().loginWechat({ code: 'code-openid-half-logged' });
    expect(await activities.countDocuments({ type: 'user.logged_in' })).toBe(logBefore + 1);
    expect(await loginRollup()).toBe(rollupBefore + 1);
  });

  it('does not log a failed login', async () => {
    const before = await activities.countDocuments();
    await t.request('POST', '/api/auth/wechat', { body: { code: 'invalid' } });
    expect(await activities.countDocuments()).toBe(before);
  });

  it('files circle events under their circle and China calendar day', async () => {
    const bus = t.app.get(DomainEventBus);
    const circleId = 'abcdefabcdefabcdefabcdef';
    // 23:30 UTC on 1 March is already 2 March in Shanghai.
    const at = new Date('2026-03-01T23:30:00Z');
    await bus.publish(
      'post.created',
      { circleId, actorId: 'aaaaaaaaaaaaaaaaaaaaaaaa', postId: 'bbbbbbbbbbbbbbbbbbbbbbbb' },
      at,
    );
    await bus.publish(
      'post.created',
      { circleId, actorId: 'aaaaaaaaaaaaaaaaaaaaaaaa', postId: 'cccccccccccccccccccccccc' },
      at,
    );
    const row = await rollups.findOne({ type: 'post.created' }).lean();
    expect(row).toMatchObject({ day: '2026-03-02', count: 2 });
    expect(row?.circleId?.toHexString()).toBe(circleId);
  });

  it('lets a platform admin read daily totals and validates the range', async () => {
    const { token } = await t.client().loginWechat({ code: 'code-analyst' });
    const res = await t.request('GET', '/api/admin/activity/daily?from=2026-03-01&to=2026-03-31', { token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ day: '2026-03-02', type: 'post.created', count: 2 }]);
    const bad = await t.request('GET', '/api/admin/activity/daily?from=2026-03-31&to=2026-03-01', { token });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const malformed = await t.request('GET', '/api/admin/activity/daily?from=yesterday', { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'to']);
  });
});
