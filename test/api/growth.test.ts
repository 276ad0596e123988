import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  ApiRoutes,
  ErrorCode,
  EventPosterPage,
  eventPosterScene,
  PosterSize,
  type ApiClient,
  type CreateEventRequest,
  type LoginResponse,
} from '@quanzi/contract';
import jsQR from 'jsqr';
import { expectApiError, sendRaw, useStack } from '../harness';

/**
 * The growth loop over HTTP: an outsider opens an event link signed out, then signs up in one
 * request that joins the circle, redeems the sharer's code and takes the seat together.
 */
describe('growth: one-step signup from an event link', () => {
  const stack = useStack({ label: 'api-growth', env: { TEST_CLOCK: '1' } });
  let n = 0;
  const login = async (nickname: string): Promise<LoginResponse & { api: ApiClient }> => {
    const who = await stack.api.loginDev({ nickname: `${nickname}-${(n += 1)}` });
    return { ...who, api: stack.as(who.token) };
  };

  const eventBody = (extra: Partial<CreateEventRequest> = {}): CreateEventRequest => ({
    title: '周末手冲咖啡沙龙',
    mode: 'offline',
    location: '静安寺咖啡馆',
    startAt: '2031-06-01T06:00:00.000Z',
    endAt: '2031-06-01T08:00:00.000Z',
    ticketTypes: [
      { name: '早鸟票', priceFen: 0, quota: 10 },
      { name: '标准票', priceFen: 3900, quota: 10 },
    ],
    status: 'published',
    ...extra,
  });

  test('anyone, signed out, reads the public fields of a published event; drafts stay hidden', async () => {
    const owner = await login('公开圈主');
    const circle = await owner.api.createCircle({ name: '咖啡圈', joinPolicy: 'invite' });
    const event = await owner.api.createEvent(circle.id, eventBody());
    const page = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventPublic(event.id));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      id: event.id,
      title: '周末手冲咖啡沙龙',
      priceFromFen: 0,
      circle: { id: circle.id, name: '咖啡圈', joinPolicy: 'invite', memberCount: 1 },
    });
    expect((page.body as Record<string, unknown>).ticketTypes).toHaveLength(2);
    for (const privateField of ['myRegistrations', 'checkerIds', 'onlineUrl', 'tagIds'])
      expect(page.body).not.toHaveProperty(privateField);

    const draft = await owner.api.createEvent(circle.id, eventBody({ status: 'draft' }));
    expect((await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventPublic(draft.id))).status).toBe(404);
  });

  test("an outsider signs up in one request: membership, the invite's and the event's tags, the sharer's credit, the ticket", async () => {
    const owner = await login('邀请圈主');
    const circle = await owner.api.createCircle({ name: '读书沙龙', joinPolicy: 'invite' });
    const eventTag = await owner.api.createTag(circle.id, { name: '沙龙来客', color: '#f97316' });
    const channelTag = await owner.api.createTag(circle.id, { name: '海报渠道', color: '#0ea5e9' });
    const sharer = await login('分享者');
    const sharerLink = await owner.api.createInvite(circle.id, { channel: '拉新' });
    await sharer.api.joinCircle(circle.id, { inviteCode: sharerLink.code });
    const personal = await sharer.api.myInvite(circle.id);
    const event = await owner.api.createEvent(circle.id, eventBody({ tagIds: [eventTag.id] }));

    const outsider = await login('路人甲');
    const ticket = await outsider.api.register(event.id, {
      ticketTypeId: event.ticketTypes[0].id,
      inviteCode: personal.code,
    });
    expect(ticket).toMatchObject({ status: 'confirmed', inviteCode: personal.code, awaitingMembership: false });
    expect(ticket.ticketCode).toEqual(expect.any(String));

    const seen = await outsider.api.getCircle(circle.id);
    expect(seen.myMembership).toMatchObject({ status: 'active' });
    expect(seen.memberCount).toBe(3);
    expect((await sharer.api.myInvite(circle.id)).joins).toBe(1);
    const tree = await owner.api.referralTree(circle.id, { userId: sharer.user.id });
    expect(tree.root.children.map((c) => c.user.id)).toEqual([outsider.user.id]);
    const [member] = (await owner.api.listMembers(circle.id, { inviterId: sharer.user.id })).items;
    expect(member.userId).toBe(outsider.user.id);
    expect(member.tags.map((t) => [t.name, t.source.kind])).toEqual([['沙龙来客', 'event']]);

    // A channel link's preset tags land with the event's, in the same step.
    const poster = await owner.api.createInvite(circle.id, { channel: '海报', tagIds: [channelTag.id] });
    const second = await login('路人乙');
    await second.api.register(event.id, { ticketTypeId: event.ticketTypes[0].id, inviteCode: poster.code });
    const [tagged] = (await owner.api.listMembers(circle.id, { channel: '海报' })).items;
    expect(tagged.tags.map((t) => t.name).sort()).toEqual(['沙龙来客', '海报渠道'].sort());
  });

  test('a refused signup leaves nothing: no membership, no credit, no ticket', async () => {
    const owner = await login('开放圈主');
    const circle = await owner.api.createCircle({ name: '跑步团', joinPolicy: 'open' });
    const sharer = await login('跑友');
    await sharer.api.joinCircle(circle.id);
    const personal = await sharer.api.myInvite(circle.id);
    const event = await owner.api.createEvent(
      circle.id,
      eventBody({ ticketTypes: [{ name: '限一张', priceFen: 0, quota: 10, perUserLimit: 1 }] }),
    );
    const typeId = event.ticketTypes[0].id;

    // A former member who holds the one ticket allowed: the seat is refused inside the
    // transaction, after the re-join and the invite's redemption were written — all undone.
    const former = await login('老成员');
    await former.api.joinCircle(circle.id);
    await former.api.register(event.id, { ticketTypeId: typeId });
    await former.api.leaveCircle(circle.id);
    const before = await owner.api.getCircle(circle.id);
    const refused = await expectApiError(
      former.api.register(event.id, { ticketTypeId: typeId, inviteCode: personal.code }),
      409,
    );
    expect(refused.code).toBe(ErrorCode.ALREADY_DONE);
    expect((await former.api.getCircle(circle.id)).myMembership).toMatchObject({ status: 'left' });
    expect((await owner.api.getCircle(circle.id)).memberCount).toBe(before.memberCount);
    expect((await sharer.api.myInvite(circle.id)).joins).toBe(0);
    expect((await owner.api.referralTree(circle.id, { userId: sharer.user.id })).root.children).toEqual([]);
    expect((await former.api.myTickets()).items).toHaveLength(1);

    // Invite-only without a code: refused before anything is written.
    const closedCircle = await owner.api.createCircle({ name: '私享会', joinPolicy: 'invite' });
    const closedEvent = await owner.api.createEvent(closedCircle.id, eventBody());
    const stranger = await login('陌生人');
    const forbidden = await expectApiError(
      stranger.api.register(closedEvent.id, { ticketTypeId: closedEvent.ticketTypes[0].id }),
      403,
    );
    expect(forbidden.message).toContain('邀请');
    expect((await stranger.api.getCircle(closedCircle.id)).myMembership).toBeNull();
    expect((await stranger.api.myTickets()).items).toEqual([]);
    expect((await owner.api.getEvent(closedEvent.id)).ticketTypes[0].sold).toBe(0);
  });

  test('approval circles: the signup waits with the join request and is decided with it', async () => {
    const owner = await login('审核圈主');
    const circle = await owner.api.createCircle({ name: '摄影社', joinPolicy: 'approval' });
    const event = await owner.api.createEvent(circle.id, eventBody());
    const typeId = event.ticketTypes[0].id;

    const accepted = await login('申请者甲');
    const waiting = await accepted.api.register(event.id, { ticketTypeId: typeId });
    expect(waiting).toMatchObject({ status: 'pending_approval', awaitingMembership: true, ticketCode: null });
    expect((await accepted.api.getCircle(circle.id)).myMembership).toMatchObject({ status: 'pending' });
    await owner.api.approveMember(circle.id, accepted.user.id);
    expect(await accepted.api.getRegistration(waiting.id)).toMatchObject({
      status: 'confirmed',
      awaitingMembership: false,
    });

    // Rejecting the signup rejects the join request too (one decision), and frees the seat.
    const turnedDown = await login('申请者乙');
    const second = await turnedDown.api.register(event.id, { ticketTypeId: typeId });
    expect(await owner.api.rejectRegistration(second.id)).toMatchObject({ status: 'rejected' });
    expect((await turnedDown.api.getCircle(circle.id)).myMembership).toMatchObject({ status: 'rejected' });
    expect((await owner.api.getEvent(event.id)).ticketTypes[0].sold).toBe(1);

    // A member cannot approve: the route still checks the admin role.
    const member = accepted.api;
    const third = await (await login('申请者丙')).api.register(event.id, { ticketTypeId: typeId });
    await expectApiError(member.approveRegistration(third.id), 403);
  });

  test("an event poster is a 750×1334 PNG whose code opens the event with the sharer's code; others' codes are refused", async () => {
    const owner = await login('海报圈主');
    const circle = await owner.api.createCircle({ name: '徒步圈', joinPolicy: 'open' });
    const sharer = await login('海报分享者');
    await sharer.api.joinCircle(circle.id);
    const personal = await sharer.api.myInvite(circle.id);
    const event = await owner.api.createEvent(circle.id, eventBody());

    const res = await fetch(`${stack.baseUrl}${ApiRoutes.eventPoster(event.id)}?code=${personal.code}`);
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
    expect(code?.data).toBe(`${EventPosterPage}?scene=${eventPosterScene(event.id, personal.code)}`);

    const otherCircle = await owner.api.createCircle({ name: '别的圈', joinPolicy: 'open' });
    const foreign = await owner.api.myInvite(otherCircle.id);
    const refused = await sendRaw(stack.baseUrl, 'GET', `${ApiRoutes.eventPoster(event.id)}?code=${foreign.code}`);
    expect(refused).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    const draft = await owner.api.createEvent(circle.id, eventBody({ status: 'draft' }));
    expect(
      (await sendRaw(stack.baseUrl, 'GET', `${ApiRoutes.eventPoster(draft.id)}?code=${personal.code}`)).status,
    ).toBe(404);
  });

  test('发现 lists public circles to anyone, signed out too; hidden ones are neither listed nor searchable', async () => {
    const owner = await login('可见性圈主');
    const listed = await owner.api.createCircle({ name: '耶加雪菲手冲研究社', joinPolicy: 'open' });
    const secret = await owner.api.createCircle({ name: '手冲私房会', joinPolicy: 'invite' });
    expect(secret.visibility).toBe('hidden');
    const shown = await owner.api.createCircle({ name: '手冲公开邀请圈', joinPolicy: 'invite', visibility: 'public' });
    const search = async (q: string) => {
      const res = await sendRaw(stack.baseUrl, 'GET', `${ApiRoutes.circles}?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      return (res.body as { items: { id: string; myMembership: unknown }[] }).items;
    };
    expect((await search('手冲')).map((c) => c.id)).toEqual([shown.id, listed.id]);
    expect((await search('雪菲')).map((c) => c.id)).toEqual([listed.id]);
    expect((await search('.*')).map((c) => c.id)).toEqual([]);
    const anonymous = (await search('手冲'))[0];
    expect(anonymous.myMembership).toBeNull();
    const all = (await owner.api.listCircles({ limit: 50 })).items.map((c) => c.id);
    expect(all).toEqual(expect.arrayContaining([listed.id, shown.id]));
    expect(all).not.toContain(secret.id);
    // Hidden circles stay reachable by link.
    expect((await (await login('访客')).api.getCircle(secret.id)).name).toBe('手冲私房会');

    // Only the owner changes visibility and the directory; an admin is refused, nothing changes.
    const admin = await login('可见性管理员');
    await admin.api.joinCircle(listed.id);
    await owner.api.updateMemberRole(listed.id, admin.user.id, { role: 'admin' });
    const refused = await expectApiError(admin.api.updateCircle(listed.id, { visibility: 'hidden' }), 403);
    expect(refused.code).toBe(ErrorCode.FORBIDDEN);
    expect((await search('雪菲')).map((c) => c.id)).toEqual([listed.id]);
    const hidden = await owner.api.updateCircle(listed.id, { visibility: 'hidden', directoryEnabled: true });
    expect(hidden).toMatchObject({ visibility: 'hidden', directoryEnabled: true });
    expect(await search('雪菲')).toEqual([]);
    await expectApiError(owner.api.updateCircle(listed.id, { visibility: 'secret' as 'hidden' }), 400);
  });

  test('members search posts by text and topic (Chinese substrings too); authors edit within 24 h, admins see the history', async () => {
    const owner = await login('搜索圈主');
    const circle = await owner.api.createCircle({ name: '咖啡研究所', joinPolicy: 'approval' });
    const [author, other] = [await login('作者'), await login('旁人')];
    for (const m of [author, other]) {
      await m.api.joinCircle(circle.id);
      await owner.api.approveMember(circle.id, m.user.id);
    }
    const coffee = await author.api.createPost(circle.id, { text: '今天喝了耶加雪菲，花香很足', topic: '手冲' });
    const hike = await author.api.createPost(circle.id, { text: '周末去爬山', topic: '户外活动' });
    const latin = await other.api.createPost(circle.id, { text: 'Ethiopia YIRGACHEFFE natural' });
    const ids = async (q: string) => (await other.api.listPosts(circle.id, { q })).items.map((p) => p.id);
    expect(await ids('耶加雪菲')).toEqual([coffee.id]);
    expect(await ids('户外')).toEqual([hike.id]);
    expect(await ids('yirgacheffe')).toEqual([latin.id]);
    expect(await ids('.*')).toEqual([]);
    const stranger = await login('圈外人');
    await expectApiError(stranger.api.listPosts(circle.id, { q: '耶加雪菲' }), 403);

    // The author edits; the old version goes to the history only admins read.
    const edited = await author.api.updatePost(coffee.id, { text: '今天喝了瑰夏' });
    expect(edited).toMatchObject({ text: '今天喝了瑰夏', editedAt: expect.any(String) });
    expect(await ids('耶加雪菲')).toEqual([]);
    expect(await ids('瑰夏')).toEqual([coffee.id]);
    expect((await owner.api.postEdits(coffee.id)).map((e) => e.text)).toEqual(['今天喝了耶加雪菲，花香很足']);
    await expectApiError(other.api.postEdits(coffee.id), 403);
    await expectApiError(other.api.updatePost(coffee.id, { text: '改别人的' }), 403);
    await expectApiError(author.api.updatePost(coffee.id, { pinned: true }), 403);
    expect((await other.api.getPost(coffee.id)).text).toBe('今天喝了瑰夏');

    // After 24 hours the post is closed to edits, and nothing changes.
    await stack.advanceClock(24 * 60 * 60 * 1000 + 1000);
    const late = await expectApiError(author.api.updatePost(hike.id, { text: '改晚了' }), 409);
    expect(late).toMatchObject({ code: ErrorCode.CLOSED, message: '发布超过 24 小时的动态不能再编辑' });
    expect((await author.api.getPost(hike.id)).text).toBe('周末去爬山');
  });

  test('the member directory: members only, only when the owner enables it, public fields only', async () => {
    const owner = await login('名录圈主');
    const circle = await owner.api.createCircle({ name: '名录圈', joinPolicy: 'open' });
    const member = await login('名录成员');
    await member.api.joinCircle(circle.id);
    const off = await expectApiError(member.api.circleDirectory(circle.id), 403);
    expect(off.message).toBe('这个圈子没有开启成员名录');
    await owner.api.updateCircle(circle.id, { directoryEnabled: true });
    const page = await member.api.circleDirectory(circle.id);
    expect(page.items.map((e) => e.userId)).toEqual([member.user.id, owner.user.id]);
    expect(Object.keys(page.items[0]).sort()).toEqual(['avatarUrl', 'joinedAt', 'nickname', 'userId']);
    await expectApiError((await login('名录路人')).api.circleDirectory(circle.id), 403);
  });

  test('door mode: the roster goes offline, queued scans sync, the first scan wins, cancelled tickets are reported, retries agree', async () => {
    const owner = await login('签到圈主');
    const circle = await owner.api.createCircle({ name: '签到圈', joinPolicy: 'open' });
    const event = await owner.api.createEvent(circle.id, eventBody());
    const [a, b, c, checker, bystander] = await Promise.all(
      ['持票甲', '持票乙', '持票丙', '签到员', '围观'].map((name) => login(name)),
    );
    const tickets = new Map<string, string>();
    for (const m of [a, b, c, checker, bystander]) await m.api.joinCircle(circle.id);
    for (const m of [a, b, c]) {
      const r = await m.api.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      tickets.set(m.user.id, r.id);
    }
    await owner.api.addChecker(event.id, { userId: checker.user.id });
    await expectApiError(bystander.api.eventRoster(event.id), 403);
    await expectApiError(bystander.api.syncCheckins(event.id, { scans: [] }), 403);

    const roster = await checker.api.eventRoster(event.id);
    expect(roster.entries).toHaveLength(3);
    const codeOf = (userId: string) => roster.entries.find((e) => e.registrationId === tickets.get(userId))!.ticketCode;

    // Online, someone checks A in at T; meanwhile C cancels (the phones do not know).
    const online = await owner.api.checkIn(event.id, { ticketCode: codeOf(a.user.id) });
    const t = Date.parse(online.checkedInAt);
    await c.api.cancelRegistration(tickets.get(c.user.id)!);
    const at = (secondsBefore: number) => new Date(t - secondsBefore * 1000).toISOString();
    const phone1 = {
      scans: [
        { ticketCode: codeOf(a.user.id), scannedAt: at(60), deviceId: 'phone-1' },
        { ticketCode: codeOf(b.user.id), scannedAt: at(30), deviceId: 'phone-1' },
        { ticketCode: codeOf(c.user.id), scannedAt: at(20), deviceId: 'phone-1' },
        { ticketCode: 'QZT1.000000000000000000000000.forged', scannedAt: at(10), deviceId: 'phone-1' },
      ],
    };
    const first = await checker.api.syncCheckins(event.id, phone1);
    expect(first.results.map((r) => [r.result, r.checkedInAt])).toEqual([
      ['checked_in', at(60)],
      ['checked_in', at(30)],
      ['cancelled', null],
      ['invalid', null],
    ]);
    // A second phone scanned B earlier: its scan wins, and everyone sees its time.
    const phone2 = { scans: [{ ticketCode: codeOf(b.user.id), scannedAt: at(50), deviceId: 'phone-2' }] };
    expect((await owner.api.syncCheckins(event.id, phone2)).results[0]).toMatchObject({
      result: 'checked_in',
      checkedInAt: at(50),
    });
    const retry = await checker.api.syncCheckins(event.id, phone1);
    expect(retry.results.map((r) => [r.result, r.checkedInAt])).toEqual([
      ['checked_in', at(60)],
      ['already_checked_in', at(50)],
      ['cancelled', null],
      ['invalid', null],
    ]);
    expect((await b.api.getRegistration(tickets.get(b.user.id)!)).checkedInAt).toBe(at(50));
    expect((await owner.api.eventStats(event.id)).checkedIn).toBe(2);
    await expectApiError(
      checker.api.syncCheckins(event.id, { scans: [{ ticketCode: 'x', scannedAt: 'yesterday', deviceId: 'p' }] }),
      400,
    );
  });
});
