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
    const message = status >= 500 ? 'Internal server error' : error.message;
    return { status: ErrorStatus[code], body: { code, message } };
  }
  const fst = fastifyStatus(error);
  if (fst !== null && fst < 500) {
    const code = CODE_BY_STATUS[fst] ?? ErrorCode.VALIDATION_FAILED;
    return { status: ErrorStatus[code], body: { code, message: (error as Error).message } };
  }
  // A unique index refused a write that the service did not anticipate: still the client's conflict.
  if (isDuplicateKey(error)) {
    return { status: 409, body: { code: ErrorCode.CONFLICT, message: 'Already exists' } };
  }
  return { status: 500, body: { code: ErrorCode.INTERNAL, message: 'Internal server error' } };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const response = host.switchToHttp().getResponse();
    if (error instanceof RateLimitedError) this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', String(error.retryAfterSeconds));
    this.adapterHost.httpAdapter.reply(response, body, status);
  }
}
