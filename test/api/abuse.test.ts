import { useStack } from '../harness';

/** The built server over real HTTP, with the login limit at its configured default. */
describe('abuse limits and headers', () => {
  const stack = useStack({ label: 'api-abuse', env: { RATE_LIMIT_LOGIN: undefined } });

  test('a burst of logins from one address gets 429 RATE_LIMITED with Retry-After', async () => {
    const login = (i: number) =>
      fetch(`${stack.baseUrl}/api/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nickname: `突发${i}` }),
      });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 70 && !refused; i += 1) {
      const res = await login(i);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    // The default is 30 a minute; a minute boundary during the burst may allow up to twice that.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(30);
    expect(refused).toBeDefined();
    expect(await refused!.json()).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^操作太频繁，请 \d+ (秒|分钟)后再试$/),
    });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  test('API responses forbid MIME sniffing', async () => {
    const res = await fetch(`${stack.baseUrl}/api/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
