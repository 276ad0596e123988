import type { Id, IsoTime } from './common';

export interface WechatLoginRequest {
  code: string;
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
