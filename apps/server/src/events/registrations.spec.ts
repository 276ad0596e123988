import { getModelToken } from '@nestjs/mongoose';
import type { LoginResponse } from '@quanzi/contract';
import type { Model } from 'mongoose';
import { Event, Registration, TicketType } from './events.schema';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

describe('registrations: seats, limits, idempotency, waitlist, approval', () => {
  let w: EventsWorld;
  let types: Model<TicketType>;
  let registrations: Model<Registration>;
  const sold = async (ticketTypeId: string) => (await types.findById(ticketTypeId).lean())!.sold;
  const signup = (
    who: LoginResponse,
    eventId: string,
    ticketTypeId: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    w.t.request('POST', `/api/events/${eventId}/registrations`, {
      token: who.token,
      body: { ticketTypeId, ...extra },
      headers,
    });

  beforeAll(async () => {
    w = await startEventsWorld({}, 6);
    types = w.t.app.get(getModelToken(TicketType.name));
    registrations = w.t.app.get(getModelToken(Registration.name));
  }, 60000);
  afterAll(() => w.t.close());

  it('300 concurrent signups for a quota-100 ticket: exactly 100 confirmed, the rest SOLD_OUT, sold = 100', async () => {
    const crowd = await w.addMembers(300);
    const eventId = await w.createEvent({ ticketTypes: [{ name: '早鸟票', priceFen: 0, quota: 100 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const results = await Promise.all(crowd.map((m) => signup(m, eventId, typeId)));
    const confirmed = results.filter((r) => r.status === 201 && r.body.status === 'confirmed');
    const soldOut = results.filter((r) => r.status === 409 && r.body.code === 'SOLD_OUT');
    expect(confirmed).toHaveLength(100);
    expect(soldOut).toHaveLength(200);
    expect(await sold(typeId)).toBe(100);
    expect(await registrations.countDocuments({ eventId, status: 'confirmed' })).toBe(100);
    const event = await w.as(w.admin).getEvent(eventId);
    expect(event.ticketTypes[0]).toMatchObject({ quota: 100, sold: 100, remaining: 0 });
    expect((await w.as(w.admin).eventStats(eventId)).registered).toBe(100);
  }, 120000);

  it('300 concurrent signups with a waitlist: 100 confirmed, 200 waitlisted', async () => {
    const crowd = await w.addMembers(300);
    const eventId = await w.createEvent({ waitlist: true, ticketTypes: [{ name: '普通票', priceFen: 0, quota: 100 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const results = await Promise.all(crowd.map((m) => signup(m, eventId, typeId)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(100);
    expect(results.filter((r) => r.body.status === 'waitlisted')).toHaveLength(200);
    expect(await sold(typeId)).toBe(100);
  }, 120000);

  it('concurrent retries with the same Idempotency-Key at a per-person limit of 1 all answer the one registration', async () => {
    const eventId = await w.createEvent({ ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const m = w.members[2];
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => signup(m, eventId, typeId, {}, { 'Idempotency-Key': 'one-ticket-key' })),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    // A new key is a new request: refused at the limit.
    expect((await signup(m, eventId, typeId, {}, { 'Idempotency-Key': 'another-key' })).body.code).toBe('ALREADY_DONE');
    expect(await sold(typeId)).toBe(1);
  });

  it('a retried signup with the same Idempotency-Key returns the same registration and takes one seat', async () => {
    const eventId = await w.createEvent({ ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10, perUserLimit: 5 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const [m] = w.members;
    const headers = { 'Idempotency-Key': 'signup-abc-1' };
    const first = await signup(m, eventId, typeId, {}, headers);
    const again = await signup(m, eventId, typeId, {}, headers);
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => signup(m, eventId, typeId, {}, { 'Idempotency-Key': 'signup-burst-2' })),
    );
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(burst.every((r) => r.status === 201 && r.body.status === 'confirmed')).toBe(true);
    expect(await sold(typeId)).toBe(2);
    expect(await registrations.countDocuments({ eventId })).toBe(2);
  });

  it('the per-person limit holds under 20 concurrent signups by one member', async () => {
    const eventId = await w.createEvent({ ticketTypes: [{ name: '亲友票', priceFen: 0, quota: 50, perUserLimit: 2 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const m = w.members[1];
    const results = await Promise.all(Array.from({ length: 20 }, () => signup(m, eventId, typeId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'ALREADY_DONE')).toHaveLength(18);
    expect(await sold(typeId)).toBe(2);
    // Cancelling one gives the member room for one more.
    const mine = (await w.as(m).getEvent(eventId)).myRegistrations;
    expect(mine).toHaveLength(2);
    await w.as(m).cancelRegistration(mine[0].id);
    expect((await signup(m, eventId, typeId)).status).toBe(201);
    expect((await signup(m, eventId, typeId)).body.code).toBe('ALREADY_DONE');
  });

  it('cancelling a confirmed ticket promotes the waitlist head atomically and announces it', async () => {
    const eventId = await w.createEvent({ waitlist: true, ticketTypes: [{ name: '普通票', priceFen: 0, quota: 1 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const [a, b, c] = w.members;
    const held = (await signup(a, eventId, typeId)).body;
    const second = (await signup(b, eventId, typeId)).body;
    const third = (await signup(c, eventId, typeId)).body;
    expect([held.status, second.status, third.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect(second.ticketCode).toBeNull();
    w.published.length = 0;
    const cancelled = await w.as(a).cancelRegistration(held.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', ticketCode: null });
    const promoted = await w.as(b).getRegistration(second.id);
    expect(promoted).toMatchObject({ status: 'confirmed', ticketCode: expect.stringMatching(/^QZT1\./) });
    expect((await w.as(c).getRegistration(third.id)).status).toBe('waitlisted');
    expect(await sold(typeId)).toBe(1);
    expect(w.published.map((e) => e.name)).toEqual([
      'registration.cancelled',
      'registration.promoted',
      'registration.confirmed',
    ]);
    expect(w.published[1].payload).toMatchObject({
      actorId: b.user.id,
      registrationId: second.id,
      status: 'confirmed',
    });
    // Cancelling again changes nothing; a waitlisted member leaving frees no seat.
    expect((await w.as(a).cancelRegistration(held.id)).status).toBe('cancelled');
    await w.as(c).cancelRegistration(third.id);
    expect(await sold(typeId)).toBe(1);
  });

  it('approval events hold the seat while pending; approval confirms it, rejection frees it for the waitlist', async () => {
    const eventId = await w.createEvent({
      requireApproval: true,
      waitlist: true,
      ticketTypes: [{ name: '审核票', priceFen: 0, quota: 1 }],
    });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const [a, b] = w.members;
    const first = (await signup(a, eventId, typeId)).body;
    const waiting = (await signup(b, eventId, typeId)).body;
    expect([first.status, waiting.status]).toEqual(['pending_approval', 'waitlisted']);
    expect(first.ticketCode).toBeNull();
    expect(await sold(typeId)).toBe(1);
    expect((await w.t.request('POST', `/api/registrations/${first.id}/reject`, { token: a.token })).status).toBe(403);
    expect((await w.as(w.admin).rejectRegistration(first.id)).status).toBe('rejected');
    // The freed seat went to the waitlist head, who now waits for approval in turn.
    expect((await w.as(b).getRegistration(waiting.id)).status).toBe('pending_approval');
    expect(await sold(typeId)).toBe(1);
    expect(await w.as(w.admin).approveRegistration(waiting.id)).toMatchObject({
      status: 'confirmed',
      ticketCode: expect.any(String),
    });
    expect(
      (await w.t.request('POST', `/api/registrations/${waiting.id}/approve`, { token: w.admin.token })).body.code,
    ).toBe('CLOSED');
  });

  it('validates the signup form: required, phone format, select options, unknown keys → 400 with details, nothing stored', async () => {
    const eventId = await w.createEvent({
      formFields: [
        { key: 'name', label: '姓名', type: 'text', required: true },
        { key: 'phone', label: '手机号', type: 'phone', required: true },
        { key: 'size', label: 'T恤尺码', type: 'select', options: ['S', 'M', 'L'], required: false },
      ],
    });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const m = w.members[3];
    const bad = await signup(m, eventId, typeId, { answers: { phone: '12345', size: 'XXL', extra: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Every message: event-form.spec.ts. Here: the route answers them as details.
    expect(bad.body.details).toEqual(expect.arrayContaining([{ field: 'answers.extra', message: '没有这个报名项' }]));
    expect(await registrations.countDocuments({ eventId })).toBe(0);
    expect(await sold(typeId)).toBe(0);
    const ok = await signup(m, eventId, typeId, { answers: { name: ' 小林 ', phone: '13800138000', size: 'M' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', answers: { name: '小林', phone: '13800138000', size: 'M' } });
    expect((await signup(m, eventId, 'nope')).body.details).toEqual([
      { field: 'ticketTypeId', message: 'ticketTypeId 不是有效的 ID' },
    ]);
  });

  it('reads answers as own fields only: an (older) event with fields keyed `constructor`/`toString` can be signed up for', async () => {
    const eventId = await w.createEvent();
    // Keys like these are refused at creation now; events stored before that still carry them.
    const legacy = [
      { key: 'city', label: '城市', type: 'text', required: true, options: [] },
      { key: 'constructor', label: '备注', type: 'text', required: false, options: [] },
      { key: 'toString', label: '单位', type: 'text', required: false, options: [] },
    ];
    await w.t.app.get(getModelToken(Event.name)).updateOne({ _id: eventId }, { $set: { formFields: legacy } });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const m = w.members[5];
    const ok = await signup(m, eventId, typeId, { answers: { city: '上海' } });
    expect(ok.body).toMatchObject({ status: 'confirmed', answers: { city: '上海' } });
    expect(Object.keys(ok.body.answers)).toEqual(['city']);
    const csv = await w.t.request('GET', `/api/events/${eventId}/registrations.csv`, { token: w.admin.token });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('上海');
    expect(csv.body).not.toMatch(/function|native code/);
    // A body naming `constructor` is a client error, never a crash.
    const again = await signup(w.members[4], eventId, typeId, { answers: { city: '北京', constructor: 'x' } });
    expect(again.status).toBeLessThan(500);
  });

  it('checks a signup inviteCode: malformed is 400; only a code of this circle is recorded and exported', async () => {
    const eventId = await w.createEvent({ ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }] });
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    const [a, b, c] = await w.addMembers(3);
    const xss = await signup(a, eventId, typeId, { inviteCode: '<img src=x onerror=1>' });
    expect(xss).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'inviteCode' }] } });
    expect(await registrations.countDocuments({ eventId })).toBe(0);

    const elsewhere = await w.as(w.owner).createCircle({ name: '隔壁圈', joinPolicy: 'open' });
    const foreign = (await w.as(w.owner).myInvite(elsewhere.id)).code;
    const own = (await w.as(w.admin).myInvite(w.circleId)).code;
    const viaForeign = await signup(a, eventId, typeId, { inviteCode: foreign });
    expect(viaForeign.body).toMatchObject({ status: 'confirmed', inviteCode: null });
    const viaUnknown = await signup(b, eventId, typeId, { inviteCode: 'NoSuchCode42' });
    expect(viaUnknown.body).toMatchObject({ status: 'confirmed', inviteCode: null });
    const viaOwn = await signup(c, eventId, typeId, { inviteCode: own });
    expect(viaOwn.body).toMatchObject({ status: 'confirmed', inviteCode: own });

    const csv = (await w.t.request('GET', `/api/events/${eventId}/registrations.csv`, { token: w.admin.token }))
      .body as string;
    expect(csv).toContain(own);
    expect(csv).not.toContain(foreign);
    expect(csv).not.toContain('NoSuchCode42');
  });

  it('refuses signups for drafts, past deadlines, closed sale windows and cancelled events', async () => {
    const m = w.members[4];
    const draft = await w.createEvent({ status: 'draft' });
    const draftType = (await w.as(w.admin).getEvent(draft)).ticketTypes[0].id;
    expect((await signup(m, draft, draftType)).status).toBe(404);
    const late = await w.createEvent({ signupDeadline: '2020-01-01T00:00:00.000Z' });
    expect((await signup(m, late, (await w.as(m).getEvent(late)).ticketTypes[0].id)).body).toMatchObject({
      code: 'CLOSED',
      message: '报名已截止',
    });
    const notYet = await w.createEvent({
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 5, saleStartAt: '2029-01-01T00:00:00.000Z' }],
    });
    expect((await signup(m, notYet, (await w.as(m).getEvent(notYet)).ticketTypes[0].id)).body.message).toBe(
      '该票种尚未开售',
    );
    const gone = await w.createEvent();
    const goneType = (await w.as(m).getEvent(gone)).ticketTypes[0].id;
    const ticket = (await signup(m, gone, goneType)).body;
    w.published.length = 0;
    await w.as(w.admin).cancelEvent(gone);
    expect(w.published.find((e) => e.name === 'event.cancelled')?.payload).toMatchObject({
      eventId: gone,
      holderIds: [m.user.id],
    });
    expect((await signup(w.members[5], gone, goneType)).body).toMatchObject({ code: 'CLOSED', message: '活动已取消' });
    expect((await w.as(m).getRegistration(ticket.id)).status).toBe('confirmed');
  });

  it('non-members of an invite-only circle cannot sign up without a code (403), nobody without a token (401)', async () => {
    // (Non-members of an open circle join and sign up in one step: test/api/growth.test.ts.)
    const eventId = await w.createEvent();
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    await w.as(w.owner).updateCircle(w.circleId, { joinPolicy: 'invite' });
    const refused = await signup(w.outsider, eventId, typeId);
    await w.as(w.owner).updateCircle(w.circleId, { joinPolicy: 'open' });
    expect(refused.status).toBe(403);
    expect((await w.as(w.outsider).getCircle(w.circleId)).myMembership).toBeNull();
    expect(
      (await w.t.request('POST', `/api/events/${eventId}/registrations`, { body: { ticketTypeId: typeId } })).status,
    ).toBe(401);
    expect((await w.t.request('GET', '/api/me/tickets')).status).toBe(401);
  });

  it('lists 我的门票 newest first with their events, paged', async () => {
    const m = w.members[5];
    const e1 = await w.createEvent({ title: '读书会' });
    const e2 = await w.createEvent({ title: '夜跑' });
    for (const e of [e1, e2]) await signup(m, e, (await w.as(m).getEvent(e)).ticketTypes[0].id);
    const page1 = await w.as(m).myTickets({ limit: 1 });
    expect(page1.items.map((i) => i.event.title)).toEqual(['夜跑']);
    const page2 = await w.as(m).myTickets({ limit: 1, cursor: page1.nextCursor! });
    expect(page2.items[0]).toMatchObject({
      event: { title: '读书会' },
      status: 'confirmed',
      ticketCode: expect.any(String),
    });
  });
});
