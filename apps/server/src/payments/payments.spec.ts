import type { DevCheckoutParams, LoginResponse } from '@quanzi/contract';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { HoldExpiryService } from '../events/hold-expiry.service';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';
import { DevPaymentProvider } from './dev-provider';
import { Jobs } from '../jobs/jobs.service';
import { PaymentsSweeper, REFUND_CANCELLED_EVENT_JOB } from './payments-sweeper.service';

const HOLD_SECONDS = 900;

describe('payments: orders, the development gateway, refunds', () => {
  let w: EventsWorld;
  let sweeper: PaymentsSweeper;
  const moneyEvents: DomainEvent[] = [];
  const named = (name: string) => w.published.concat(moneyEvents).filter((e) => e.name === name);

  beforeAll(async () => {
    w = await startEventsWorld({ EVENT_PAYMENT_HOLD_SECONDS: String(HOLD_SECONDS) }, 8);
    sweeper = w.t.app.get(PaymentsSweeper);
    const bus = w.t.app.get(DomainEventBus);
    for (const name of ['order.paid', 'order.refunded'] as const) bus.subscribe(name, (e) => void moneyEvents.push(e));
  });
  afterAll(() => w.t.close());

  const pricedEvent = async (priceFen = 1990, quota = 10) => {
    const id = await w.createEvent({ title: '付费讲座', ticketTypes: [{ name: '标准票', priceFen, quota }] });
    return { id, typeId: (await w.as(w.admin).getEvent(id)).ticketTypes[0].id };
  };
  const holdAndPay = async (m: LoginResponse, ev: { id: string; typeId: string }) => {
    const held = await w.as(m).register(ev.id, { ticketTypeId: ev.typeId });
    const start = await w.as(m).payRegistration(held.id);
    return { held, start, orderId: start.orderId! };
  };
  const paidTicket = async (m: LoginResponse, ev: { id: string; typeId: string }) => {
    const r = await holdAndPay(m, ev);
    await w.as(m).devConfirmPayment(r.orderId);
    return r;
  };

  it('pay opens one server-priced order with the dev checkout; a repeated pay answers the same order', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[0];
    const { held, start, orderId } = await holdAndPay(m, ev);
    expect(start).toMatchObject({ status: 'pending', orderId: expect.any(String), provider: 'dev' });
    expect(start.params).toEqual<DevCheckoutParams>({
      orderId,
      amountFen: 1990,
      description: '付费讲座',
      confirmUrl: `/api/payments/dev/${orderId}/confirm`,
      cancelUrl: `/api/payments/dev/${orderId}/cancel`,
    });
    expect((await w.as(m).payRegistration(held.id)).orderId).toBe(orderId);
    const order = await w.as(m).getOrder(orderId);
    expect(order).toMatchObject({
      status: 'created',
      amountFen: 1990,
      currency: 'CNY',
      registrationId: held.id,
      outTradeNo: `T${held.id}1`,
    });
    expect((await w.as(w.admin).getOrder(orderId)).id).toBe(orderId);
    expect((await w.as(m).registrationOrder(held.id)).id).toBe(orderId);
    const peek = await w.t.request('GET', `/api/registrations/${held.id}/order`, { token: w.members[1].token });
    expect(peek.status).toBe(403);
    const other = await w.t.request('GET', `/api/orders/${orderId}`, { token: w.members[1].token });
    expect(other.status).toBe(403);
  });

  it('the payer confirms through the dev gateway: order paid and ticket confirmed; 20 concurrent confirms confirm once', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[1];
    const { held, orderId } = await holdAndPay(m, ev);
    const stranger = await w.t.request('POST', `/api/payments/dev/${orderId}/confirm`, { token: w.members[2].token });
    expect(stranger.status).toBe(403);
    expect((await w.as(m).getOrder(orderId)).status).toBe('created');
    w.published.length = 0;
    moneyEvents.length = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => w.as(m).devConfirmPayment(orderId)));
    expect(results.every((o) => o.status === 'paid')).toBe(true);
    expect((await w.as(m).getRegistration(held.id)).status).toBe('confirmed');
    expect(named('registration.confirmed')).toHaveLength(1);
    expect(named('order.paid').map((e) => e.payload)).toEqual([
      expect.objectContaining({ orderId, registrationId: held.id, amountFen: 1990 }),
    ]);
    const order = await w.as(m).getOrder(orderId);
    expect(order.paidAt).toEqual(expect.any(String));
    const cancel = await w.t.request('POST', `/api/payments/dev/${orderId}/cancel`, { token: m.token });
    expect(cancel.body.code).toBe('CLOSED');
  });

  it('a cancelled dev checkout closes the order; paying again opens attempt 2', async () => {
    const ev = await pricedEvent(500);
    const m = w.members[2];
    const { held, orderId } = await holdAndPay(m, ev);
    expect((await w.as(m).devCancelPayment(orderId)).status).toBe('closed');
    const confirm = await w.t.request('POST', `/api/payments/dev/${orderId}/confirm`, { token: m.token });
    expect(confirm.body.code).toBe('CLOSED');
    expect((await w.as(m).getRegistration(held.id)).status).toBe('pending_payment');
    const again = await w.as(m).payRegistration(held.id);
    expect(again.orderId).not.toBe(orderId);
    expect((await w.as(m).getOrder(again.orderId!)).outTradeNo).toBe(`T${held.id}2`);
  });

  it('an unpaid order closes when its hold runs out; money arriving after the seat was released is refunded', async () => {
    const ev = await pricedEvent(1990, 1);
    const a = await holdAndPay(w.members[3], ev);
    w.t.clock.advance(HOLD_SECONDS * 1000 + 1000);
    await w.t.app.get(HoldExpiryService).sweep();
    expect((await w.as(w.members[3]).getRegistration(a.held.id)).status).toBe('expired');
    // The seat went to someone else before the (late) payment arrives.
    const b = await holdAndPay(w.members[4], ev);
    moneyEvents.length = 0;
    const late = await w.as(w.members[3]).devConfirmPayment(a.orderId);
    expect(late).toMatchObject({ status: 'refunded', refundedFen: 1990 });
    expect(late.refunds).toEqual([
      expect.objectContaining({ cause: 'late_payment', amountFen: 1990, status: 'success' }),
    ]);
    expect((await w.as(w.members[3]).getRegistration(a.held.id)).status).toBe('expired');
    expect(named('order.refunded')).toHaveLength(1);

    w.t.clock.advance(HOLD_SECONDS * 1000 + 1000);
    expect((await sweeper.sweep()).closed).toBeGreaterThanOrEqual(1);
    expect((await w.as(w.members[4]).getOrder(b.orderId)).status).toBe('closed');
  });

  it('an admin refunds part then the rest; members cannot refund; too much is refused and changes nothing', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[5];
    const { held, orderId } = await paidTicket(m, ev);
    const byMember = await w.t.request('POST', `/api/orders/${orderId}/refund`, {
      token: m.token,
      body: { reason: '想退' },
    });
    expect(byMember.status).toBe(403);
    const tooMuch = await w.t.request('POST', `/api/orders/${orderId}/refund`, {
      token: w.admin.token,
      body: { amountFen: 5000, reason: '多退' },
    });
    expect(tooMuch.status).toBe(400);
    expect((await w.as(m).getOrder(orderId)).status).toBe('paid');
    moneyEvents.length = 0;
    const part = await w.as(w.admin).refundOrder(orderId, { amountFen: 990, reason: '部分退款' });
    expect(part).toMatchObject({ status: 'partially_refunded', refundedFen: 990 });
    expect((await w.as(m).getRegistration(held.id)).status).toBe('confirmed');
    const rest = await w.as(w.admin).refundOrder(orderId, { reason: '全部退款' });
    expect(rest).toMatchObject({ status: 'refunded', refundedFen: 1990 });
    // Fully refunded: the ticket no longer admits its holder and its seat is free again.
    expect((await w.as(m).getRegistration(held.id)).status).toBe('cancelled');
    expect((await w.as(w.admin).getEvent(ev.id)).ticketTypes[0].sold).toBe(0);
    expect(new Set(rest.refunds.map((r) => r.outRefundNo)).size).toBe(2);
    expect(named('order.refunded').map((e) => (e.payload as { amountFen: number }).amountFen)).toEqual([990, 1000]);
    const again = await w.t.request('POST', `/api/orders/${orderId}/refund`, {
      token: w.admin.token,
      body: { reason: '再退' },
    });
    expect(again.body.code).toBe('CLOSED');
  });

  it('a member who cancels a paid ticket is refunded in full, once', async () => {
    const ev = await pricedEvent(1500);
    const m = w.members[4];
    const { held, orderId } = await paidTicket(m, ev);
    moneyEvents.length = 0;
    await w.as(m).cancelRegistration(held.id);
    const order = await w.as(m).getOrder(orderId);
    expect(order).toMatchObject({ status: 'refunded', refundedFen: 1500 });
    expect(order.refunds).toHaveLength(1);
    expect(named('order.refunded')).toHaveLength(1);
  });

  it('cancelling the event refunds every paid ticket exactly once, also after a refund was cut off mid-way', async () => {
    const ev = await pricedEvent(2500);
    const payers = w.members.slice(5, 8);
    const orderIds: string[] = [];
    for (const m of payers) orderIds.push((await paidTicket(m, ev)).orderId);
    const unpaid = await holdAndPay(w.members[0], ev);

    // The provider call for the first refund fails (a crash after the refund was recorded).
    const provider = w.t.app.get(DevPaymentProvider);
    const refund = provider.refund.bind(provider);
    let calls = 0;
    provider.refund = async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection reset');
      return refund();
    };
    moneyEvents.length = 0;
    await w.as(w.admin).cancelEvent(ev.id);
    provider.refund = refund;
    const states = await Promise.all(orderIds.map((id) => w.as(w.admin).getOrder(id)));
    expect(states.map((o) => o.status).sort()).toEqual(['refunded', 'refunded', 'refunding']);
    // Should this process die part-way, a durable job finishes the event's refunds.
    const backstop = await w.t.app.get(Jobs).list(REFUND_CANCELLED_EVENT_JOB);
    expect(backstop.filter((j) => j.uniqueKey === ev.id)).toHaveLength(1);

    await sweeper.sweep();
    await sweeper.sweep();
    await sweeper.refundCancelledEvent(ev.id);
    for (const id of orderIds) {
      const o = await w.as(w.admin).getOrder(id);
      expect(o).toMatchObject({ status: 'refunded', refundedFen: 2500 });
      expect(o.refunds).toHaveLength(1);
    }
    expect(named('order.refunded')).toHaveLength(3);
    expect((await w.as(w.members[0]).getOrder(unpaid.orderId)).refunds).toEqual([]);
  });

  it('admins list, export and sum the circle orders; members are refused', async () => {
    const ev = await pricedEvent(1990);
    const { orderId } = await paidTicket(w.members[6], ev);
    await w.as(w.admin).refundOrder(orderId, { amountFen: 990, reason: '部分退款' });

    const page = await w.as(w.admin).listCircleOrders(w.circleId, { status: 'partially_refunded' });
    expect(page.items.map((o) => o.id)).toContain(orderId);
    expect(page.items.every((o) => o.status === 'partially_refunded')).toBe(true);
    expect(page.items.find((o) => o.id === orderId)!.payer.nickname).toEqual(expect.any(String));
    const first = await w.as(w.admin).listCircleOrders(w.circleId, { limit: 1 });
    const second = await w.as(w.admin).listCircleOrders(w.circleId, { limit: 1, cursor: first.nextCursor! });
    expect(second.items[0].id).not.toBe(first.items[0].id);

    const csv = await w.t.request('GET', `/api/circles/${w.circleId}/orders.csv`, { token: w.admin.token });
    expect(csv.status).toBe(200);
    expect((csv.body as string).charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('"部分退款"');
    expect(csv.body).toContain('"19.90","9.90"');

    const revenue = await w.as(w.admin).circleRevenue(w.circleId);
    const type = revenue.byTicketType.find((t) => t.ticketTypeId === ev.typeId)!;
    expect(type).toMatchObject({ paidFen: 1990, refundedFen: 990, orders: 1 });
    expect(revenue.byDay.length).toBeGreaterThan(0);

    for (const url of ['orders', 'orders.csv', 'orders/revenue']) {
      const res = await w.t.request('GET', `/api/circles/${w.circleId}/${url}`, { token: w.members[6].token });
      expect(res.status).toBe(403);
    }
  });

  it("a member's cancellation before the event's refund deadline is refunded in full, after it not at all", async () => {
    const bad = await w.t.request('POST', `/api/circles/${w.circleId}/events`, {
      token: w.admin.token,
      body: {
        title: '退款规则',
        mode: 'offline',
        location: '图书馆',
        startAt: '2030-10-01T01:00:00.000Z',
        endAt: '2030-10-01T09:00:00.000Z',
        refundDeadline: '2030-10-02T00:00:00.000Z',
        ticketTypes: [{ name: '标准票', priceFen: 1990, quota: 5 }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'refundDeadline' })]);

    const deadline = new Date(w.t.clock.nowMs() + 3600_000).toISOString();
    const id = await w.createEvent({
      title: '有退款期限的讲座',
      refundDeadline: deadline,
      ticketTypes: [{ name: '标准票', priceFen: 1990, quota: 5 }],
    });
    const event = await w.as(w.members[2]).getEvent(id);
    expect(event.refundDeadline).toBe(deadline);
    const ev = { id, typeId: event.ticketTypes[0].id };
    const early = await paidTicket(w.members[2], ev);
    const late = await paidTicket(w.members[3], ev);

    await w.as(w.members[2]).cancelRegistration(early.held.id);
    expect(await w.as(w.members[2]).getOrder(early.orderId)).toMatchObject({ status: 'refunded', refundedFen: 1990 });

    w.t.clock.advance(2 * 3600_000);
    await w.as(w.members[3]).cancelRegistration(late.held.id);
    expect((await w.as(w.members[3]).getRegistration(late.held.id)).status).toBe('cancelled');
    const kept = await w.as(w.members[3]).getOrder(late.orderId);
    expect(kept).toMatchObject({ status: 'paid', refundedFen: 0, refunds: [] });
    // The seat is free again: someone else can buy it.
    expect((await w.as(w.admin).getEvent(id)).ticketTypes[0].sold).toBe(0);
  });
});
