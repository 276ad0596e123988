import { ApiRoutes, ErrorCode, type FieldError } from '@quanzi/contract';
import { expectApiError, sendRaw, useStack } from '../harness';

/** The fake WeChat server accepts `code-<openid>` and logs in as that openid. */
const codeFor = (openid: string) => `code-${openid}`;

function fieldsOf(details: FieldError[] | undefined): string[] {
  expect(Array.isArray(details)).toBe(true);
  for (const d of details ?? []) expect(typeof d.message).toBe('string');
  return (details ?? []).map((d) => d.field);
}

describe('WeChat login', () => {
  const stack = useStack({ label: 'api-auth' });

  test('creates one user per openid: a second login returns the same user', async () => {
    const first = await stack.api.loginWechat({ code: codeFor('openid-alice') });
    const second = await stack.api.loginWechat({ code: codeFor('openid-alice') });
    expect(first.token).toEqual(expect.any(String));
    expect(first.user.id).toMatch(/^[0-9a-f]{24}$/);
    expect(second.user.id).toBe(first.user.id);
    const exchanges = stack.wechat.calls.filter((c) => c.path === '/sns/jscode2session');
    expect(exchanges.map((c) => c.query.js_code)).toEqual(['code-openid-alice', 'code-openid-alice']);

    const other = await stack.api.loginWechat({ code: codeFor('openid-bob') });
    expect(other.user.id).not.toBe(first.user.id);

    // Both tokens of the same person see the same profile.
    expect((await stack.as(first.token).getMe()).id).toBe(first.user.id);
    expect((await stack.as(second.token).getMe()).id).toBe(first.user.id);
  });

  test('an invalid code is refused with 401 UNAUTHENTICATED', async () => {
    const error = await expectApiError(stack.api.loginWechat({ code: 'invalid' }), 401);
    expect(error.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  test('a missing, empty or non-string code is a 400 VALIDATION_FAILED naming the field', async () => {
    for (const body of [{}, { code: 42 }, { code: '' }]) {
      const error = await expectApiError(stack.api.call('POST', ApiRoutes.authWechat, body), 400);
      expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(fieldsOf(error.details)).toContain('code');
    }
  });

  test('unknown fields in a body are rejected, each named in the details', async () => {
    const error = await expectApiError(
      stack.api.call('POST', ApiRoutes.authWechat, { code: codeFor('openid-carol'), role: 'admin' }),
      400,
    );
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(fieldsOf(error.details)).toContain('role');
  });

  test('a body that is not JSON is a 400 VALIDATION_FAILED, not a 500', async () => {
    const res = await sendRaw(stack.baseUrl, 'POST', ApiRoutes.authWechat, { rawBody: '{"code": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });
});

describe('authentication on private routes', () => {
  const stack = useStack({ label: 'api-guard' });

  test('GET /api/me without a token is 401 UNAUTHENTICATED', async () => {
    const error = await expectApiError(stack.api.getMe(), 401);
    expect(error.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  test('PATCH /api/me without a token is 401 UNAUTHENTICATED', async () => {
    const error = await expectApiError(stack.api.updateMe({ nickname: 'intruder' }), 401);
    expect(error.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  test('a forged or garbled token is 401 UNAUTHENTICATED', async () => {
    for (const token of ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged-signature']) {
      const error = await expectApiError(stack.as(token).getMe(), 401);
      expect(error.code).toBe(ErrorCode.UNAUTHENTICATED);
    }
  });
});
