import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ErrorCode, ErrorStatus, type ApiErrorBody } from '@quanzi/contract';
import { DomainError, RateLimitedError } from './domain-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
};

/**
 * Chinese wording for errors raised outside our services (Nest's router, Fastify's body parsers):
 * their own messages are English and sometimes name internals.
 */
const MESSAGE_BY_STATUS: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '没有权限',
  404: '接口不存在',
  405: '不支持该请求方法',
  406: '不支持的内容类型',
  409: '操作冲突，请刷新后重试',
  413: '请求内容过大',
  415: '不支持的内容类型',
  429: '操作过于频繁，请稍后再试',
};
const MESSAGE_BY_FASTIFY_CODE: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求内容为空',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求长度与内容不符',
};
const INTERNAL_MESSAGE = '服务器内部错误，请稍后再试';

/** Errors raised by Fastify itself (bad JSON, body too large, wrong content type) carry a status. */
function fastifyStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return typeof statusCode === 'number' && typeof code === 'string' && code.startsWith('FST_') ? statusCode : null;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Maps every error to `{ code, message, details }`; unknown errors become 500 without internals. */
export function toErrorResponse(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof DomainError) {
    const body: ApiErrorBody = { code: error.code, message: error.message };
    if (error.details) body.details = error.details;
    return { status: ErrorStatus[error.code], body };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
    const message = status >= 500 ? INTERNAL_MESSAGE : (MESSAGE_BY_STATUS[status] ?? MESSAGE_BY_STATUS[400]);
    return { status: ErrorStatus[code], body: { code, message } };
  }
  const fst = fastifyStatus(error);
  if (fst !== null && fst < 500) {
    const code = CODE_BY_STATUS[fst] ?? ErrorCode.VALIDATION_FAILED;
    const fstCode = (error as { code: string }).code;
    const message = MESSAGE_BY_FASTIFY_CODE[fstCode] ?? MESSAGE_BY_STATUS[fst] ?? MESSAGE_BY_STATUS[400];
    return { status: ErrorStatus[code], body: { code, message } };
  }
  // A unique index refused a write that the service did not anticipate: still the client's conflict.
  if (isDuplicateKey(error)) {
    return { status: 409, body: { code: ErrorCode.CONFLICT, message: '记录已存在，请刷新后重试' } };
  }
  return { status: 500, body: { code: ErrorCode.INTERNAL, message: INTERNAL_MESSAGE } };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) {
      // `cause` carries what a member must not see (e.g. which WeChat call failed, and how).
      const cause = error instanceof Error && error.cause !== undefined ? `\ncause: ${String(error.cause)}` : '';
      this.logger.error(error instanceof Error ? `${error.stack ?? error.message}${cause}` : String(error));
    }
    const response = host.switchToHttp().getResponse();
    if (error instanceof RateLimitedError)
      this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', String(error.retryAfterSeconds));
    this.adapterHost.httpAdapter.reply(response, body, status);
  }
}
