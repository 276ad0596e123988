import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';
import { startTestApp, type TestContext } from '../testing/test-app';
import { SubscriptionsService } from './subscriptions.service';

// 专属小程序 (issue 19): a member who logged in through a brand's mini-program gets subscribe
// messages through that app (its access token), since their openid belongs to it.
const BRAND_B = { appId: 'wxb0b0b0b0b0b0b0b0', secret: 'brand-b-secret' };
const TEMPLATE = 'TPLbrand01';

describe('subscribe messages of a brand mini-program', () => {
  let t: TestContext;
  let fake: FakeWechat;

  beforeAll(async () => {
    fake = await startFakeWechat({ brandApps: [BRAND_B] });
    t = await startTestApp(
      {
        WECHAT_APPS: JSON.stringify([{ appid: BRAND_B.appId, secret: BRAND_B.secret }]),
        WECHAT_TEMPLATE_BROADCAST: `${TEMPLATE};thing1=title`,
      },
      fake,
    );
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const sentWithApp = () =>
    fake.calls
      .filter((c) => c.path === '/cgi-bin/message/subscribe/send')
      .map((c) => [(c.body as { touser: string }).touser, fake.appOfToken(c.query.access_token)]);

  it("sends with the member's own app: brand B's member through B, a default member through the default app", async () => {
    const brandMember = await t.client().loginWechat({ code: 'code-openid-brand-b', appid: BRAND_B.appId });
    const member = await t.client().loginWechat({ code: 'code-openid-default' });
    for (const who of [brandMember, member]) {
      await t.client(who.token).recordSubscriptions({ accepted: ['broadcast'] });
    }
    const subscriptions = t.app.get(SubscriptionsService);
    const values = { title: '周六集合', body: '', circle: '', time: '' };
    fake.reset();
    expect(await subscriptions.send(brandMember.user.id, 'broadcast', values, null)).toEqual({ status: 'sent' });
    expect(await subscriptions.send(member.user.id, 'broadcast', values, null)).toEqual({ status: 'sent' });
    expect(sentWithApp()).toEqual([
      ['openid-brand-b', BRAND_B.appId],
      ['openid-default', fake.appId],
    ]);
  });
});
