import type { UpdateProfileRequest, UserView } from '@quanzi/contract';
import { Limits } from '@quanzi/contract';

export interface ProfileFormProps {
  user: UserView;
  onSaved: (user: UserView) => void;
}

/** Checks the nickname the way the server will, so the common mistakes never leave the device. */
export function nicknameProblem(nickname: string): string | null {
  if (!nickname) return '请输入昵称';
  if (Array.from(nickname).length > Limits.nicknameMax) return `昵称最多 ${Limits.nicknameMax} 个字`;
  return null;
}

/** Only the fields that changed, so an untouched avatar is never re-sent. */
export function profilePatch(user: UserView, nickname: string, avatarUrl: string): UpdateProfileRequest {
  const patch: UpdateProfileRequest = {};
  if (nickname !== user.nickname) patch.nickname = nickname;
  if (avatarUrl && avatarUrl !== user.avatarUrl) patch.avatarUrl = avatarUrl;
  return patch;
}
