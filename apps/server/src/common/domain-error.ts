import { ErrorCode, type FieldError } from '@quanzi/contract';

/**
 * The one error type services throw. The exception filter turns it into the contract's
 * `{ code, message, details }` with the status the contract assigns to the code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** `what` names the thing in the member's words, e.g. notFound('圈子') → 「圈子不存在」. */
export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what}不存在`);
export const forbidden = (message = '没有权限') => new DomainError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = '请先登录') => new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

/** 429 with the seconds until a retry can succeed; the exception filter sends them as `Retry-After`. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `操作太频繁，请${waitInChinese(retryAfterSeconds)}后再试`,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
    this.name = 'RateLimitedError';
  }
}

function waitInChinese(seconds: number): string {
  if (seconds < 60) return ` ${seconds} 秒`;
  if (seconds < 3600) return ` ${Math.ceil(seconds / 60)} 分钟`;
  return ` ${Math.ceil(seconds / 3600)} 小时`;
}
