import type { LoginResponse, ReferralNode } from '@quanzi/contract';
import { startTestApp, type TestContext } from '../testing/test-app';

/** The tree as nested [nickname, active, children] for readable assertions. */
const shape = (node: ReferralNode): unknown => [node.user.nickname, node.active, node.children.map(shape)];

describe('referrals: leaderboard and tree', () => {
  let t: TestContext;
  let n = 0;
  const login = async (nickname: string): Promise<LoginResponse> => {
    const who = await t.client().loginWechat({ code: `code-openid-ref${(n += 1)}` });
    await t.client(who.token).updateMe({ nickname });
    return who;
  };
  const as = (who: LoginResponse) => t.client(who.token);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('builds the referral tree of a 3-level chain, ranks inviters by still-active invitees, and keeps the first inviter', async () => {
    const a = await login('A');
    const circle = await as(a).createCircle({ name: '裂变圈', joinPolicy: 'open' });
    const [b, c, d, e] = [await login('B'), await login('C'), await login('D'), await login('E')];
    const joinVia = async (who: LoginResponse, inviter: LoginResponse) => {
      const code = (await as(inviter).myInvite(circle.id)).code;
      await as(who).joinCircle(circle.id, { inviteCode: code });
    };
    await joinVia(b, a);
    await joinVia(c, b);
    await joinVia(d, c);
    const salon = await as(a).createInvite(circle.id, { channel: '线下沙龙' });
    await as(e).joinCircle(circle.id, { inviteCode: salon.code });

    const tree = await as(a).referralTree(circle.id);
    expect(tree).toMatchObject({ depth: 3, truncated: false, root: { user: { id: a.user.id }, joinedAt: null } });
    expect(shape(tree.root)).toEqual([
      'A',
      true,
      [
        ['B', true, [['C', true, [['D', true, []]]]]],
        ['E', true, []],
      ],
    ]);
    const shallow = await as(a).referralTree(circle.id, { depth: 2 });
    expect(shape(shallow.root)).toEqual([
      'A',
      true,
      [
        ['B', true, [['C', true, []]]],
        ['E', true, []],
      ],
    ]);
    expect(shallow.truncated).toBe(true);
    expect(shape((await as(a).referralTree(circle.id, { userId: c.user.id })).root)).toEqual([
      'C',
      true,
      [['D', true, []]],
    ]);

    // E came through A's 线下沙龙 link: an admin link is a channel, not A's personal referral.
    const board = await as(b).referralLeaderboard(circle.id);
    expect(board.items.map((i) => [i.user.nickname, i.joins, i.rank])).toEqual([
      ['A', 1, 1],
      ['B', 1, 1],
      ['C', 1, 1],
    ]);
    expect(board.me).toEqual({ rank: 1, joins: 1 });
    expect((await as(d).referralLeaderboard(circle.id)).me).toEqual({ rank: null, joins: 0 });

    // D leaves: C's effective joins drop; the tree still shows D, inactive.
    await as(d).leaveCircle(circle.id);
    expect((await as(a).referralLeaderboard(circle.id)).items.map((i) => [i.user.nickname, i.joins])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    expect(shape((await as(a).referralTree(circle.id)).root)).toEqual([
      'A',
      true,
      [
        ['B', true, [['C', true, [['D', false, []]]]]],
        ['E', true, []],
      ],
    ]);

    // D comes back through A's link: the first inviter (C) keeps the edge.
    await as(d).joinCircle(circle.id, { inviteCode: salon.code });
    expect((await as(a).referralLeaderboard(circle.id)).items.map((i) => [i.user.nickname, i.joins])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);

    // The tree is for admins; bad input is a 400.
    expect((await t.request('GET', `/api/circles/${circle.id}/referrals/tree`, { token: b.token })).status).toBe(403);
    expect(
      (await t.request('GET', `/api/circles/${circle.id}/referrals/tree?depth=9`, { token: a.token })).status,
    ).toBe(400);
    expect(
      (await t.request('GET', `/api/circles/${circle.id}/referrals/tree?userId=zz`, { token: a.token })).status,
    ).toBe(400);
    const outsider = await login('Z');
    expect(
      (
        await t.request('GET', `/api/circles/${circle.id}/referrals/tree?userId=${outsider.user.id}`, {
          token: a.token,
        })
      ).status,
    ).toBe(404);
  });
});
