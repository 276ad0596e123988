import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { ConfigError, loadSettings } from './settings';

const PROD_OK = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-long-enough-production-secret-0123456789',
  WECHAT_APPID: 'wx123',
  WECHAT_SECRET: 'secret',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadSettings', () => {
  it('applies the documented defaults for a bare development environment', () => {
    const s = loadSettings({});
    expect(s.port).toBe(3000);
    expect(s.nodeEnv).toBe('development');
    expect(s.mongodbUri).toBeNull();
    expect(s.dataDir).toBe(path.resolve('./data'));
    expect(s.dbInMemory).toBe(false);
    expect(s.devLogin).toBe(true);
    expect(s.wechat.apiBase).toBe('https://api.weixin.qq.com');
    expect(s.jwtTtlSeconds).toBe(30 * 86400);
    expect(s.h5Dir).toBe(path.resolve(__dirname, '../../../miniprogram/dist/h5'));
    expect(s.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('parses lists, booleans, numbers and durations', () => {
    const s = loadSettings({
      PORT: '8080',
      ADMIN_OPENIDS: ' a , b,,c ',
      DEV_LOGIN: '0',
      DB_IN_MEMORY: 'true',
      JWT_TTL: '12h',
      WECHAT_API_BASE: 'http://127.0.0.1:9999/',
    });
    expect(s.port).toBe(8080);
    expect([...s.adminOpenids]).toEqual(['a', 'b', 'c']);
    expect(s.devLogin).toBe(false);
    expect(s.dbInMemory).toBe(true);
    expect(s.jwtTtlSeconds).toBe(12 * 3600);
    expect(s.wechat.apiBase).toBe('http://127.0.0.1:9999');
  });

  it('reports every malformed variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DEV_LOGIN: 'maybe',
      MONGODB_URI: 'postgres://x',
      JWT_TTL: 'forever',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DEV_LOGIN/);
    expect(problems.join('\n')).toMatch(/MONGODB_URI/);
    expect(problems.join('\n')).toMatch(/JWT_TTL/);
  });

  it('stops a production boot without a JWT secret or WeChat credentials, with a clear message', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'JWT_SECRET is required when NODE_ENV=production',
        'WECHAT_APPID and WECHAT_SECRET are required when NODE_ENV=production',
      ]),
    );
    expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(/Invalid configuration/);
  });

  it('refuses DEV_LOGIN in production and keeps dev login off there by default', () => {
    expect(problemsOf({ ...PROD_OK, DEV_LOGIN: '1' })).toEqual([
      'DEV_LOGIN cannot be enabled when NODE_ENV=production',
    ]);
    const s = loadSettings(PROD_OK);
    expect(s.isProduction).toBe(true);
    expect(s.devLogin).toBe(false);
  });

  it('refuses to boot production with the published development secret, saying why', () => {
    const problems = problemsOf({ ...PROD_OK, JWT_SECRET: 'quanzi-dev-secret-do-not-use-in-production' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/JWT_SECRET is the published development secret/);
    expect(problems[0]).toMatch(/32 bytes/);
  });

  it('refuses a production JWT secret shorter than 32 bytes, explaining the risk', () => {
    const [problem] = problemsOf({ ...PROD_OK, JWT_SECRET: 'x'.repeat(31) });
    expect(problem).toMatch(/JWT_SECRET must be at least 32 bytes.*\(it is 31\)/);
    expect(problemsOf({ ...PROD_OK, JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
    // Outside production a short secret is still fine (tests, local runs).
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(16) })).toEqual([]);
  });

  it('keeps dev login and demo data off by default when real credentials are configured', () => {
    for (const credentials of [
      { WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' },
      { WECHAT_APPID: 'wx1' },
      { MONGODB_URI: 'mongodb://db/quanzi' },
    ]) {
      const s = loadSettings(credentials);
      expect(s.nodeEnv).toBe('development');
      expect(s.devLogin).toBe(false);
      expect(s.seedDemo).toBe(false);
      // Asking explicitly (outside production) still works, e.g. for a staging server.
      const asked = loadSettings({ ...credentials, DEV_LOGIN: '1', SEED_DEMO: '1' });
      expect([asked.devLogin, asked.seedDemo]).toEqual([true, true]);
    }
    // A fresh clone (no credentials) keeps dev login and demo data.
    const fresh = loadSettings({});
    expect([fresh.devLogin, fresh.seedDemo]).toEqual([true, true]);
  });

  it('reads the optional upload CDN URL without its trailing slash', () => {
    expect(loadSettings({}).uploadCdnUrl).toBeNull();
    expect(loadSettings({ UPLOAD_CDN_URL: 'https://cdn.example.com/quanzi/' }).uploadCdnUrl).toBe(
      'https://cdn.example.com/quanzi',
    );
    expect(problemsOf({ UPLOAD_CDN_URL: 'ftp://cdn' }).join()).toMatch(/UPLOAD_CDN_URL/);
  });

  it('refuses the movable test clock outside NODE_ENV=test, production included', () => {
    expect(problemsOf({ ...PROD_OK, TEST_CLOCK: '1' })).toEqual(['TEST_CLOCK can only be enabled when NODE_ENV=test']);
    expect(problemsOf({ NODE_ENV: 'development', TEST_CLOCK: '1' })).toEqual([
      'TEST_CLOCK can only be enabled when NODE_ENV=test',
    ]);
    expect(loadSettings({ NODE_ENV: 'test', TEST_CLOCK: '1' }).testClock).toBe(true);
    expect(loadSettings({ NODE_ENV: 'test' }).testClock).toBe(false);
  });

  it('takes payments through the dev gateway by default outside production, refuses it in production', () => {
    expect(loadSettings({ NODE_ENV: 'development' }).payments.gateway).toBe('dev');
    expect(loadSettings(PROD_OK).payments.gateway).toBe('none');
    expect(problemsOf({ ...PROD_OK, PAYMENT_GATEWAY: 'dev' })).toEqual([
      'PAYMENT_GATEWAY=dev cannot be used when NODE_ENV=production',
    ]);
  });

  it('validates the WeChat Pay merchant configuration; production takes paid signups only with it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const merchant = {
      WECHATPAY_MCHID: '1900000109',
      WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      WECHATPAY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
      WECHATPAY_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000001092025120800000000000001',
    };
    const s = loadSettings({ ...PROD_OK, ...merchant, PUBLIC_BASE_URL: 'https://quanzi.example.com' });
    expect(s.payments.gateway).toBe('wechat');
    expect(s.payments.wechatpay).toMatchObject({
      mchid: '1900000109',
      appId: 'wx123',
      baseUrl: 'https://api.mch.weixin.qq.com',
      notifyUrl: 'https://quanzi.example.com/api/payments/wechat/notify',
      refundNotifyUrl: 'https://quanzi.example.com/api/payments/wechat/refund-notify',
    });
    // Without a merchant, production refuses paid signups (gateway none) unless told wechat, which then refuses to boot.
    expect(loadSettings(PROD_OK).payments.wechatpay).toBeNull();
    expect(problemsOf({ ...PROD_OK, PAYMENT_GATEWAY: 'wechat' })).toEqual(
      expect.arrayContaining([
        'WECHATPAY_MCHID is required when PAYMENT_GATEWAY=wechat',
        'WECHATPAY_PRIVATE_KEY or WECHATPAY_PRIVATE_KEY_FILE is required',
      ]),
    );
    expect(
      problemsOf({
        ...PROD_OK,
        ...merchant,
        WECHATPAY_APIV3_KEY: 'short',
        WECHATPAY_PUBLIC_KEY_ID: 'ABC',
        WECHATPAY_PUBLIC_KEY: 'not a key',
        WECHATPAY_BASE_URL: 'ftp://x',
      }),
    ).toEqual([
      'WECHATPAY_APIV3_KEY must be 32 bytes',
      'WECHATPAY_PUBLIC_KEY_ID must be the 微信支付公钥 id (PUB_KEY_ID_…)',
      'WECHATPAY_PUBLIC_KEY is not a PEM public key',
      'WECHATPAY_BASE_URL must be an http(s) origin',
    ]);
    expect(
      problemsOf({ ...merchant, PAYMENT_GATEWAY: 'wechat', WECHATPAY_PRIVATE_KEY_FILE: '/nonexistent.pem' }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^WECHATPAY_PRIVATE_KEY_FILE cannot be read/)]));
  });
});
