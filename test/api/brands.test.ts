import { ApiRoutes, ErrorCode } from '@quanzi/contract';
import { expectApiError, sendRaw, useStack } from '../harness';

// 专属小程序 (issue 19): one server serves several mini-programs (WECHAT_APPS); a login names its
// app and WeChat is asked with that app's credentials.
const BRAND_B = { appId: 'wxb0b0b0b0b0b0b0b0', secret: 'brand-b-secret' };

/** The `app` claim of a bearer token (the payload is plain base64url JSON). */
function appOf(token: string): unknown {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).app;
}

describe('brand mini-programs (WECHAT_APPS)', () => {
  const stack = useStack({
    label: 'api-brands',
    wechat: { brandApps: [BRAND_B] },
    env: { WECHAT_APPS: JSON.stringify([{ appid: BRAND_B.appId, secret: BRAND_B.secret, name: '咖啡同好会' }]) },
  });

  const exchangesFor = (code: string) =>
    stack.wechat.calls.filter((c) => c.path === '/sns/jscode2session' && c.query.js_code === code);

  test("a login naming brand B (body appid) exchanges the code with B's appid and secret", async () => {
    const res = await stack.api.loginWechat({ code: 'code-b-body', appid: BRAND_B.appId });
    expect(exchangesFor('code-b-body').map((c) => [c.query.appid, c.query.secret])).toEqual([
      [BRAND_B.appId, BRAND_B.secret],
    ]);
    expect(appOf(res.token)).toBe(BRAND_B.appId);
    expect((await stack.as(res.token).getMe()).id).toBe(res.user.id);
  });

  test('the X-Wx-Appid header names the app too; no appid means the default app', async () => {
    const body = JSON.stringify({ code: 'code-b-header' });
    const res = await sendRaw(stack.baseUrl, 'POST', ApiRoutes.authWechat, {
      rawBody: body,
      headers: { 'x-wx-appid': BRAND_B.appId },
    });
    expect(res.status).toBe(200);
    expect(exchangesFor('code-b-header').map((c) => c.query.appid)).toEqual([BRAND_B.appId]);

    const plain = await stack.api.loginWechat({ code: 'code-default' });
    expect(exchangesFor('code-default').map((c) => c.query.appid)).toEqual([stack.wechat.appId]);
    expect(appOf(plain.token)).toBeUndefined();
  });

  test('an appid the server does not serve is a 400, and WeChat is not asked', async () => {
    const error = await expectApiError(
      stack.api.loginWechat({ code: 'code-stranger', appid: 'wx0000000000000bad' }),
      400,
    );
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(exchangesFor('code-stranger')).toEqual([]);
  });

  test("brand B's poster carries a code made with B's access token; an unknown appid is a 400", async () => {
    const member = await stack.api.loginWechat({ code: 'code-b-poster', appid: BRAND_B.appId });
    const api = stack.as(member.token);
    const circle = await api.createCircle({ name: '咖啡圈', joinPolicy: 'open' });
    const invite = await api.myInvite(circle.id);
    const codeApps = () =>
      stack.wechat.calls
        .filter((c) => c.path === '/wxa/getwxacodeunlimit')
        .map((c) => stack.wechat.appOfToken(c.query.access_token));

    stack.wechat.reset();
    const poster = await fetch(`${stack.baseUrl}${ApiRoutes.invitePoster(invite.code)}?appid=${BRAND_B.appId}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect(codeApps()).toEqual([BRAND_B.appId]);

    // The default app's poster of the same invite is a different image, made with its own token.
    stack.wechat.reset();
    expect((await fetch(`${stack.baseUrl}${ApiRoutes.invitePoster(invite.code)}`)).status).toBe(200);
    expect(codeApps()).toEqual([stack.wechat.appId]);

    const stranger = await sendRaw(stack.baseUrl, 'GET', `${ApiRoutes.inviteCodeImage(invite.code)}?appid=wxnotours`);
    expect(stranger).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
  });
});
