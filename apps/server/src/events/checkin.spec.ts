import type { LoginResponse, RegistrationView } from '@quanzi/contract';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

describe('check-in, stats and export', () => {
  let w: EventsWorld;
  let eventId: string;
  let otherEventId: string;
  let typeIds: string[];
  let checker: LoginResponse;
  const scan = (who: LoginResponse | null, id: string, ticketCode: string) =>
    w.t.request('POST', `/api/events/${id}/checkins`, { token: who?.token, body: { ticketCode } });
  const signup = async (
    who: LoginResponse,
    id: string,
    ticketTypeId: string,
    answers?: Record<string, string>,
  ): Promise<RegistrationView> => w.as(who).register(id, { ticketTypeId, answers });

  beforeAll(async () => {
    w = await startEventsWorld({}, 6);
    checker = w.members[5];
    eventId = await w.createEvent({
      title: '城市夜跑',
      formFields: [{ key: 'phone', label: '手机号', type: 'phone', required: true }],
      ticketTypes: [
        { name: '跑者', priceFen: 0, quota: 10 },
        { name: '志愿者', priceFen: 0, quota: 5 },
      ],
    });
    otherEventId = await w.createEvent({ title: '另一场活动' });
    typeIds = (await w.as(w.admin).getEvent(eventId)).ticketTypes.map((t) => t.id);
  });
  afterAll(() => w.t.close());

  it('50 concurrent scans of one ticket: one checked_in, 49 already_checked_in with the same time', async () => {
    const ticket = await signup(w.members[0], eventId, typeIds[0], { phone: '13800138000' });
    w.published.length = 0;
    const results = await Promise.all(Array.from({ length: 50 }, () => scan(w.admin, eventId, ticket.ticketCode!)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const first = results.filter((r) => r.body.result === 'checked_in');
    const again = results.filter((r) => r.body.result === 'already_checked_in');
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(49);
    const at = first[0].body.checkedInAt;
    expect(again.every((r) => r.body.checkedInAt === at)).toBe(true);
    expect(first[0].body.registration).toMatchObject({
      id: ticket.id,
      status: 'checked_in',
      checkedInAt: at,
      checkedInBy: w.admin.user.id,
    });
    expect(w.published.filter((e) => e.name === 'checkin.recorded')).toHaveLength(1);
    expect(w.published.find((e) => e.name === 'checkin.recorded')!.payload).toMatchObject({
      eventId,
      registrationId: ticket.id,
      // The attendee acted (activity, tag rules and analytics credit them), the admin scanned.
      actorId: w.members[0].user.id,
      checkedInBy: w.admin.user.id,
    });
    // A later scan still answers already_checked_in, never an error; a checked-in ticket cannot be cancelled.
    expect((await scan(w.admin, eventId, ` ${ticket.ticketCode!} `)).body).toMatchObject({
      result: 'already_checked_in',
      checkedInAt: at,
    });
    expect(
      (await w.t.request('POST', `/api/registrations/${ticket.id}/cancel`, { token: w.members[0].token })).body.code,
    ).toBe('CLOSED');
  });

  it('refuses forged, altered and malformed codes with 400 and a Chinese message', async () => {
    const ticket = await signup(w.members[1], eventId, typeIds[0], { phone: '13900139000' });
    const [prefix, id, sig] = ticket.ticketCode!.split('.');
    const flipped = `${prefix}.${id}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const otherId = `${prefix}.${'0'.repeat(24)}.${sig}`;
    // The last base64url character of 16 bytes carries 4 unused bits: the next character decodes
    // to the same bytes, but only the issued spelling is a ticket.
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = `${prefix}.${id}.${sig.slice(0, -1)}${B64URL[B64URL.indexOf(sig.at(-1)!) + 1]}`;
    expect(Buffer.from(sameBytes.split('.')[2], 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    for (const code of [flipped, otherId, sameBytes, 'hello', `${prefix}.${id}`]) {
      const res = await scan(w.admin, eventId, code);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: '无效的门票码',
        details: [{ field: 'ticketCode', message: '无效的门票码' }],
      });
    }
    expect((await w.as(w.members[1]).getRegistration(ticket.id)).status).toBe('confirmed');
  });

  it('refuses a ticket of another event and a cancelled ticket with clear messages', async () => {
    const otherType = (await w.as(w.admin).getEvent(otherEventId)).ticketTypes[0].id;
    const foreign = await signup(w.members[2], otherEventId, otherType);
    expect((await scan(w.admin, eventId, foreign.ticketCode!)).body).toMatchObject({
      code: 'CONFLICT',
      message: '这张门票不属于本活动',
    });
    const ticket = await signup(w.members[2], eventId, typeIds[1], { phone: '13700137000' });
    await w.as(w.members[2]).cancelRegistration(ticket.id);
    const res = await scan(w.admin, eventId, ticket.ticketCode!);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CLOSED', message: '门票已取消' });
  });

  it('members cannot check in or export (403); a checker can check in but not export; no token → 401', async () => {
    const ticket = await signup(w.members[3], eventId, typeIds[1], { phone: '13600136000' });
    expect((await scan(w.members[4], eventId, ticket.ticketCode!)).status).toBe(403);
    expect((await scan(checker, eventId, ticket.ticketCode!)).status).toBe(403);
    expect((await scan(null, eventId, ticket.ticketCode!)).status).toBe(401);
    expect((await scan(w.outsider, eventId, ticket.ticketCode!)).status).toBe(403);
    for (const path of ['registrations', 'registrations.csv', 'stats']) {
      expect((await w.t.request('GET', `/api/events/${eventId}/${path}`, { token: w.members[4].token })).status).toBe(
        403,
      );
      expect((await w.t.request('GET', `/api/events/${eventId}/${path}`)).status).toBe(401);
    }
    // Only admins name checkers, and only members of the circle.
    expect(
      (
        await w.t.request('POST', `/api/events/${eventId}/checkers`, {
          token: w.members[4].token,
          body: { userId: checker.user.id },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.t.request('POST', `/api/events/${eventId}/checkers`, {
          token: w.admin.token,
          body: { userId: w.outsider.user.id },
        })
      ).status,
    ).toBe(400);
    expect((await w.as(w.admin).addChecker(eventId, { userId: checker.user.id })).checkerIds).toEqual([
      checker.user.id,
    ]);
    expect((await w.as(checker).getEvent(eventId)).canCheckIn).toBe(true);
    const res = await scan(checker, eventId, ticket.ticketCode!);
    expect(res.body).toMatchObject({ result: 'checked_in', registration: { checkedInBy: checker.user.id } });
    expect(
      (await w.t.request('GET', `/api/events/${eventId}/registrations.csv`, { token: checker.token })).status,
    ).toBe(403);
    expect((await w.t.request('GET', `/api/events/${eventId}/stats`, { token: checker.token })).status).toBe(403);
    expect((await w.as(w.admin).removeChecker(eventId, checker.user.id)).checkerIds).toEqual([]);
    expect((await scan(checker, eventId, ticket.ticketCode!)).status).toBe(403);
  });

  it('counts registrations and check-ins per status and ticket type', async () => {
    const stats = await w.as(w.admin).eventStats(eventId);
    // Runner: members 0 (checked in) and 1; volunteer: member 2 (cancelled) and 3 (checked in).
    expect(stats.registered).toBe(3);
    expect(stats.checkedIn).toBe(2);
    expect(stats.byStatus).toMatchObject({ confirmed: 1, checked_in: 2, cancelled: 1, waitlisted: 0 });
    expect(stats.byTicketType).toEqual([
      { ticketTypeId: typeIds[0], name: '跑者', quota: 10, sold: 2, registered: 2, checkedIn: 1 },
      { ticketTypeId: typeIds[1], name: '志愿者', quota: 5, sold: 1, registered: 1, checkedIn: 1 },
    ]);
  });

  it('lists attendees with status, ticket type and text filters, paged', async () => {
    const all = await w.as(w.admin).listRegistrations(eventId, { limit: 2 });
    expect(all.items).toHaveLength(2);
    const rest = await w.as(w.admin).listRegistrations(eventId, { limit: 2, cursor: all.nextCursor! });
    expect([...all.items, ...rest.items]).toHaveLength(4);
    expect(
      (await w.as(w.admin).listRegistrations(eventId, { status: 'checked_in' })).items.map((r) => r.holder.id).sort(),
    ).toEqual([w.members[0].user.id, w.members[3].user.id].sort());
    expect((await w.as(w.admin).listRegistrations(eventId, { ticketTypeId: typeIds[1] })).items).toHaveLength(2);
    expect((await w.as(w.admin).listRegistrations(eventId, { q: '1390013' })).items.map((r) => r.holder.id)).toEqual([
      w.members[1].user.id,
    ]);
    expect((await w.as(w.admin).listRegistrations(eventId, { q: '.*' })).items).toEqual([]);
  });

  it('exports a UTF-8 CSV with a BOM, form answers, tags (formula-safe) and Asia/Shanghai check-in times', async () => {
    // Two tags on member 0, granted in this order (the CSV lists them as granted).
    const leader = await w.as(w.admin).createTag(w.circleId, { name: '=领队' });
    const runner = await w.as(w.admin).createTag(w.circleId, { name: '跑友' });
    await w.as(w.admin).bulkTagMembers(w.circleId, { userIds: [w.members[0].user.id], add: [leader.id] });
    await w.as(w.admin).bulkTagMembers(w.circleId, { userIds: [w.members[0].user.id], add: [runner.id] });
    const res = await w.t.request('GET', `/api/events/${eventId}/registrations.csv`, { token: w.admin.token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const text = String(res.body);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('"昵称","票种","价格(元)","状态","报名时间","签到时间","手机号","标签","邀请码"');
    expect(lines).toHaveLength(5);
    const checkedIn = (await w.as(w.admin).listRegistrations(eventId, { status: 'checked_in' })).items.find(
      (r) => r.holder.id === w.members[0].user.id,
    )!;
    const local = new Date(Date.parse(checkedIn.checkedInAt!) + 8 * 3600 * 1000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(lines.find((l) => l.includes('13800138000'))).toBe(
      `"${checkedIn.holder.nickname}","跑者","0.00","已签到","${new Date(Date.parse(checkedIn.createdAt) + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')}","${local}","13800138000","'=领队、跑友",""`,
    );
  });
});
