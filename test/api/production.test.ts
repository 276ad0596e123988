import { ErrorCode } from '@quanzi/contract';
import { expectApiError, runServerExpectingExit, useStack } from '../harness';

const productionEnv = {
  NODE_ENV: 'production',
  DEV_LOGIN: undefined,
  JWT_SECRET: 'a-long-production-like-secret-for-the-e2e-suite-0123456789',
  // WECHAT_APPID / WECHAT_SECRET are set by the stack to the fake's credentials.
};

describe('production mode', () => {
  const stack = useStack({ label: 'api-production', env: productionEnv });

  test('POST /api/auth/dev does not exist in production (404)', async () => {
    const error = await expectApiError(stack.api.loginDev({ nickname: 'sneaky' }), 404);
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
  });

  test('WeChat login still works in production', async () => {
    const login = await stack.api.loginWechat({ code: 'code-openid-prod' });
    expect((await stack.as(login.token).getMe()).id).toBe(login.user.id);
  });
});

describe('production configuration is checked at boot', () => {
  test('a missing JWT secret stops the boot with a message naming it', async () => {
    const result = await runServerExpectingExit({
      label: 'api-production-no-secret',
      env: { ...productionEnv, JWT_SECRET: undefined, WECHAT_API_BASE: 'http://127.0.0.1:9' },
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/JWT_SECRET/);
  });
});
