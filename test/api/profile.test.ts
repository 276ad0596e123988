import { ApiRoutes, ErrorCode, Limits } from '@quanzi/contract';
import { expectApiError, useStack } from '../harness';

describe('profile', () => {
  const stack = useStack({ label: 'api-profile' });

  test('dev login gives the same user for the same nickname', async () => {
    const first = await stack.api.loginDev({ nickname: '小明' });
    const second = await stack.api.loginDev({ nickname: '小明' });
    expect(second.user.id).toBe(first.user.id);
    const other = await stack.api.loginDev({ nickname: '小红' });
    expect(other.user.id).not.toBe(first.user.id);
  });

  test('PATCH /api/me persists the nickname and GET /api/me returns it', async () => {
    const { token, user } = await stack.api.loginDev({ nickname: 'profile-owner' });
    const me = stack.as(token);

    const updated = await me.updateMe({ nickname: '圈主老王' });
    expect(updated.id).toBe(user.id);
    expect(updated.nickname).toBe('圈主老王');

    const read = await me.getMe();
    expect(read.id).toBe(user.id);
    expect(read.nickname).toBe('圈主老王');
    expect(read.createdAt).toBe(user.createdAt);

    // Logging in again does not overwrite the edited profile.
    const again = await stack.api.loginDev({ nickname: 'profile-owner' });
    expect(again.user).toMatchObject({ id: user.id, nickname: '圈主老王' });
  });

  test('a nickname the WeChat content check marks risky is refused (422) and the old one kept', async () => {
    // A WeChat account: the server skips the check for dev accounts.
    const { token } = await stack.api.loginWechat({ code: 'code-openid-risky-editor' });
    const me = stack.as(token);
    const before = await me.getMe();
    const error = await expectApiError(me.updateMe({ nickname: '违禁词小号' }), 422);
    expect(error.code).toBe(ErrorCode.CONTENT_REJECTED);
    expect(stack.wechat.checkedTexts).toContainEqual(
      expect.objectContaining({ content: '违禁词小号', openid: 'openid-risky-editor' }),
    );
    expect(await me.getMe()).toEqual(before);
  });

  test('a malformed profile update is a 400 VALIDATION_FAILED with per-field details and changes nothing', async () => {
    const { token } = await stack.api.loginDev({ nickname: 'careful-editor' });
    const me = stack.as(token);
    const before = await me.getMe();

    const error = await expectApiError(
      me.call('PATCH', ApiRoutes.me, {
        nickname: 'x'.repeat(Limits.nicknameMax + 1),
        avatarUrl: 12345,
        isPlatformAdmin: true,
      }),
      400,
    );
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    const fields = (error.details ?? []).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['nickname', 'avatarUrl', 'isPlatformAdmin']));

    expect(await me.getMe()).toEqual(before);
  });
});
