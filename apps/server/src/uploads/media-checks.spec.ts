import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp, type TestContext } from '../testing/test-app';
import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';

// Images through WeChat's media check (security.mediaCheckAsync v2, issue 19): the verdict comes
// back as a signed push on POST /api/wechat/callback; a risky image is hidden, its posts go to review.
const CALLBACK_TOKEN = 'callback-token-of-the-console';
const PUBLIC = 'https://quanzi.example.com';

/** A distinct 1×1-ish PNG per seed (the store names files by content hash). */
const png = (seed: number) =>
  Buffer.concat([
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
    Buffer.from([seed]),
  ]);

function multipart(content: Buffer) {
  const boundary = '----quanzi-media-check';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('image media check (mediaCheckAsync + POST /api/wechat/callback)', () => {
  let t: TestContext;
  let dataDir: string;
  let token: string;
  let circleId: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quanzi-media-'));
    t = await startTestApp({ DATA_DIR: dataDir, PUBLIC_BASE_URL: PUBLIC, WECHAT_CALLBACK_TOKEN: CALLBACK_TOKEN });
    token = (await t.client().loginWechat({ code: 'code-openid-photographer' })).token;
    circleId = (await t.client(token).createCircle({ name: '摄影同好', joinPolicy: 'open' })).id;
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => t.wechat.reset());

  const upload = async (content: Buffer): Promise<string> => {
    const { body, headers } = multipart(content);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload: body,
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(201);
    return (res.json() as { url: string }).url;
  };
  const served = async (url: string) =>
    (await t.app.inject({ method: 'GET', url: url.slice(PUBLIC.length) })).statusCode;
  const push = (query: Record<string, string>, body: unknown) =>
    t.request('POST', `/api/wechat/callback?${new URLSearchParams(query)}`, { body });

  it('submits each new image once, under the uploader’s openid', async () => {
    const url = await upload(png(1));
    await upload(png(1));
    expect(t.wechat.mediaChecks).toEqual([
      { traceId: expect.any(String), mediaUrl: url, openid: 'openid-photographer', scene: 3 },
    ]);
  });

  it('a risky verdict hides the image and sends the post showing it to review; pass changes nothing', async () => {
    const risky = await upload(png(2));
    const riskyTrace = t.wechat.mediaChecks[0].traceId;
    const fine = await upload(png(3));
    const fineTrace = t.wechat.mediaChecks[1].traceId;
    const post = await t.client(token).createPost(circleId, { text: '今天的照片', images: [risky] });
    const other = await t.client(token).createPost(circleId, { text: '另一张', images: [fine] });

    const ok = t.wechat.mediaCheckResult(fineTrace, 'pass', CALLBACK_TOKEN);
    expect(await push(ok.query, ok.body)).toMatchObject({ status: 200 });
    const bad = t.wechat.mediaCheckResult(riskyTrace, 'risky', CALLBACK_TOKEN);
    const res = await push(bad.query, bad.body);
    expect(res.status).toBe(200);

    expect(await served(risky)).toBe(404);
    expect(await served(fine)).toBe(200);
    expect((await t.client(token).getPost(post.id)).status).toBe('under_review');
    expect((await t.client(token).getPost(other.id)).status).toBe('published');
  });

  it('refuses a push whose signature is not the configured token’s (403), changing nothing', async () => {
    const url = await upload(png(4));
    const forged = t.wechat.mediaCheckResult(t.wechat.mediaChecks[0].traceId, 'risky', 'not-the-token');
    const res = await push(forged.query, forged.body);
    expect(res.status).toBe(403);
    expect(await served(url)).toBe(200);
    const unsigned = await push({}, forged.body);
    expect(unsigned.status).toBe(403);
  });

  it('answers the console’s URL check (GET) with echostr when signed', async () => {
    const { query } = t.wechat.mediaCheckResult('x', 'pass', CALLBACK_TOKEN);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/wechat/callback?${new URLSearchParams({ ...query, echostr: 'echo-123' })}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('echo-123');
  });
});

// 专属小程序: a brand member's openid belongs to the brand's app, so its image is checked with that app's token.
describe('image media check of a brand mini-program', () => {
  const BRAND_B = { appId: 'wxb1b1b1b1b1b1b1b1', secret: 'brand-b-secret' };
  let t: TestContext;
  let fake: FakeWechat;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quanzi-media-brand-'));
    fake = await startFakeWechat({ brandApps: [BRAND_B] });
    const env = {
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: PUBLIC,
      WECHAT_APPS: JSON.stringify([{ appid: BRAND_B.appId, secret: BRAND_B.secret }]),
    };
    t = await startTestApp(env, fake);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("submits with the uploader's own app: brand B's member through B, a default member through the default app", async () => {
    const brandMember = await t.client().loginWechat({ code: 'code-openid-brand-photo', appid: BRAND_B.appId });
    const member = await t.client().loginWechat({ code: 'code-openid-default-photo' });
    fake.reset();
    for (const [who, seed] of [
      [brandMember.token, 11],
      [member.token, 12],
    ] as const) {
      const { body, headers } = multipart(png(seed));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/uploads',
        payload: body,
        headers: { ...headers, authorization: `Bearer ${who}` },
      });
      expect(res.statusCode).toBe(201);
    }
    const checkedWith = fake.calls
      .filter((c) => c.path === '/wxa/media_check_async')
      .map((c) => [(c.body as { openid: string }).openid, fake.appOfToken(c.query.access_token)]);
    expect(checkedWith).toEqual([
      ['openid-brand-photo', BRAND_B.appId],
      ['openid-default-photo', fake.appId],
    ]);
  });
});
