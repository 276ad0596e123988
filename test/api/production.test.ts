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

  test('the published development secret or a secret under 32 bytes stops the boot, saying why', async () => {
    const cases = [
      ['quanzi-dev-secret-do-not-use-in-production', /published development secret/],
      ['only-twenty-bytes-xx', /at least 32 bytes/],
    ] as const;
    for (const [secret, why] of cases) {
      const result = await runServerExpectingExit({
        label: 'api-production-weak-secret',
        env: { ...productionEnv, JWT_SECRET: secret, WECHAT_API_BASE: 'http://127.0.0.1:9' },
      });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(why);
    }
  });
});

describe('a server holding real credentials without NODE_ENV', () => {
  // The stack configures WeChat credentials; NODE_ENV and DEV_LOGIN are left unset, as on a
  // server someone started by hand.
  const stack = useStack({ label: 'api-credentials-no-env', env: { NODE_ENV: undefined, DEV_LOGIN: undefined } });

  test('offers no dev login and seeds no demo data', async () => {
    const error = await expectApiError(stack.api.loginDev({ nickname: 'sneaky' }), 404);
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    const login = await stack.api.loginWechat({ code: 'code-openid-ops' });
    expect((await stack.as(login.token).listCircles()).items).toEqual([]);
  });
});
