import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiClient, type ApiClient } from '@quanzi/contract';
import { startFakeWechat, type FakeWechat } from '../../../../test/fakes/wechat-fake';
import { createApp } from '../app.factory';
import { loadSettings } from '../config/settings';

export interface TestContext {
  app: NestFastifyApplication;
  wechat: FakeWechat;
  /** Raw request through Fastify's inject: status + parsed JSON body. */
  request(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** The contract client over inject, optionally as a logged-in user. */
  client(token?: string): ApiClient;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';

/** Boots the real application in-process: in-memory engine (unless MONGODB_URI given) + fake WeChat. */
export async function startTestApp(env: Record<string, string> = {}, wechat?: FakeWechat): Promise<TestContext> {
  const fake = wechat ?? (await startFakeWechat());
  const settings = loadSettings({
    NODE_ENV: 'test',
    DB_IN_MEMORY: '1',
    JWT_SECRET: TEST_JWT_SECRET,
    WECHAT_APPID: fake.appId,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.baseUrl,
    H5_DIR: '/nonexistent-h5-dir',
    ...env,
  });
  const app = await createApp({ settings, logger: ['error'] });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const request: TestContext['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body === undefined ? {} : typeof options.body === 'string' ? { payload: options.body } : { payload: options.body as object }),
    });
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json')) body = res.json();
    return { status: res.statusCode, body, headers: res.headers };
  };

  return {
    app,
    wechat: fake,
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
