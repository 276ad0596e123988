import type { LoginResponse } from '@quanzi/contract';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('notifications: inbox, producers, settings', () => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await startEventsWorld({ JOBS_POLL_MS: '50' }, 6);
  });
  afterAll(() => w.t.close());

  const inbox = async (who: LoginResponse) => w.as(who).myNotifications();
  const signUp = async (who: LoginResponse, eventId: string) => {
    const typeId = (await w.as(w.admin).getEvent(eventId)).ticketTypes[0].id;
    return w.as(who).register(eventId, { ticketTypeId: typeId });
  };

  it('a promotion from the waitlist reaches exactly the promoted member', async () => {
    const [a, b, c] = w.members;
    const eventId = await w.createEvent({ waitlist: true, ticketTypes: [{ name: '普通票', priceFen: 0, quota: 1 }] });
    const held = await signUp(a, eventId);
    await signUp(b, eventId);
    await signUp(c, eventId);
    await w.as(a).cancelRegistration(held.id);

    const mine = await inbox(b);
    expect(mine.items.map((n) => [n.kind, n.title, n.link])).toEqual([
      ['registration_promoted', '候补成功', `/packages/events/detail/index?id=${eventId}`],
    ]);
    expect(mine.unread).toBe(1);
    for (const other of [a, c, w.admin, w.owner]) {
      expect((await inbox(other)).items.filter((n) => n.kind === 'registration_promoted')).toEqual([]);
    }
    await w.as(b).markNotificationsRead({ all: true });
  });

  it('approval and rejection of a signup reach exactly the member concerned', async () => {
    const [, b, c] = w.members;
    const eventId = await w.createEvent({ requireApproval: true });
    const rb = await signUp(b, eventId);
    const rc = await signUp(c, eventId);
    await w.as(w.admin).approveRegistration(rb.id);
    await w.as(w.admin).rejectRegistration(rc.id);
    const kinds = async (who: LoginResponse) =>
      (await inbox(who)).items
        .filter((n) => n.kind === 'registration_approved' || n.kind === 'registration_rejected')
        .map((n) => [n.kind, n.title]);
    expect(await kinds(b)).toEqual([['registration_approved', '报名已通过']]);
    expect(await kinds(c)).toEqual([['registration_rejected', '报名未通过']]);
    for (const other of [w.members[0], w.admin, w.owner]) expect(await kinds(other)).toEqual([]);
  });

  it('an event cancellation reaches exactly its ticket holders, once', async () => {
    const [, , , d, e] = w.members;
    const eventId = await w.createEvent();
    await signUp(d, eventId);
    await signUp(e, eventId);
    await w.as(w.admin).cancelEvent(eventId);
    await w
      .as(w.admin)
      .cancelEvent(eventId)
      .catch(() => undefined); // no second announcement
    for (const holder of [d, e]) {
      const items = (await inbox(holder)).items.filter((n) => n.kind === 'event_cancelled');
      expect(items.map((n) => n.circleId)).toEqual([w.circleId]);
    }
    for (const other of [w.members[0], w.members[1], w.admin, w.outsider]) {
      expect((await inbox(other)).items.filter((n) => n.kind === 'event_cancelled')).toEqual([]);
    }
  });

  it('a refund reaches exactly the payer, once per refund, linking to the ticket', async () => {
    const [, , , , e, f] = w.members;
    const eventId = await w.createEvent({ ticketTypes: [{ name: '付费票', priceFen: 1990, quota: 5 }] });
    const held = await signUp(e, eventId);
    const { orderId } = await w.as(e).payRegistration(held.id);
    await w.as(e).devConfirmPayment(orderId!);
    await w.as(w.admin).refundOrder(orderId!, { amountFen: 990, reason: '部分退款' });
    await w.as(w.admin).refundOrder(orderId!, { reason: '全部退款' });

    const mine = (await inbox(e)).items.filter((n) => n.kind === 'order_refunded');
    expect(mine.map((n) => [n.title, n.body, n.link])).toEqual([
      ['退款成功', '¥10.00 已原路退回，通常 1–3 个工作日到账。', `/packages/events/ticket/index?id=${held.id}`],
      ['退款成功', '¥9.90 已原路退回，通常 1–3 个工作日到账。', `/packages/events/ticket/index?id=${held.id}`],
    ]);
    for (const other of [f, w.admin, w.owner]) {
      expect((await inbox(other)).items.filter((n) => n.kind === 'order_refunded')).toEqual([]);
    }
  });

  it('marks one or all read, only the caller’s own, and pages newest first', async () => {
    const [, , , d] = w.members;
    const eventId = await w.createEvent();
    await signUp(d, eventId);
    await w.as(w.admin).cancelEvent(eventId);
    const page = await w.as(d).myNotifications({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.unread).toBe(2);
    expect(page.nextCursor).not.toBeNull();
    const rest = await w.as(d).myNotifications({ limit: 1, cursor: page.nextCursor! });
    expect(rest.items[0].id).not.toBe(page.items[0].id);

    // Someone else's id changes nothing.
    expect(await w.as(w.members[0]).markNotificationsRead({ ids: [page.items[0].id] })).toEqual({ unread: 0 });
    expect((await w.as(d).myNotifications({ unread: 1 })).items).toHaveLength(2);
    expect(await w.as(d).markNotificationsRead({ ids: [page.items[0].id] })).toEqual({ unread: 1 });
    expect(await w.as(d).markNotificationsRead({ all: true })).toEqual({ unread: 0 });
    expect((await w.as(d).myNotifications({ unread: 1 })).items).toEqual([]);
  });

  it('settings: defaults, mute a circle, turn a kind off; refused without login or with bad input', async () => {
    const [, , , , e] = w.members;
    expect(await w.as(e).getNotificationSettings()).toEqual({
      mutedCircleIds: [],
      disabledKinds: [],
      quietHours: { start: '22:00', end: '08:00' },
    });
    const updated = await w.as(e).updateNotificationSettings({ mutedCircleIds: [w.circleId] });
    expect(updated).toEqual({
      mutedCircleIds: [w.circleId],
      disabledKinds: [],
      quietHours: { start: '22:00', end: '08:00' },
    });
    const before = (await inbox(e)).items.length;
    const eventId = await w.createEvent();
    await signUp(e, eventId);
    await w.as(w.admin).cancelEvent(eventId);
    expect((await inbox(e)).items).toHaveLength(before);

    await w
      .as(e)
      .updateNotificationSettings({ mutedCircleIds: [], disabledKinds: ['event_cancelled'], quietHours: null });
    const again = await w.createEvent();
    await signUp(e, again);
    await w.as(w.admin).cancelEvent(again);
    expect((await inbox(e)).items).toHaveLength(before);
    expect((await w.as(e).getNotificationSettings()).quietHours).toBeNull();

    const bad = await w.t.request('PATCH', '/api/me/notification-settings', {
      token: e.token,
      body: { quietHours: { start: '25:00', end: '08:00' }, disabledKinds: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await w.as(e).getNotificationSettings()).disabledKinds).toEqual(['event_cancelled']);
    expect((await w.t.request('GET', '/api/me/notifications')).status).toBe(401);
    expect((await w.t.request('POST', '/api/me/notifications/read', { body: { all: true } })).status).toBe(401);
    expect((await w.t.request('GET', '/api/me/notification-settings')).status).toBe(401);
  });

  it('reminds exactly the attendees 24 h and 1 h before the start, with the online link', async () => {
    const [, , , , , f] = w.members;
    const hour = 3600_000;
    const startAt = new Date(w.t.clock.nowMs() + 30 * hour);
    const eventId = await w.createEvent({
      mode: 'online',
      location: undefined,
      onlineUrl: 'https://meeting.example.com/abc',
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 2 * hour).toISOString(),
    });
    await signUp(f, eventId);
    const reminders = async (who: LoginResponse) =>
      (await inbox(who)).items.filter((n) => n.kind === 'event_reminder').map((n) => n.title);

    w.t.clock.advance(5 * hour); // 25 h before: nothing yet
    await w.t.clock.settled();
    await new Promise((r) => setTimeout(r, 100));
    expect(await reminders(f)).toEqual([]);

    w.t.clock.advance(hour + 60_000);
    await w.t.clock.settled();
    await waitFor('the 24 h reminder', async () => (await reminders(f)).length === 1);
    expect(await reminders(f)).toEqual(['明天的活动：香山秋季徒步']);
    expect((await inbox(f)).items[0].body).toContain('https://meeting.example.com/abc');

    w.t.clock.advance(23 * hour);
    await w.t.clock.settled();
    await waitFor('the 1 h reminder', async () => (await reminders(f)).length === 2);
    expect(await reminders(f)).toEqual(['活动即将开始：香山秋季徒步', '明天的活动：香山秋季徒步']);
    for (const other of [w.members[0], w.admin, w.owner, w.outsider]) expect(await reminders(other)).toEqual([]);
  });
});
