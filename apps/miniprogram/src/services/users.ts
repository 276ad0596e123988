import type { UpdateProfileRequest, UserView } from '@quanzi/contract';
import { auth } from './auth';
import { api, quietApi } from './http';

/** The signed-in user's profile (`GET /api/me`); keeps the auth store's copy current. */
export async function fetchMe(options: { toast?: boolean } = {}): Promise<UserView> {
  const user = await (options.toast === false ? quietApi : api).getMe();
  auth.setUser(user);
  return user;
}

export async function updateMe(patch: UpdateProfileRequest): Promise<UserView> {
  const user = await api.updateMe(patch);
  auth.setUser(user);
  return user;
}
