import type { LoginResponse } from '@quanzi/contract';
import { startTestApp } from '../testing/test-app';

/** Click counting and per-IP limits both key on `request.ip`: what TRUST_PROXY lets a client claim. */
describe('visitor address behind proxies (TRUST_PROXY)', () => {
  async function world(env: Record<string, string>) {
    const t = await startTestApp({ RATE_LIMIT_INVITE: 'ip:1000/1m', ...env });
    const owner: LoginResponse = await t.client().loginWechat({ code: 'code-openid-proxy-owner' });
    const circleId = (await t.client(owner.token).createCircle({ name: '代理测试圈', joinPolicy: 'open' })).id;
    const { code } = await t.client(owner.token).createInvite(circleId, { channel: '海报' });
    const open = (remoteAddress: string, headers: Record<string, string> = {}) =>
      t.request('GET', `/api/invites/${code}`, { remoteAddress, headers });
    const clicks = async () => (await t.client(owner.token).listInvites(circleId)).items[0].clicks;
    return { t, open, clicks };
  }

  it('by default believes no forwarded header: varying X-Forwarded-For or User-Agent counts one click', async () => {
    const { t, open, clicks } = await world({});
    try {
      for (let i = 0; i < 5; i += 1) {
        expect(
          (await open('203.0.113.5', { 'x-forwarded-for': `198.51.100.${i}`, 'user-agent': `bot-${i}` })).status,
        ).toBe(200);
      }
      expect(await clicks()).toBe(1);
      await open('203.0.113.6');
      expect(await clicks()).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('by default a forged X-Forwarded-For does not escape the per-IP limit', async () => {
    const { t, open } = await world({ RATE_LIMIT_INVITE: 'ip:3/1m' });
    t.clock.set(Math.ceil(Date.now() / 60_000) * 60_000);
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await open('203.0.113.7', { 'x-forwarded-for': `198.51.100.${i}` })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });

  it('believes X-Forwarded-For only from the configured proxies, and only up to the first untrusted hop', async () => {
    const { t, open, clicks } = await world({ TRUST_PROXY: '10.0.0.0/8' });
    try {
      await open('10.0.0.2', { 'x-forwarded-for': '198.51.100.1' });
      await open('10.0.0.3', { 'x-forwarded-for': '198.51.100.2' });
      expect(await clicks()).toBe(2);
      // The client prepends a forged hop; the proxy appends the real address, which wins.
      await open('10.0.0.2', { 'x-forwarded-for': '192.0.2.99, 198.51.100.1' });
      expect(await clicks()).toBe(2);
      // A client talking to the server directly cannot claim an address.
      await open('203.0.113.9', { 'x-forwarded-for': '198.51.100.3' });
      await open('203.0.113.9', { 'x-forwarded-for': '198.51.100.4' });
      expect(await clicks()).toBe(3);
    } finally {
      await t.close();
    }
  });

  it('with a hop count, takes the address that many hops back', async () => {
    const { t, open, clicks } = await world({ TRUST_PROXY: '1' });
    try {
      await open('10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 198.51.100.7' });
      await open('10.0.0.5', { 'x-forwarded-for': '192.0.2.2, 198.51.100.7' });
      expect(await clicks()).toBe(1);
    } finally {
      await t.close();
    }
  });
});
