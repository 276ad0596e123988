import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';
import { TestClock } from '../common/clock';
import { loadSettings } from '../config/settings';
import { WechatHttpClient } from './wechat.client';
import { WechatApiError, WechatUnavailableError } from './wechat.errors';
import { WechatService } from './wechat.service';

describe('WechatService against the fake WeChat API', () => {
  let fake: FakeWechat;
  let service: WechatService;

  const makeService = (env: Record<string, string> = {}) => {
    const settings = loadSettings({
      NODE_ENV: 'test',
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.secret,
      WECHAT_API_BASE: fake.baseUrl,
      ...env,
    });
    return new WechatService(new WechatHttpClient(settings), settings, new TestClock());
  };

  beforeAll(async () => {
    fake = await startFakeWechat();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    service = makeService();
  });

  it('exchanges a login code for the openid and keeps the session key to itself', async () => {
    const session = await service.code2Session('code-alice');
    expect(session).toEqual({ openid: 'alice', unionid: null });
    expect(JSON.stringify(session)).not.toContain('sk-');
  });

  it('turns an invalid login code into a typed error', async () => {
    const error = await service.code2Session('invalid').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect((error as WechatApiError).errcode).toBe(40029);
    expect((error as WechatApiError).isInvalidCode).toBe(true);
  });

  it('caches the access token across calls and shares one request between concurrent callers', async () => {
    const before = fake.tokensIssued();
    const tokens = await Promise.all([service.getAccessToken(), service.getAccessToken(), service.getAccessToken()]);
    await service.getUnlimitedQrCode('abc');
    await service.checkText('alice', 'hello', 2);
    expect(new Set(tokens).size).toBe(1);
    expect(fake.tokensIssued() - before).toBe(1);
  });

  it('refreshes a token WeChat revoked and retries the call once', async () => {
    await service.getAccessToken();
    fake.revokeTokens();
    const before = fake.tokensIssued();
    await expect(service.checkText('alice', 'hello', 2)).resolves.toBe('pass');
    expect(fake.tokensIssued() - before).toBe(1);
  });

  it('returns the mini-program code as PNG bytes and rejects an over-long scene', async () => {
    const png = await service.getUnlimitedQrCode('inv-abc123', 'pages/index/index');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    await expect(service.getUnlimitedQrCode('x'.repeat(33))).rejects.toBeInstanceOf(WechatApiError);
  });

  it('reports the content-check verdict for risky, review and clean text', async () => {
    await expect(service.checkText('alice', '这里有违禁词', 3)).resolves.toBe('risky');
    await expect(service.checkText('alice', '这条待审核', 3)).resolves.toBe('review');
    await expect(service.checkText('alice', '周末一起爬山', 3)).resolves.toBe('pass');
    expect(fake.checkedTexts.map((t) => t.openid)).toEqual(['alice', 'alice', 'alice']);
  });

  it('sends a subscribe message, and says false when the member refused it', async () => {
    const message = {
      toOpenid: 'alice',
      templateId: 'tpl-1',
      page: 'pages/index/index',
      data: { thing1: { value: '活动提醒' } },
    };
    await expect(service.sendSubscribeMessage(message)).resolves.toBe(true);
    expect(fake.sentMessages).toEqual([
      expect.objectContaining({ touser: 'alice', template_id: 'tpl-1', data: message.data }),
    ]);
    fake.refusingOpenids.add('bob');
    await expect(service.sendSubscribeMessage({ ...message, toOpenid: 'bob' })).resolves.toBe(false);
    expect(fake.sentMessages).toHaveLength(1);
  });

  it('fails with a typed error when WeChat is unreachable or credentials are missing', async () => {
    const unreachable = makeService({ WECHAT_API_BASE: 'http://127.0.0.1:1' });
    await expect(unreachable.code2Session('code-alice')).rejects.toBeInstanceOf(WechatUnavailableError);
    const noCredentials = new WechatService(
      new WechatHttpClient(loadSettings({ NODE_ENV: 'test' })),
      loadSettings({ NODE_ENV: 'test' }),
      new TestClock(),
    );
    await expect(noCredentials.code2Session('code-alice')).rejects.toBeInstanceOf(WechatUnavailableError);
    // Offline development: the content check lets text through rather than blocking the product.
    await expect(noCredentials.checkText('alice', '违禁词', 1)).resolves.toBe('pass');
  });
});
