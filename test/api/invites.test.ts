import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  ApiRoutes,
  ErrorCode,
  InviteLandingPage,
  PosterSize,
  type ApiClient,
  type LoginResponse,
} from '@quanzi/contract';
import jsQR from 'jsqr';
import { expectApiError, sendRaw, useStack } from '../harness';

/** Invite links, member tags and referrals, driven through the built server like a client. */
describe('invites, member tags and referrals', () => {
  const stack = useStack({ label: 'api-invites', env: { TEST_CLOCK: '1' } });
  let n = 0;
  const login = async (nickname: string): Promise<LoginResponse & { api: ApiClient }> => {
    const who = await stack.api.loginWechat({ code: `code-openid-invites-${(n += 1)}` });
    const api = stack.as(who.token);
    await api.updateMe({ nickname });
    return { ...who, api };
  };

  test('a tagged channel link brings a member in with its tags, counted once, and shows in the admin filters', async () => {
    const owner = await login('圈主');
    const circle = await owner.api.createCircle({ name: '读书会', joinPolicy: 'invite' });
    const tag = await owner.api.createTag(circle.id, { name: '沙龙来客', color: '#f97316' });
    const link = await owner.api.createInvite(circle.id, { channel: '线下沙龙', tagIds: [tag.id] });
    expect(link.code).toMatch(/^[0-9A-Za-z]{10}$/);

    // Opening the link before logging in: landing info, one click however often it is refreshed.
    const anonymous = { 'user-agent': 'e2e-phone' };
    const landing = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.invite(link.code), { headers: anonymous });
    expect(landing).toMatchObject({
      status: 200,
      body: {
        channel: '线下沙龙',
        circle: { id: circle.id, name: '读书会' },
        inviter: { id: owner.user.id, nickname: '圈主' },
      },
    });
    await sendRaw(stack.baseUrl, 'GET', ApiRoutes.invite(link.code), { headers: anonymous });

    const guest = await login('新朋友');
    await guest.api.openInvite(link.code);
    expect(await guest.api.joinCircle(circle.id, { inviteCode: link.code })).toMatchObject({ status: 'active' });
    await guest.api.leaveCircle(circle.id);
    await guest.api.joinCircle(circle.id, { inviteCode: link.code });

    const [stats] = (await owner.api.listInvites(circle.id)).items;
    expect(stats).toMatchObject({ code: link.code, clicks: 2, joins: 1, state: 'open' });
    const tagged = await owner.api.listMembers(circle.id, { tagIds: tag.id });
    expect(
      tagged.items.map((m) => [m.nickname, m.via.channel, m.tags.map((t) => [t.name, t.source.kind, t.source.label])]),
    ).toEqual([['新朋友', '线下沙龙', [['沙龙来客', 'invite', '线下沙龙']]]]);
    expect(
      (await owner.api.listMembers(circle.id, { channel: '线下沙龙', inviterId: owner.user.id })).items.map(
        (m) => m.userId,
      ),
    ).toEqual([guest.user.id]);
  });

  test('closed links: an exhausted link and an expired one answer CLOSED with a Chinese message', async () => {
    const owner = await login('限量圈主');
    const circle = await owner.api.createCircle({ name: '限量圈', joinPolicy: 'invite' });
    const once = await owner.api.createInvite(circle.id, { channel: '一次性', maxUses: 1 });
    const [first, second] = [await login('第一位'), await login('第二位')];
    await first.api.joinCircle(circle.id, { inviteCode: once.code });
    const exhausted = await expectApiError(second.api.joinCircle(circle.id, { inviteCode: once.code }), 409);
    expect(exhausted).toMatchObject({ code: ErrorCode.CLOSED, message: '邀请名额已用完' });
    expect(await expectApiError(stack.api.openInvite(once.code), 409)).toMatchObject({ code: ErrorCode.CLOSED });

    const expiresAt = new Date(Date.now() + 60_000);
    const soon = await owner.api.createInvite(circle.id, { channel: '限时', expiresAt: expiresAt.toISOString() });
    await stack.api.openInvite(soon.code);
    // Move the server's clock past the expiry instead of waiting for it.
    await stack.advanceClock(61_000);
    expect(await expectApiError(stack.api.openInvite(soon.code), 409)).toMatchObject({
      code: ErrorCode.CLOSED,
      message: '邀请链接已过期',
    });
    expect(await expectApiError(second.api.joinCircle(circle.id, { inviteCode: soon.code }), 409)).toMatchObject({
      code: ErrorCode.CLOSED,
    });
    expect((await owner.api.getCircle(circle.id)).memberCount).toBe(2);
  });

  test('personal links build a 3-level referral tree and a leaderboard members can read', async () => {
    const a = await login('甲');
    const circle = await a.api.createCircle({ name: '裂变圈', joinPolicy: 'open' });
    const [b, c, d] = [await login('乙'), await login('丙'), await login('丁')];
    for (const [who, inviter] of [
      [b, a],
      [c, b],
      [d, c],
    ] as const) {
      const mine = await inviter.api.myInvite(circle.id);
      expect((await inviter.api.myInvite(circle.id)).code).toBe(mine.code);
      await who.api.joinCircle(circle.id, { inviteCode: mine.code });
    }
    const tree = await a.api.referralTree(circle.id, { depth: 3 });
    const names = (node: typeof tree.root): unknown => [node.user.nickname, node.children.map(names)];
    expect(names(tree.root)).toEqual(['甲', [['乙', [['丙', [['丁', []]]]]]]]);
    const board = await c.api.referralLeaderboard(circle.id);
    // 甲, 乙 and 丙 each brought one still-active member: they share rank 1; 丁 brought nobody.
    expect(board.items.map((i) => [i.user.nickname, i.joins, i.rank]).sort()).toEqual(
      [
        ['丙', 1, 1],
        ['乙', 1, 1],
        ['甲', 1, 1],
      ].sort(),
    );
    expect(board.me).toEqual({ rank: 1, joins: 1 });
  });

  test('bulk tagging in one call, all-of / any-of filters, and the admin-only rules (403 members, 401 strangers)', async () => {
    const owner = await login('运营');
    const circle = await owner.api.createCircle({ name: '标签圈', joinPolicy: 'open' });
    const members = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`成员${i}`)));
    await Promise.all(members.map((m) => m.api.joinCircle(circle.id)));
    const [vip, active] = [
      await owner.api.createTag(circle.id, { name: 'VIP' }),
      await owner.api.createTag(circle.id, { name: '活跃' }),
    ];
    const ids = members.map((m) => m.user.id);
    expect(await owner.api.bulkTagMembers(circle.id, { userIds: ids.slice(0, 30), add: [vip.id] })).toEqual({
      members: 30,
      added: 30,
      removed: 0,
    });
    expect(await owner.api.bulkTagMembers(circle.id, { userIds: ids.slice(20), add: [active.id] })).toEqual({
      members: 20,
      added: 20,
      removed: 0,
    });
    const list = async (query: { tagIds: string; tagMode?: 'all' | 'any' }) =>
      (await owner.api.listMembers(circle.id, { ...query, limit: 100 })).items.map((m) => m.userId).sort();
    expect(await list({ tagIds: `${vip.id},${active.id}` })).toEqual(ids.slice(20, 30).sort());
    expect(await list({ tagIds: `${vip.id},${active.id}`, tagMode: 'any' })).toEqual([...ids].sort());
    const sample = (await owner.api.listMembers(circle.id, { tagIds: vip.id, limit: 1 })).items[0];
    expect(sample.tags[0]).toMatchObject({
      name: 'VIP',
      source: { kind: 'manual', refId: owner.user.id, label: '运营' },
    });

    const member = members[0];
    const asMember = [
      () => member.api.createInvite(circle.id, { channel: '冒充' }),
      () => member.api.listInvites(circle.id),
      () => member.api.listMembers(circle.id, { tagIds: vip.id }),
      () => member.api.listTags(circle.id),
      () => member.api.createTag(circle.id, { name: '私设' }),
      () => member.api.bulkTagMembers(circle.id, { userIds: [member.user.id], add: [vip.id] }),
      () => member.api.referralTree(circle.id),
    ];
    for (const call of asMember) expect((await expectApiError(call(), 403)).code).toBe(ErrorCode.FORBIDDEN);
    const anonymous = [
      () => stack.api.myInvite(circle.id),
      () => stack.api.listTags(circle.id),
      () => stack.api.referralLeaderboard(circle.id),
    ];
    for (const call of anonymous) expect((await expectApiError(call(), 401)).code).toBe(ErrorCode.UNAUTHENTICATED);
  });
});

describe('invite posters', () => {
  const stack = useStack({ label: 'api-posters' });

  test('GET /api/invites/:code/poster.png: a 750×1334 PNG whose mini-program code carries the invite code; counts no click', async () => {
    const owner = await stack.api.loginWechat({ code: 'code-openid-poster-owner' });
    const api = stack.as(owner.token);
    await api.updateMe({ nickname: '海报圈主' });
    const circle = await api.createCircle({ name: '海报圈', joinPolicy: 'open' });
    const invite = await api.myInvite(circle.id);

    const res = await fetch(`${stack.baseUrl}${ApiRoutes.invitePoster(invite.code)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const image = await loadImage(Buffer.from(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([PosterSize.width, PosterSize.height]);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const code = jsQR(
      new Uint8ClampedArray(ctx.getImageData(0, 0, image.width, image.height).data),
      image.width,
      image.height,
    );
    // The fake WeChat API draws `<page>?scene=<scene>` into the code it returns.
    expect(code?.data).toBe(`${InviteLandingPage}?scene=${invite.code}`);

    expect((await api.listInvites(circle.id)).items.find((i) => i.code === invite.code)).toMatchObject({ clicks: 0 });
    const unknown = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.invitePoster('nosuchcode1'));
    expect(unknown).toMatchObject({ status: 404, body: { code: ErrorCode.NOT_FOUND } });
  });
});
