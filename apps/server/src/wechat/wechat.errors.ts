import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';

/** WeChat answered with `errcode != 0`. Kept typed so callers can react to specific codes. */
export class WechatApiError extends DomainError {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(ErrorCode.UPSTREAM_FAILED, `微信服务调用失败（错误码 ${errcode}），请稍后再试`);
    this.name = 'WechatApiError';
    // For the server log only (the exception filter prints it); members see the message above.
    this.cause = `WeChat ${api} failed (${errcode} ${errmsg})`;
  }

  /** The login code is unknown, expired or already used: the client must log in again. */
  get isInvalidCode(): boolean {
    return this.errcode === 40029 || this.errcode === 40163 || this.errcode === 40226;
  }

  /** The access token was revoked or expired early: refresh it and retry once. */
  get isTokenInvalid(): boolean {
    return this.errcode === 40001 || this.errcode === 42001 || this.errcode === 40014;
  }

  /** The member has not allowed (or has used up) this subscribe template. */
  get isSubscriptionRefused(): boolean {
    return this.errcode === 43101;
  }
}

/** WeChat could not be reached or answered garbage (502), or credentials are not configured (503). */
export class WechatUnavailableError extends DomainError {
  constructor(api: string, reason: string, notConfigured = false) {
    super(
      notConfigured ? ErrorCode.UNAVAILABLE : ErrorCode.UPSTREAM_FAILED,
      notConfigured ? '本服务器未配置微信小程序，暂不能使用微信登录等微信功能' : '微信服务暂时无法访问，请稍后再试',
    );
    this.name = 'WechatUnavailableError';
    this.cause = `WeChat ${api} unavailable: ${reason}`;
  }
}
