import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp, type TestContext } from './testing/test-app';

describe('application platform', () => {
  let t: TestContext;
  let h5Dir: string;

  beforeAll(async () => {
    h5Dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quanzi-h5-'));
    await fs.writeFile(path.join(h5Dir, 'index.html'), '<!doctype html><title>圈子</title>');
    await fs.mkdir(path.join(h5Dir, 'js'));
    await fs.writeFile(path.join(h5Dir, 'js', 'app.js'), 'console.log("app")');
    t = await startTestApp({ H5_DIR: h5Dir });
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(h5Dir, { recursive: true, force: true });
  });

  it('reports health and which database it runs on', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', db: 'embedded' } });
  });

  it('answers an unknown API route with the contract 404 body', async () => {
    const res = await t.request('GET', '/api/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.request('POST', '/api/auth/wechat', {
      body: JSON.stringify({ code: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.request('POST', '/api/auth/wechat', {
      body: '{"code": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('takes an empty body sent as JSON as no body, while a __proto__ key is still refused', async () => {
    const empty = await t.request('POST', '/api/auth/dev', {
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    // No body: the DTO's required nickname is what is missing, not the JSON.
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ field: 'nickname' })]),
    });
    const poisoned = await t.request('POST', '/api/auth/dev', {
      body: '{"nickname":"a","__proto__":{"x":1}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(poisoned.status).toBe(400);
  });

  it('refuses deeply nested JSON with 400 before validation, and rejects 1 MB of nesting at once', async () => {
    const deep = `{"code":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await t.request('POST', '/api/auth/wechat', {
      body: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: expect.stringContaining('嵌套过深') },
    });

    const huge = `{"code":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
    const started = process.hrtime.bigint();
    const big = await t.request('POST', '/api/auth/wechat', {
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(big.status).toBe(400);
    expect(ms).toBeLessThan(150);

    // Brackets inside strings are text, not nesting; an ordinary body still works.
    const text = await t.request('POST', '/api/auth/dev', {
      body: JSON.stringify({ nickname: '[[[[{{{{\\"'.repeat(3) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(text.status).toBe(200);
  });

  it('answers errors raised outside the services (router, body parser, validation) in Chinese', async () => {
    const cjk = /[\u4e00-\u9fff]/;
    const responses = [
      await t.request('GET', '/api/no-such-route'),
      await t.request('POST', '/api/auth/wechat', {
        body: '{"code": ',
        headers: { 'content-type': 'application/json' },
      }),
      await t.request('POST', '/api/auth/wechat', { body: 'code=1', headers: { 'content-type': 'text/plain' } }),
      await t.request('POST', '/api/auth/dev', { body: { nickname: 'x'.repeat(40) } }),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.message).toMatch(cjk);
      for (const d of res.body.details ?? []) expect(d.message).toMatch(cjk);
    }
  });

  it('serves the OpenAPI document and UI under /api/docs', async () => {
    const json = await t.request('GET', '/api/docs-json');
    // Which paths it holds is openapi-contract.spec.ts's job.
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ openapi: expect.any(String), paths: expect.any(Object) });
    const ui = await t.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.headers['content-type'])).toContain('text/html');
  });

  it('answers CORS preflights so the H5 dev server can call the API with a bearer token', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/me',
      headers: {
        origin: 'http://localhost:10086',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:10086');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('serves the H5 app: files as they are, other paths fall back to index.html', async () => {
    const root = await t.request('GET', '/');
    expect(root.status).toBe(200);
    expect(root.body).toContain('<title>圈子</title>');
    const asset = await t.request('GET', '/js/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("app")');
    const deepLink = await t.request('GET', '/pages/circle/index?id=1');
    expect(deepLink.status).toBe(200);
    expect(deepLink.body).toContain('<title>圈子</title>');
    const escape = await t.request('GET', '/../../etc/passwd');
    expect(escape.body).not.toContain('root:');
  });
});
