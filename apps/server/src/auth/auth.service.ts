import { Injectable } from '@nestjs/common';
import { ErrorCode, type LoginResponse } from '@quanzi/contract';
import { DomainEventBus } from '../bus/domain-event-bus';
import { DomainError, unauthenticated } from '../common/domain-error';
import { Settings } from '../config/settings';
import { UsersService } from '../users/users.service';
import { WechatApiError } from '../wechat/wechat.errors';
import { WechatService } from '../wechat/wechat.service';
import { TokenService } from './token.service';

/** WeChat no longer shares nicknames at login; members pick one on the profile page. */
function defaultNickname(): string {
  return `圈友${Math.floor(1000 + Math.random() * 9000)}`;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly settings: Settings,
    private readonly wechat: WechatService,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly bus: DomainEventBus,
  ) {}

  async loginWithWechat(code: string, appId: string | null = null): Promise<LoginResponse> {
    let session;
    try {
      session = await this.wechat.code2Session(code, appId);
    } catch (error) {
      if (error instanceof WechatApiError && error.isInvalidCode) {
        throw unauthenticated('微信登录凭证无效或已过期，请重试');
      }
      throw error;
    }
    return this.completeLogin(session.openid, session.unionid, defaultNickname(), 'wechat', appId);
  }

  /** Local development and the H5 build (no wx.login there); never available in production. */
  async loginDev(nickname: string): Promise<LoginResponse> {
    // Same answer as a missing route, so production does not even reveal the endpoint.
    if (!this.settings.devLogin) throw new DomainError(ErrorCode.NOT_FOUND, '接口不存在');
    return this.completeLogin(`dev:${nickname}`, null, nickname, 'dev');
  }

  private async completeLogin(
    openid: string,
    unionid: string | null,
    nickname: string,
    method: 'wechat' | 'dev',
    appId: string | null = null,
  ): Promise<LoginResponse> {
    const { user, firstLogin } = await this.users.upsertForLogin(openid, unionid, nickname, appId);
    const userId = user._id.toHexString();
    await this.bus.publish('user.logged_in', { circleId: null, actorId: userId, method, firstLogin });
    return { token: this.tokens.sign(userId, appId), user: this.users.toUserView(user) };
  }
}
