import { ApiRoutes, ErrorCode, type DailyActivityResponse } from '@quanzi/contract';
import { expectApiError, useStack } from '../harness';

/** Asia/Shanghai calendar day (UTC+8, no DST), shifted by `offsetDays`. */
function shanghaiDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Matches ADMIN_OPENIDS in the harness's server environment. */
const adminCode = 'code-e2e-platform-admin';

describe('activity log and platform admins', () => {
  const stack = useStack({ label: 'api-activity' });

  test('ADMIN_OPENIDS makes a platform admin; others are not', async () => {
    expect((await stack.api.loginWechat({ code: adminCode })).user.isPlatformAdmin).toBe(true);
    expect((await stack.api.loginWechat({ code: 'code-openid-plain-member' })).user.isPlatformAdmin).toBe(false);
  });

  test('a member cannot read the platform activity (403 FORBIDDEN)', async () => {
    const { token } = await stack.api.loginWechat({ code: 'code-openid-curious-member' });
    const path = `${ApiRoutes.adminDailyActivity}?from=${shanghaiDay(-1)}&to=${shanghaiDay(1)}`;
    const error = await expectApiError(stack.as(token).call('GET', path), 403);
    expect(error.code).toBe(ErrorCode.FORBIDDEN);
  });

  test('every login is counted in the daily rollup a platform admin reads', async () => {
    const { token } = await stack.api.loginWechat({ code: adminCode });
    const admin = stack.as(token);
    const path = `${ApiRoutes.adminDailyActivity}?from=${shanghaiDay(-1)}&to=${shanghaiDay(1)}`;
    const logins = async () => {
      const res = await admin.call<DailyActivityResponse>('GET', path);
      return res.items.filter((i) => i.type === 'user.logged_in').reduce((sum, i) => sum + i.count, 0);
    };
    // Logins so far in this file: admin, plain member, curious member, admin again.
    const before = await waitFor(logins, (n) => n >= 4);
    expect(before).toBe(4);

    await stack.api.loginDev({ nickname: 'activity-dev-user' });
    await stack.api.loginWechat({ code: 'code-openid-plain-member' });
    expect(await waitFor(logins, (n) => n >= before + 2)).toBe(before + 2);
  });
});

/** The bus applies rollups in-process right after the response; give it a moment. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}
