import { ApiRoutes, ErrorCode } from '@quanzi/contract';
import { expectApiError, useStack } from '../harness';

describe('platform', () => {
  const stack = useStack({ label: 'api-health' });

  test('health reports ok on the embedded database', async () => {
    expect(await stack.api.health()).toEqual({ status: 'ok', db: 'embedded' });
  });

  test('liveness and readiness answer separately; readiness pings the database', async () => {
    for (const path of ['/api/health/live', '/api/health/ready']) {
      const res = await fetch(stack.baseUrl + path);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', db: 'embedded' });
    }
  });

  test("every response carries a request id: the caller's when sane, else a new one", async () => {
    const given = await fetch(stack.baseUrl + ApiRoutes.health, { headers: { 'x-request-id': 'lb-42.abc' } });
    expect(given.headers.get('x-request-id')).toBe('lb-42.abc');
    const fresh = await fetch(stack.baseUrl + ApiRoutes.health);
    const bad = await fetch(stack.baseUrl + ApiRoutes.health, { headers: { 'x-request-id': 'a b{"x":1}' } });
    for (const res of [fresh, bad]) expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
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
