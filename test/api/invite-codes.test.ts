import { createCanvas, loadImage } from '@napi-rs/canvas';
import { ApiRoutes, ErrorCode, InviteLandingPage } from '@quanzi/contract';
import jsQR from 'jsqr';
import { sendRaw, useStack } from '../harness';

/** 渠道活码: each channel link's mini-program code (H5: QR) alone, for the admin to save and print. */
describe('invite link codes (渠道活码)', () => {
  const stack = useStack({ label: 'api-invite-codes', env: { TEST_CLOCK: '1' } });

  test('GET /api/invites/:code/code.png: a PNG whose code opens the landing with this link, public, counts no click; closed links refuse', async () => {
    const owner = await stack.api.loginWechat({ code: 'code-openid-channel-owner' });
    const api = stack.as(owner.token);
    const circle = await api.createCircle({ name: '活码圈', joinPolicy: 'open' });
    const tag = await api.createTag(circle.id, { name: '地推来客' });
    const link = await api.createInvite(circle.id, { channel: '地推', tagIds: [tag.id] });

    const res = await fetch(`${stack.baseUrl}${ApiRoutes.inviteCodeImage(link.code)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const image = await loadImage(Buffer.from(await res.arrayBuffer()));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const decoded = jsQR(
      new Uint8ClampedArray(ctx.getImageData(0, 0, image.width, image.height).data),
      image.width,
      image.height,
    );
    // The code holds the invite code only, so it keeps working whatever the link's tags become.
    expect(decoded?.data).toBe(`${InviteLandingPage}?scene=${link.code}`);
    expect((await api.listInvites(circle.id)).items.find((i) => i.code === link.code)).toMatchObject({ clicks: 0 });

    const unknown = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.inviteCodeImage('nosuchcode1'));
    expect(unknown).toMatchObject({ status: 404, body: { code: ErrorCode.NOT_FOUND } });
    const shortLived = await api.createInvite(circle.id, {
      channel: '限时',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await stack.advanceClock(120_000);
    const closed = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.inviteCodeImage(shortLived.code));
    expect(closed.body).toMatchObject({ code: ErrorCode.CLOSED });
  });
});
