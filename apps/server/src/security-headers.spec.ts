import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp, type TestContext } from './testing/test-app';

const INLINE = 'document.documentElement.style.fontSize="20px"';

describe('security headers (@fastify/helmet)', () => {
  let t: TestContext;
  let h5Dir: string;

  beforeAll(async () => {
    h5Dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quanzi-h5-'));
    await fs.writeFile(
      path.join(h5Dir, 'index.html'),
      `<!doctype html><html><head><script>${INLINE}</script><script defer src="/js/app.js"></script></head><body></body></html>`,
    );
    t = await startTestApp({ H5_DIR: h5Dir });
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(h5Dir, { recursive: true, force: true });
  });

  it('API responses, errors included, forbid MIME sniffing and framing', async () => {
    for (const [method, url] of [
      ['GET', '/api/health'],
      ['GET', '/api/no-such-route'],
      ['POST', '/api/circles'],
    ] as const) {
      const res = await t.request(method, url, { body: method === 'POST' ? {} : undefined });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves the H5 app with a CSP allowing only its own scripts and its hashed inline script', async () => {
    const res = await t.request('GET', '/');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`;
    // Plus exactly one 'unsafe-hashes' hash: Taro's `javascript:;` tab links; never 'unsafe-inline'.
    const noop = `'sha256-${createHash('sha256').update('javascript:;').digest('base64')}'`;
    expect(directives['script-src']).toEqual(["'self'", hash, "'unsafe-hashes'", noop]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
