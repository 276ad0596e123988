import type { Id, IsoTime } from './common';

export interface WechatLoginRequest {
  code: string;
  /**
   * The mini-program the code comes from (a brand's appid, 专属小程序); also accepted as the
   * `X-Wx-Appid` header. Omitted: the server's default app (WECHAT_APPID).
   */
  appid?: string;
}

export interface DevLoginRequest {
  nickname: string;
}

export interface UserView {
  id: Id;
  nickname: string;
  avatarUrl: string | null;
  isPlatformAdmin: boolean;
  createdAt: IsoTime;
}

export interface LoginResponse {
  token: string;
  user: UserView;
}

export interface UpdateProfileRequest {
  nickname?: string;
  avatarUrl?: string;
}

export interface HealthResponse {
  status: 'ok';
  db: 'embedded' | 'mongodb';
}
