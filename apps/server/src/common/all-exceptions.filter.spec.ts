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

  it('maps Nest HTTP exceptions to contract codes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /api/x'))).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Cannot GET /api/x' },
    });
    expect(toErrorResponse(new BadRequestException('bad')).body.code).toBe('VALIDATION_FAILED');
  });

  it('maps Fastify body errors (too large, malformed JSON)', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toErrorResponse(tooLarge)).toEqual({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } });
    const badJson = Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(toErrorResponse(badJson).body.code).toBe('VALIDATION_FAILED');
  });

  it('turns an unknown error into a 500 that reveals nothing of it', () => {
    const res = toErrorResponse(new Error('connection string mongodb://user:pw@db failed at /srv/app.js:12'));
    expect(res).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(JSON.stringify(res)).not.toMatch(/mongodb|app\.js/);
  });

  it('treats a duplicate key the service did not expect as a conflict', () => {
    expect(toErrorResponse(Object.assign(new Error('E11000'), { code: 11000 })).body.code).toBe('CONFLICT');
  });
});
