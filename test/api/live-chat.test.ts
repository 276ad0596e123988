import { ApiRoutes, ChatLimits, LiveRooms, type LiveServerFrame, type LoginResponse } from '@quanzi/contract';
import { sendRaw, useStack } from '../harness';
import { isOp, LiveSocket } from './live-socket';

/**
 * Event chat rooms over real sockets (/api/ws) against the built server: who may join, order,
 * resume without loss or duplicates, admin deletion and mute, the per-user send limit.
 */
describe('live chat over WebSocket', () => {
  const stack = useStack({ label: 'api-live-chat', env: { TEST_CLOCK: '1' } });
  let admin: LoginResponse;
  let circleId: string;
  const sockets: LiveSocket[] = [];

  // The server clock runs at real time plus what this file advanced it by; the send limit counts
  // in fixed 10 s windows of that clock, so limit tests start at the beginning of a window.
  let clockOffsetMs = 0;
  const freshSendWindow = async () => {
    const now = Date.now() + clockOffsetMs;
    const step = ChatLimits.sendWindowMs - (now % ChatLimits.sendWindowMs) + 50;
    clockOffsetMs += step;
    await stack.advanceClock(step);
  };
  const advance = async (ms: number) => {
    clockOffsetMs += ms;
    await stack.advanceClock(ms);
  };

  const connect = async (token?: string) => {
    const s = await LiveSocket.open(stack.baseUrl, token);
    sockets.push(s);
    if (token) await s.waitFor(isOp('ready'));
    return s;
  };

  const member = async (nickname: string) => {
    const m = await stack.api.loginDev({ nickname });
    await stack.as(m.token).joinCircle(circleId);
    return m;
  };

  /** An event with its room opened by the admin, and `holders` members holding a confirmed ticket. */
  const eventWithHolders = async (holders: number, tag: string, chatEnabled = true) => {
    const event = await stack.as(admin.token).createEvent(circleId, {
      title: `聊天测试 ${tag}`,
      mode: 'offline',
      location: '朝阳公园',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 50 }],
      status: 'published',
    });
    if (chatEnabled)
      expect((await stack.as(admin.token).updateEvent(event.id, { chatEnabled: true })).chatEnabled).toBe(true);
    const out: LoginResponse[] = [];
    for (let i = 0; i < holders; i++) {
      const m = await member(`${tag}-${i}`);
      await stack.as(m.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      out.push(m);
    }
    return { event, room: LiveRooms.eventChat(event.id), holders: out };
  };

  const send = (s: LiveSocket, room: string, text: string, clientId: string) =>
    s.send({ op: 'send', room, text, clientId });

  const acked = (s: LiveSocket, clientId: string) =>
    s.waitFor(
      (f): f is Extract<LiveServerFrame, { op: 'ack' | 'error' }> =>
        (f.op === 'ack' || f.op === 'error') && f.clientId === clientId,
    );

  beforeAll(async () => {
    admin = await stack.api.loginDev({ nickname: 'chat-admin' });
    circleId = (await stack.as(admin.token).createCircle({ name: '聊天圈', joinPolicy: 'open' })).id;
  }, 60_000);

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  test('a bad token is closed with 4401; a member without a ticket and an outsider are refused', async () => {
    const { room } = await eventWithHolders(0, 'refuse');
    const forged = await LiveSocket.open(stack.baseUrl, 'not-a-token');
    await forged.waitFor(isOp('error'));
    await new Promise((r) => forged.socket.once('close', r));
    expect(forged.closedWith).toBe(4401);

    const noTicket = await member('refuse-member');
    const s = await connect(noTicket.token);
    await expect(s.join(room)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    send(s, room, '偷偷说话', 'sneak-1');
    expect((await acked(s, 'sneak-1'))[0]).toMatchObject({ op: 'error', code: 'FORBIDDEN' });

    const outsider = await stack.api.loginDev({ nickname: 'refuse-outsider' });
    const o = await LiveSocket.open(stack.baseUrl);
    sockets.push(o);
    o.send({ op: 'auth', token: outsider.token });
    await o.waitFor(isOp('ready'));
    await expect(o.join(room)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const history = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventChat(room.slice(6)), { token: outsider.token });
    expect(history.status).toBe(403);
  });

  test('a room the admin has not opened is closed to holders until shortly before the start', async () => {
    const { room, holders } = await eventWithHolders(1, 'closed', false);
    const s = await connect(holders[0].token);
    await expect(s.join(room)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  test('two holders exchange messages in order, with replies, and see them in the history', async () => {
    const { event, room, holders } = await eventWithHolders(2, 'pair');
    const [a, b] = await Promise.all(holders.map((h) => connect(h.token)));
    expect(await a.join(room)).toBe(0);
    expect(await b.join(room)).toBe(0);
    for (let i = 1; i <= 5; i++) {
      send(i % 2 ? a : b, room, `第${i}条`, `pair-${i}`);
      await acked(i % 2 ? a : b, `pair-${i}`);
    }
    const seen = await b.waitFor(isOp('message'), 5);
    expect(seen.map((f) => [f.message.seq, f.message.text])).toEqual([
      [1, '第1条'],
      [2, '第2条'],
      [3, '第3条'],
      [4, '第4条'],
      [5, '第5条'],
    ]);
    expect(seen[0].message.author.nickname).toBe('pair-0');
    a.send({ op: 'send', room, text: '回复你', clientId: 'pair-reply', replyTo: seen[1].message.id });
    const [reply] = (await b.waitFor(isOp('message'), 6)).slice(5);
    expect(reply.message.replyTo).toMatchObject({ seq: 2, authorNickname: 'pair-1', excerpt: '第2条' });
    // A retried send (same clientId) is the same message, not a new one.
    send(a, room, '第1条', 'pair-1');
    expect((await a.waitFor(isOp('ack'), 5))[4]).toMatchObject({ clientId: 'pair-1', seq: 1 });
    expect(b.messages(room)).toHaveLength(6);
    const page = await stack.as(holders[1].token).chatHistory(event.id, { before: 6, limit: 3 });
    expect(page.items.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(page.lastSeq).toBe(6);
    expect((await stack.as(holders[1].token).chatHistory(event.id, { after: 4 })).items.map((m) => m.seq)).toEqual([
      5, 6,
    ]);
  });

  test('a client that disconnects while 20 messages are sent gets all 20 on resume, none twice', async () => {
    const { room, holders } = await eventWithHolders(2, 'resume');
    const a = await connect(holders[0].token);
    await a.join(room);
    let b = await connect(holders[1].token);
    await b.join(room);
    send(a, room, '开场', 'resume-0');
    await b.waitFor(isOp('message'));
    const lastSeen = b.messages(room).at(-1)!.seq;
    await b.close();
    for (let i = 1; i <= 20; i++) {
      // The per-user limit allows 10 per window: move the server clock instead of waiting.
      if (i % 10 === 1) await freshSendWindow();
      send(a, room, `断线期间 ${i}`, `resume-${i}`);
      expect((await acked(a, `resume-${i}`))[0].op).toBe('ack');
    }
    b = await connect(holders[1].token);
    expect(await b.join(room, lastSeen)).toBe(21);
    await freshSendWindow();
    send(a, room, '欢迎回来', 'resume-21');
    await b.waitFor(isOp('message'), 21);
    const got = b.messages(room).map((m) => m.seq);
    expect(got).toEqual(Array.from({ length: 21 }, (_, i) => i + 2));
    expect(b.messages(room)[0].text).toBe('断线期间 1');
  });

  test('an admin deletion reaches connected clients; members cannot delete', async () => {
    const { event, room, holders } = await eventWithHolders(1, 'delete');
    const h = await connect(holders[0].token);
    const adm = await connect(admin.token);
    await h.join(room);
    await adm.join(room);
    send(h, room, '不该发的内容', 'del-1');
    const [ack] = await h.waitFor(isOp('ack'));
    const asMember = await sendRaw(stack.baseUrl, 'DELETE', ApiRoutes.chatMessage(ack.id), { token: holders[0].token });
    expect(asMember.status).toBe(403);
    await stack.as(admin.token).deleteChatMessage(ack.id);
    for (const s of [h, adm])
      expect((await s.waitFor(isOp('deleted')))[0]).toEqual({ op: 'deleted', room, id: ack.id });
    const [stored] = (await stack.as(holders[0].token).chatHistory(event.id)).items;
    expect(stored).toMatchObject({ id: ack.id, deleted: true, text: '' });
  });

  test('the per-user limit refuses the 11th message in 10 seconds, and the window passes', async () => {
    const { room, holders } = await eventWithHolders(1, 'limit');
    const s = await connect(holders[0].token);
    await s.join(room);
    await freshSendWindow();
    for (let i = 1; i <= 10; i++) {
      send(s, room, `刷屏 ${i}`, `limit-${i}`);
      expect((await acked(s, `limit-${i}`))[0].op).toBe('ack');
    }
    send(s, room, '第十一条', 'limit-11');
    expect((await acked(s, 'limit-11'))[0]).toMatchObject({ op: 'error', code: 'RATE_LIMITED' });
    await freshSendWindow();
    send(s, room, '第十一条', 'limit-11');
    expect((await s.waitFor(isOp('ack'), 11))[10]).toMatchObject({ clientId: 'limit-11', seq: 11 });
  });

  test('a muted member cannot send until the mute ends; only admins mute', async () => {
    const { event, room, holders } = await eventWithHolders(2, 'mute');
    const [loud, other] = holders;
    const s = await connect(loud.token);
    await s.join(room);
    const byMember = await sendRaw(stack.baseUrl, 'POST', ApiRoutes.eventChatMutes(event.id), {
      token: other.token,
      rawBody: JSON.stringify({ userId: loud.user.id, minutes: 10 }),
    });
    expect(byMember.status).toBe(403);
    await stack.as(admin.token).muteChatMember(event.id, { userId: loud.user.id, minutes: 10 });
    send(s, room, '我还能说话吗', 'mute-1');
    expect((await acked(s, 'mute-1'))[0]).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect((await stack.as(loud.token).chatHistory(event.id)).lastSeq).toBe(0);
    await advance(11 * 60_000);
    send(s, room, '我又能说话了', 'mute-2');
    expect((await acked(s, 'mute-2'))[0]).toMatchObject({ op: 'ack', seq: 1 });
  });

  test('unread counts follow what the member marked read', async () => {
    const { event, room, holders } = await eventWithHolders(2, 'unread');
    const a = await connect(holders[0].token);
    await a.join(room);
    for (let i = 1; i <= 3; i++) {
      send(a, room, `未读 ${i}`, `unread-${i}`);
      await acked(a, `unread-${i}`);
    }
    const reader = stack.as(holders[1].token);
    expect(await reader.chatUnread(event.id)).toMatchObject({ lastSeq: 3, lastReadSeq: 0, unread: 3 });
    expect(await reader.markChatRead(event.id, { seq: 2 })).toMatchObject({ unread: 1 });
    expect(await reader.markChatRead(event.id, { seq: 1 })).toMatchObject({ lastReadSeq: 2, unread: 1 });
  });

  test('door counts reach checkers and admins on every check-in by any checker; holders are refused', async () => {
    const { event, holders } = await eventWithHolders(2, 'door');
    const checker = await member('door-checker');
    await stack.as(admin.token).addChecker(event.id, { userId: checker.user.id });
    const door = LiveRooms.door(event.id);
    const watcher = await connect(admin.token);
    await watcher.join(door);
    expect((await watcher.waitFor(isOp('counts')))[0]).toMatchObject({ checkedIn: 0, registered: 2 });
    const h = await connect(holders[0].token);
    await expect(h.join(door)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [ticket] = (await stack.as(holders[1].token).getEvent(event.id)).myRegistrations;
    await stack.as(checker.token).checkIn(event.id, { ticketCode: ticket.ticketCode! });
    const [, pushed] = await watcher.waitFor(isOp('counts'), 2);
    expect(pushed).toMatchObject({
      room: door,
      checkedIn: 1,
      registered: 2,
      byTicketType: [{ name: '普通票', checkedIn: 1, registered: 2 }],
    });
  });

  test('a burst of check-ins is coalesced into recounts whose last frame is the final count', async () => {
    const { event, holders } = await eventWithHolders(6, 'burst');
    const watcher = await connect(admin.token);
    await watcher.join(LiveRooms.door(event.id));
    await watcher.waitFor(isOp('counts'));
    const codes = await Promise.all(
      holders.map(async (h) => (await stack.as(h.token).getEvent(event.id)).myRegistrations[0].ticketCode!),
    );
    // All at once, as at a busy door with several checkers; each answer comes back without waiting for the recount.
    await Promise.all(codes.map((ticketCode) => stack.as(admin.token).checkIn(event.id, { ticketCode })));
    const isFinal = (f: LiveServerFrame): f is Extract<LiveServerFrame, { op: 'counts' }> =>
      f.op === 'counts' && f.checkedIn === 6;
    await watcher.waitFor(isFinal);
    const counts = watcher.frames.filter(isOp('counts'));
    // Never more than the join's frame plus one per check-in, and nothing after the final one goes backwards.
    expect(counts.length).toBeLessThanOrEqual(1 + codes.length);
    expect(counts.map((c) => c.checkedIn)).toEqual([...counts.map((c) => c.checkedIn)].sort((a, b) => a - b));
    expect(counts[counts.length - 1]).toMatchObject({ checkedIn: 6, registered: 6 });
  });

  test("an admin's announcement is pinned at the top; members cannot announce", async () => {
    const { event, room, holders } = await eventWithHolders(1, 'announce');
    const h = await connect(holders[0].token);
    const adm = await connect(admin.token);
    await h.join(room);
    await adm.join(room);
    h.send({ op: 'send', room, text: '我也来发公告', clientId: 'ann-member', announcement: true });
    expect((await acked(h, 'ann-member'))[0]).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    adm.send({ op: 'send', room, text: '19:00 准时开始', clientId: 'ann-1', announcement: true });
    const [seen] = await h.waitFor(isOp('message'));
    expect(seen.message).toMatchObject({ text: '19:00 准时开始', announcement: true });
    send(h, room, '收到', 'ann-reply');
    await acked(h, 'ann-reply');
    const page = await stack.as(holders[0].token).chatHistory(event.id);
    expect(page.pinned).toMatchObject({ text: '19:00 准时开始', seq: 1 });
    expect(page.items.map((m) => m.announcement)).toEqual([true, false]);
  });
});
