import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCanvas, GlobalFonts, loadImage, type Image } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { UploadsService } from '../uploads/uploads.service';
import { startTestApp, type TestContext } from '../testing/test-app';
import { colorFor, drawTitle } from './poster-draw';
import { POSTER_FONT, posterFont } from './poster-fonts';
import { PosterService } from './poster.service';
import { LANDING_PAGE, POSTER_HEIGHT, POSTER_LAYOUT as L, POSTER_WIDTH, type PosterInput } from './poster.types';

const ARTIFACT = path.resolve(__dirname, '../../../../test/artifacts/poster-sample.png');

/** RGBA pixels of a region of a PNG. */
async function pixels(png: Buffer | Image, x = 0, y = 0, w = POSTER_WIDTH, h = POSTER_HEIGHT) {
  const image = Buffer.isBuffer(png) ? await loadImage(png) : png;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, x, y, w, h, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h).data;
}

async function decodeCode(png: Buffer): Promise<string | null> {
  // A margin around the code's box: jsQR needs the quiet zone, and the box is what we placed.
  const pad = 20;
  const { x, y, size } = L.code;
  const data = await pixels(png, x - pad, y - pad, size + pad * 2, size + pad * 2);
  return jsQR(new Uint8ClampedArray(data), size + pad * 2, size + pad * 2)?.data ?? null;
}

async function pixelAt(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const [r, g, b] = await pixels(png, x, y, 1, 1);
  return [r, g, b];
}

const hex = (color: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
const near = (a: number[], b: number[], tolerance = 12) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

async function solidPng(width: number, height: number, color: string): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
  return canvas.toBuffer('image/png');
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('PosterService', () => {
  describe('with WeChat configured: mini-program code', () => {
    let t: TestContext;
    let posters: PosterService;
    let input: PosterInput;

    beforeAll(async () => {
      t = await startTestApp();
      posters = t.app.get(PosterService);
      const uploads = t.app.get(UploadsService);
      const actor = { userId: 'u', openid: 'o', platformAdmin: false } as never;
      const cover = await uploads.store(actor, await solidPng(900, 600, '#D03030'));
      const avatar = await uploads.store(actor, await solidPng(200, 200, '#2050D0'));
      input = {
        circleName: '城市咖啡研究所',
        coverUrl: cover.url,
        inviterNickname: '阿杰',
        inviterAvatarUrl: avatar.url,
        inviteCode: 'Ab3dE5gH7jK9mN2p',
      };
    });
    afterAll(() => t.close());

    it('renders a 750×1334 PNG whose code decodes to the landing page with the invite code as scene', async () => {
      expect(posters.codeKind).toBe('wxacode');
      const png = await posters.render(input);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(pngSize(png)).toEqual({ width: 750, height: 1334 });
      expect(await decodeCode(png)).toBe(`${LANDING_PAGE}?scene=${input.inviteCode}`);
      const call = t.wechat.calls.find((c) => c.path === '/wxa/getwxacodeunlimit');
      expect(call?.body).toMatchObject({ scene: input.inviteCode, page: LANDING_PAGE });
      fs.mkdirSync(path.dirname(ARTIFACT), { recursive: true });
      fs.writeFileSync(ARTIFACT, png);
    });

    it('draws the cover and the avatar read from our own uploads', async () => {
      const png = await posters.render(input);
      expect(near(await pixelAt(png, 375, 100), hex('#D03030'))).toBe(true);
      expect(near(await pixelAt(png, L.avatar.cx, L.avatar.cy), hex('#2050D0'))).toBe(true);
    });

    it('falls back softly: colored block for a missing or refused cover, initial for a missing avatar', async () => {
      const png = await posters.render({
        ...input,
        inviteCode: 'fallback1',
        coverUrl: 'http://169.254.169.254/latest/x.png',
        inviterAvatarUrl: `${'http://localhost:3000'}/uploads/${'0'.repeat(32)}.png`,
      });
      expect(await decodeCode(png)).toBe(`${LANDING_PAGE}?scene=fallback1`);
      // Top-left of the gradient is the circle's own color; the avatar ring shows the nickname's color.
      expect(near(await pixelAt(png, 1, 1), hex(colorFor(input.circleName)), 20)).toBe(true);
      expect(near(await pixelAt(png, L.avatar.cx - L.avatar.r + 6, L.avatar.cy), hex(colorFor('阿杰')), 20)).toBe(true);
      const noInviter = await posters.render({
        ...input,
        inviteCode: 'fallback2',
        inviterNickname: null,
        inviterAvatarUrl: null,
      });
      expect(await decodeCode(noInviter)).toBe(`${LANDING_PAGE}?scene=fallback2`);
    });

    it('caches per content: the same input is not drawn (nor fetched from WeChat) twice, another input is', async () => {
      const fresh = { ...input, inviteCode: 'cacheTest1' };
      const codeCalls = () => t.wechat.calls.filter((c) => c.path === '/wxa/getwxacodeunlimit').length;
      const before = codeCalls();
      const [a, b] = await Promise.all([posters.render(fresh), posters.render(fresh)]);
      const c = await posters.render(fresh);
      expect(codeCalls() - before).toBe(1);
      expect(b.equals(a) && c.equals(a)).toBe(true);
      await posters.render({ ...fresh, circleName: '周末徒步俱乐部' });
      expect(codeCalls() - before).toBe(2);
    });

    it('draws the Chinese title with the shipped Noto Sans SC, not a host font', async () => {
      expect(GlobalFonts.families.map((f) => f.family)).toEqual(
        expect.arrayContaining([POSTER_FONT.regular, POSTER_FONT.bold]),
      );
      const title = input.circleName;
      const probe = createCanvas(10, 10).getContext('2d');
      probe.font = posterFont(L.title.px, 'bold');
      // Noto Sans SC gives every Han character a full-em advance.
      expect(probe.measureText(title).width).toBeCloseTo([...title].length * L.title.px, 0);

      const png = await posters.render(input);
      const { x, y, w, h } = L.title;
      const drawn = await pixels(png, x, y, w, h);
      const reference = (family: string | null) => {
        const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#FFFFFF';
        ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
        if (family === null) drawTitle(ctx, title);
        else {
          ctx.font = `bold ${L.title.px}px ${family}`;
          ctx.fillStyle = '#1F2328';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(title, x + w / 2, y + h / 2);
        }
        return ctx.getImageData(x, y, w, h).data;
      };
      const ink = (data: Uint8ClampedArray) => data.filter((v, i) => i % 4 === 0 && v < 128).length;
      expect(ink(drawn)).toBeGreaterThan(2000);
      // The poster's title is pixel for pixel the shipped font's rendering…
      expect(Buffer.from(drawn).equals(Buffer.from(reference(null)))).toBe(true);
      // …and differs from what the host's own fonts would draw.
      expect(Buffer.from(drawn).equals(Buffer.from(reference('sans-serif')))).toBe(false);
    });
  });

  describe('without WeChat: QR code of the H5 landing URL', () => {
    let t: TestContext;

    beforeAll(async () => {
      t = await startTestApp({ WECHAT_APPID: '', WECHAT_SECRET: '', PUBLIC_BASE_URL: 'https://quanzi.example.com' });
    });
    afterAll(() => t.close());

    it('encodes PUBLIC_BASE_URL + the landing path with the code, and calls no WeChat API', async () => {
      const posters = t.app.get(PosterService);
      expect(posters.codeKind).toBe('qr');
      const png = await posters.render({
        circleName: '周末徒步俱乐部',
        coverUrl: null,
        inviterNickname: 'Lily',
        inviterAvatarUrl: null,
        inviteCode: 'Zx9Yw8Vu7',
      });
      expect(pngSize(png)).toEqual({ width: 750, height: 1334 });
      expect(await decodeCode(png)).toBe(`https://quanzi.example.com/${LANDING_PAGE}?code=Zx9Yw8Vu7`);
      expect(t.wechat.calls.filter((c) => c.path.startsWith('/wxa/'))).toEqual([]);
    });
  });
});
