import { ApiRoutes, ErrorCode } from '@quanzi/contract';
import { expectApiError, useStack } from '../harness';

describe('platform', () => {
  const stack = useStack({ label: 'api-health' });

  test('health reports ok on the embedded database', async () => {
    expect(await stack.api.health()).toEqual({ status: 'ok', db: 'embedded' });
  });

  test('an unknown API route answers 404 NOT_FOUND in the common error shape', async () => {
    const error = await expectApiError(stack.api.call('GET', '/api/no-such-route'), 404);
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(typeof error.message).toBe('string');
  });

  test('the OpenAPI docs are served', async () => {
    const res = await fetch(stack.baseUrl + ApiRoutes.docs);
    expect(res.status).toBe(200);
  });
});
