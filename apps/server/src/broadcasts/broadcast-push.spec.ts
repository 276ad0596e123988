import type { LoginResponse } from '@quanzi/contract';
import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';
import { ConfigError, loadSettings } from '../config/settings';
import { startTestApp, type TestContext } from '../testing/test-app';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const TEMPLATE = 'TPLbroadcast01';

describe('broadcasts: subscribe messages (credits, 43101, quiet hours, retries)', () => {
  let t: TestContext;
  let fake: FakeWechat;
  let admin: LoginResponse;
  let withCredit: LoginResponse;
  let refusing: LoginResponse;
  let noCredit: LoginResponse;
  let sleeping: LoginResponse;
  let circleId: string;
  let tag: string;

  const as = (who: LoginResponse) => t.client(who.token);
  const stats = async (id: string) => (await as(admin).getBroadcast(id)).stats;
  let postId: string;
  const send = async (title: string) => {
    const b = await as(admin).createBroadcast(circleId, {
      title,
      body: '周六上午九点香山东门集合',
      audience: { tagIds: [tag] },
      link: { type: 'post', id: postId },
    });
    await waitFor('sent', async () => (await as(admin).getBroadcast(b.id)).status === 'sent');
    return b.id;
  };
  const openids = new Map<string, string>();
  const pushesTo = (who: LoginResponse, title: string) =>
    fake.sentMessages.filter((mm) => mm.touser === openids.get(who.user.id) && mm.data.thing1?.value === title);

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await startTestApp(
      { JOBS_POLL_MS: '50', WECHAT_TEMPLATE_BROADCAST: `${TEMPLATE};thing1=title,thing2=body,time3=time` },
      fake,
    );
    // 12:00 in Shanghai: outside the default quiet hours (22:00–08:00).
    t.clock.set(new Date('2030-03-01T04:00:00.000Z'));
    const login = async (name: string) => {
      const who = await t.client().loginWechat({ code: `code-openid-${name}` });
      openids.set(who.user.id, `openid-${name}`);
      return who;
    };
    const owner = await login('push-owner');
    admin = owner;
    [withCredit, refusing, noCredit, sleeping] = await Promise.all(
      ['push-a', 'push-b', 'push-c', 'push-d'].map((x) => login(x)),
    );
    circleId = (await as(owner).createCircle({ name: '订阅消息圈', joinPolicy: 'open' })).id;
    for (const m of [withCredit, refusing, noCredit, sleeping]) await as(m).joinCircle(circleId);
    tag = (await as(owner).createTag(circleId, { name: '推送' })).id;
    postId = (await as(owner).createPost(circleId, { text: '集合地点说明' })).id;
    await as(owner).bulkTagMembers(circleId, {
      userIds: [withCredit, refusing, noCredit, sleeping].map((m) => m.user.id),
      add: [tag],
    });
    expect(await as(withCredit).recordSubscriptions({ accepted: ['broadcast', 'broadcast'] })).toEqual({
      credits: { broadcast: 2 },
    });
    await as(refusing).recordSubscriptions({ accepted: ['broadcast'] });
    await as(sleeping).recordSubscriptions({ accepted: ['broadcast'] });
    await as(sleeping).updateNotificationSettings({ quietHours: { start: '11:00', end: '13:00' } });
    // WeChat keeps its own count: `refusing` accepted in our records but not in WeChat's (43101).
    fake.enforceCredits = true;
    fake.grantSubscription(openids.get(withCredit.user.id)!, TEMPLATE, 2);
    fake.grantSubscription(openids.get(sleeping.user.id)!, TEMPLATE, 1);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('validates the template configuration and the subscriptions body', async () => {
    expect(() => loadSettings({ WECHAT_TEMPLATE_BROADCAST: 'TPLbroadcast01;thing1=nickname' })).toThrow(ConfigError);
    expect(() => loadSettings({ WECHAT_TEMPLATE_BROADCAST: 'x;thing1=title' })).toThrow(ConfigError);
    const bad = await t.request('POST', '/api/me/subscriptions', { body: { accepted: ['nope'] }, token: admin.token });
    expect(bad.status).toBe(400);
    expect((await t.request('POST', '/api/me/subscriptions', { body: { accepted: ['broadcast'] } })).status).toBe(401);
  });

  it('pushes with a credit, records 43101 and no-credit per recipient, holds quiet hours, inbox for all', async () => {
    const id = await send('周末徒步');
    await waitFor('pushes settled', async () => {
      const s = await stats(id);
      return s.subscribeSent + s.subscribeFailed + s.subscribeHeld === 4;
    });
    const [msg] = pushesTo(withCredit, '周末徒步');
    expect(msg).toMatchObject({
      template_id: TEMPLATE,
      // WeChat takes the page path without the leading slash.
      page: `pages/post/index?id=${postId}`,
      miniprogram_state: 'developer',
      data: {
        thing1: { value: '周末徒步' },
        thing2: { value: '周六上午九点香山东门集合' },
        time3: { value: '2030-03-01 12:00' },
      },
    });
    expect(pushesTo(refusing, '周末徒步')).toEqual([]);
    expect(pushesTo(sleeping, '周末徒步')).toEqual([]);
    expect(await stats(id)).toMatchObject({
      delivered: 4,
      subscribeSent: 1,
      subscribeFailed: 2,
      subscribeErrors: { '43101': 1, no_credit: 1 },
      subscribeHeld: 1,
    });
    for (const m of [withCredit, refusing, noCredit, sleeping]) {
      expect((await as(m).myNotifications()).items.filter((i) => i.title === '周末徒步').length).toBe(1);
    }
    // 13:00 in Shanghai: the quiet window ends, the held push goes.
    t.clock.advance(3600_000);
    await waitFor('held push sent', async () => (await stats(id)).subscribeSent === 2);
    expect(pushesTo(sleeping, '周末徒步').length).toBe(1);
    expect((await stats(id)).subscribeHeld).toBe(0);
  });

  it('retries a transient WeChat failure and sends once; the credit is spent once', async () => {
    fake.failSends = 1;
    const id = await send('重试测试');
    await waitFor('first attempt failed', async () => fake.failSends === 0);
    // The job retries after its backoff; moving the clock makes it due.
    for (let i = 0; i < 50 && pushesTo(withCredit, '重试测试').length === 0; i += 1) {
      t.clock.advance(15_000);
      await t.clock.settled();
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor('retried push', async () => (await stats(id)).subscribeSent === 1);
    expect(pushesTo(withCredit, '重试测试').length).toBe(1);
    // Its second (last) credit went on this; a third broadcast finds none.
    const third = await send('没有额度');
    await waitFor('third settled', async () => {
      const st = await stats(third);
      return st.subscribeSent + st.subscribeFailed + st.subscribeHeld === 4;
    });
    expect(pushesTo(withCredit, '没有额度')).toEqual([]);
    // Every credit is spent by now: the refused one (43101) went on the first, the held one at 13:00.
    expect(await stats(third)).toMatchObject({ subscribeSent: 0, subscribeErrors: { no_credit: 4 } });
  });
});
