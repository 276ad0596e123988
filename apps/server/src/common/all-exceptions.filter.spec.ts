import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@quanzi/contract';
import { toErrorResponse } from './all-exceptions.filter';
import { DomainError } from './domain-error';

describe('toErrorResponse', () => {
  it('maps a domain error to its contract status with details', () => {
    const details = [{ field: 'name', message: 'too long' }];
    expect(toErrorResponse(new DomainError(ErrorCode.SOLD_OUT, 'gone', details))).toEqual({
      status: 409,
      body: { code: 'SOLD_OUT', message: 'gone', details },
    });
    expect(toErrorResponse(new DomainError(ErrorCode.CONTENT_REJECTED, 'no')).status).toBe(422);
  });

  it('maps Nest HTTP exceptions to contract codes, in Chinese', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /api/x'))).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: '接口不存在' },
    });
    expect(toErrorResponse(new BadRequestException('bad')).body.code).toBe('VALIDATION_FAILED');
  });

  it('maps Fastify body errors (too large, malformed JSON)', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toErrorResponse(tooLarge)).toEqual({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' },
    });
    const badJson = Object.assign(new SyntaxError('Unexpected token'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toErrorResponse(badJson).body).toEqual({ code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' });
  });

  it('turns an unknown error into a 500 that reveals nothing of it', () => {
    const res = toErrorResponse(new Error('connection string mongodb://user:pw@db failed at /srv/app.js:12'));
    expect(res).toEqual({ status: 500, body: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
    expect(JSON.stringify(res)).not.toMatch(/mongodb|app\.js/);
  });

  it('treats a duplicate key the service did not expect as a conflict', () => {
    expect(toErrorResponse(Object.assign(new Error('E11000'), { code: 11000 })).body).toEqual({
      code: 'CONFLICT',
      message: '记录已存在，请刷新后重试',
    });
  });
});
