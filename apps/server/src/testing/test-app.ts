import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createApiClient, Limits, type ApiClient } from '@quanzi/contract';
import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';
import { configureApp } from '../app.factory';
import { AppModule } from '../app.module';
import { Clock, TestClock } from '../common/clock';
import { RATE_LIMIT_POLICIES, rateLimitVariable } from '../config/abuse-settings';
import { loadSettings } from '../config/settings';

export interface TestContext {
  app: NestFastifyApplication;
  wechat: FakeWechat;
  /** The app's clock: real time until a test moves it (`advance`, `set`). */
  clock: TestClock;
  /** Raw request through Fastify's inject: status + parsed JSON body. */
  request(
    method: string,
    url: string,
    options?: RequestOptions,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read whatever fields the route returns
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** The contract client over inject, optionally as a logged-in user. */
  client(token?: string): ApiClient;
  close(): Promise<void>;
}

/** A provider replaced for one test app, e.g. a fake MEMBER_TAGGER before the tags module exists. */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The peer address the request comes from (inject's default: 127.0.0.1). */
  remoteAddress?: string;
}

/**
 * Test apps raise every rate limit out of reach (and drop the upload quota), since specs fire
 * many requests from one address; a spec about limits passes CONFIGURED_RATE_LIMITS to get the
 * configured defaults back.
 */
export const RELAXED_RATE_LIMITS: Record<string, string> = {
  ...Object.fromEntries(RATE_LIMIT_POLICIES.map((p) => [rateLimitVariable(p), 'user:1000000/1m,ip:1000000/1m'])),
  UPLOAD_DAILY_BYTES: '0',
};
export const CONFIGURED_RATE_LIMITS: Record<string, string> = Object.fromEntries(
  Object.keys(RELAXED_RATE_LIMITS).map((k) => [k, '']),
);

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';

/** Boots the real application in-process: in-memory engine (unless MONGODB_URI given) + fake WeChat. */
export async function startTestApp(
  env: Record<string, string> = {},
  wechat?: FakeWechat,
  overrides: ProviderOverride[] = [],
): Promise<TestContext> {
  const fake = wechat ?? (await startFakeWechat());
  const settings = loadSettings({
    NODE_ENV: 'test',
    DB_IN_MEMORY: '1',
    JWT_SECRET: TEST_JWT_SECRET,
    WECHAT_APPID: fake.appId,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.baseUrl,
    // The fake WeChat credentials would otherwise switch dev login off (settings.ts).
    DEV_LOGIN: '1',
    H5_DIR: '/nonexistent-h5-dir',
    ...RELAXED_RATE_LIMITS,
    ...env,
  });
  const clock = new TestClock();
  const app = await createAppWith(settings, [{ provide: Clock, useValue: clock }, ...overrides]);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const request: TestContext['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      ...(options.body === undefined
        ? {}
        : typeof options.body === 'string'
          ? { payload: options.body }
          : { payload: options.body as object }),
    });
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json')) body = res.json();
    return { status: res.statusCode, body, headers: res.headers };
  };

  return {
    app,
    wechat: fake,
    clock,
    request,
    client: (token) =>
      createApiClient(async ({ method, path, body, headers }) => {
        const res = await request(method, path, { token, body, headers });
        return { status: res.status, data: res.body };
      }),
    close: async () => {
      await app.close();
      if (!wechat) await fake.stop();
    },
  };
}

/** The same application as createApp, built through Nest's testing module so providers can be replaced. */
async function createAppWith(
  settings: ReturnType<typeof loadSettings>,
  overrides: ProviderOverride[],
): Promise<NestFastifyApplication> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(settings)] });
  for (const o of overrides) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter({ bodyLimit: Limits.jsonBodyMaxBytes, trustProxy: settings.abuse.trustProxy }),
    {
      logger: ['error'],
      abortOnError: false,
      // As in createApp: configureApp installs the JSON parser itself.
      bodyParser: false,
    },
  );
  await configureApp(app, settings);
  return app;
}
