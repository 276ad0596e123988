import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';

/** WeChat answered with `errcode != 0`. Kept typed so callers can react to specific codes. */
export class WechatApiError extends DomainError {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(ErrorCode.UPSTREAM_FAILED, `WeChat ${api} failed (${errcode})`);
    this.name = 'WechatApiError';
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

/** WeChat could not be reached, answered garbage, or credentials are not configured. */
export class WechatUnavailableError extends DomainError {
  constructor(api: string, reason: string) {
    super(ErrorCode.UPSTREAM_FAILED, `WeChat ${api} unavailable: ${reason}`);
    this.name = 'WechatUnavailableError';
  }
}
