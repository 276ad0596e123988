import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, Limits } from '@quanzi/contract';
import { h5Dir, sendRaw, useStack } from '../harness';

const h5Built = fs.existsSync(path.join(h5Dir, 'index.html'));

describe('one process is the whole product', () => {
  const stack = useStack({ label: 'api-hosting' });

  (h5Built ? test : test.skip)('serves the H5 app at / and its pages as deep links', async () => {
    for (const url of ['/', '/pages/me/index']) {
      const res = await fetch(stack.baseUrl + url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      // Framing protection, no referrer, and a CSP that names its scripts (no 'unsafe-inline' scripts).
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      const scriptSrc = /script-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '';
      expect(scriptSrc).toMatch(/^'self' /);
      expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('an unknown /api path is a JSON 404, never the H5 page', async () => {
    const res = await sendRaw(stack.baseUrl, 'GET', '/api/pages/me/index');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  test('a JSON body over the size limit is refused with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ code: 'x'.repeat(Limits.jsonBodyMaxBytes + 1024) });
    const res = await sendRaw(stack.baseUrl, 'POST', '/api/auth/wechat', { rawBody: huge });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
  });
});
