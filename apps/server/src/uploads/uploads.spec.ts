import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp, type TestContext } from '../testing/test-app';
import { sniffImageType } from './image-type';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 2)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x20, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 3),
]);

/** A multipart/form-data body with one file part. */
function multipart(content: Buffer, { field = 'file', filename = 'photo.png', type = 'image/png' } = {}) {
  const boundary = '----quanzi-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('uploads (POST /api/uploads, GET /uploads/:name)', () => {
  let t: TestContext;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quanzi-uploads-'));
    t = await startTestApp({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://quanzi.example.com' });
    token = (await t.client().loginWechat({ code: 'code-openid-uploader' })).token;
  });
  afterAll(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const upload = async (content: Buffer, options?: Parameters<typeof multipart>[1], auth: string | null = token) => {
    const { body, headers } = multipart(content, options);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload: body,
      headers: { ...headers, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    });
    return { status: res.statusCode, body: res.json() };
  };
  const stored = async () =>
    (await fs.readdir(path.join(dataDir, 'uploads')).catch(() => [] as string[])).filter((f) => !f.endsWith('.tmp'));

  it('recognises the four image types by their bytes', () => {
    expect([PNG, JPEG, GIF, WEBP].map(sniffImageType)).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
  });

  it('stores an image under DATA_DIR/uploads and serves it at its public URL', async () => {
    const res = await upload(PNG);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      url: expect.stringMatching(/^https:\/\/quanzi\.example\.com\/uploads\/[0-9a-f]{32}\.png$/),
    });
    const name = res.body.url.split('/').pop();
    expect(await stored()).toContain(name);
    const served = await t.app.inject({ method: 'GET', url: `/uploads/${name}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    // The same bytes again: same URL, one file.
    expect((await upload(PNG)).body.url).toBe(res.body.url);
  });

  it('accepts jpeg, gif and webp whatever the file is called', async () => {
    for (const [content, ext] of [
      [JPEG, 'jpg'],
      [GIF, 'gif'],
      [WEBP, 'webp'],
    ] as const) {
      const res = await upload(content, { filename: 'innocent.txt', type: 'text/plain' });
      expect(res.status).toBe(201);
      expect(res.body.url.endsWith(`.${ext}`)).toBe(true);
    }
  });

  it('refuses non-images even when named and typed as one, storing nothing', async () => {
    const before = await stored();
    for (const content of [
      Buffer.from('<svg onload="alert(1)"/>'),
      Buffer.from('#!/bin/sh\nrm -rf /'),
      Buffer.alloc(0),
    ]) {
      const res = await upload(content, { filename: 'photo.png', type: 'image/png' });
      expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'file' }] } });
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a file over 10 MB with 413 and a missing or misnamed field with 400', async () => {
    const before = await stored();
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - PNG.length)]);
    expect(await upload(big)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await upload(PNG, { field: 'image' })).status).toBe(400);
    const json = await t.request('POST', '/api/uploads', { token, body: { file: 'x' } });
    expect(json).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await stored()).toEqual(before);
    const exact = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 - PNG.length)]);
    expect((await upload(exact)).status).toBe(201);
  });

  it('requires a login to upload, but serves files publicly; unknown or odd names are 404', async () => {
    expect((await upload(PNG, {}, null)).status).toBe(401);
    for (const url of [
      '/uploads/ffffffffffffffffffffffffffffffff.png',
      '/uploads/..%2F..%2Fetc%2Fpasswd',
      '/uploads/x.png',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
  });

  it('answers malformed multipart bodies (no boundary, truncated, garbage) with 400, storing nothing', async () => {
    const before = await stored();
    const { body: whole } = multipart(PNG);
    const cases: Array<{ payload: Buffer; type: string }> = [
      { payload: whole, type: 'multipart/form-data' },
      { payload: whole.subarray(0, whole.length - 30), type: 'multipart/form-data; boundary=----quanzi-test-boundary' },
      {
        payload: Buffer.from('this is not multipart at all \x00\xff'),
        type: 'multipart/form-data; boundary=----quanzi-test-boundary',
      },
      { payload: Buffer.from('--x\r\nContent-Disposition: garbage\r\n\r\n'), type: 'multipart/form-data; boundary=x' },
      { payload: whole, type: 'multipart/form-data; boundary=' },
    ];
    for (const { payload, type } of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/uploads',
        payload,
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
      });
      expect([type, res.statusCode]).toEqual([type, 400]);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
    }
    expect(await stored()).toEqual(before);
  });
});
