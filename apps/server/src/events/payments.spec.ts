import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Registration, TicketType } from './events.schema';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';
import { HoldExpiryService } from './hold-expiry.service';
import { PAYMENT_GATEWAY, type PaymentGateway, type PaymentOrder } from './payment-gateway';

const HOLD_SECONDS = 900;

describe('priced tickets: payment hold, expiry, payment gateway', () => {
  let w: EventsWorld;
  let types: Model<TicketType>;
  let gateway: PaymentGateway;
  let waitPastHold: () => void;
  const orders: PaymentOrder[] = [];
  const sold = async (id: string) => (await types.findById(id).lean())!.sold;

  beforeAll(async () => {
    // No gateway configured: the slot refuses until a test plugs in its own.
    w = await startEventsWorld({ EVENT_PAYMENT_HOLD_SECONDS: String(HOLD_SECONDS), PAYMENT_GATEWAY: 'none' }, 4);
    // The app's clock moves past a hold instead of the test sleeping through it.
    waitPastHold = () => w.t.clock.advance(HOLD_SECONDS * 1000 + 1000);
    types = w.t.app.get(getModelToken(TicketType.name));
    gateway = w.t.app.get(PAYMENT_GATEWAY, { strict: false });
  });
  afterAll(() => w.t.close());

  it('without a payment gateway the hold is created but paying is refused', async () => {
    const id = await w.createEvent({ ticketTypes: [{ name: '付费票', priceFen: 3900, quota: 2 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const held = await w.as(w.members[0]).register(id, { ticketTypeId: typeId });
    expect(held).toMatchObject({
      status: 'pending_payment',
      priceFen: 3900,
      ticketCode: null,
      holdExpiresAt: expect.any(String),
    });
    expect(await sold(typeId)).toBe(1);
    const res = await w.t.request('POST', `/api/registrations/${held.id}/pay`, { token: w.members[0].token });
    expect(res.body).toMatchObject({ code: 'CLOSED', message: '在线支付尚未开通' });
  });

  it('a payment double confirms the held ticket; a repeated confirmation is harmless', async () => {
    Object.assign(gateway, { start: async (order: PaymentOrder) => (orders.push(order), { status: 'paid' as const }) });
    const id = await w.createEvent({ title: '付费讲座', ticketTypes: [{ name: '付费票', priceFen: 1990, quota: 2 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const m = w.members[1];
    const held = await w.as(m).register(id, { ticketTypeId: typeId });
    expect((await w.t.request('POST', `/api/registrations/${held.id}/pay`, { token: w.members[2].token })).status).toBe(
      403,
    );
    w.published.length = 0;
    const paid = await w.as(m).payRegistration(held.id);
    expect(paid).toMatchObject({
      status: 'paid',
      registration: { status: 'confirmed', ticketCode: expect.any(String), holdExpiresAt: null },
    });
    expect(orders.at(-1)).toMatchObject({
      registrationId: held.id,
      userId: m.user.id,
      amountFen: 1990,
      description: '付费讲座',
    });
    expect(w.published.filter((e) => e.name === 'registration.confirmed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ registrationId: held.id, priceFen: 1990 }),
    ]);
    expect((await w.t.request('POST', `/api/registrations/${held.id}/pay`, { token: m.token })).body.code).toBe(
      'CLOSED',
    );
    waitPastHold();
    await w.t.app.get(HoldExpiryService).sweep(); // releases the first test's hold, not this paid one
    expect((await w.as(m).getRegistration(held.id)).status).toBe('confirmed');
    expect(await sold(typeId)).toBe(1);
  });

  it('an unpaid hold expires: the sweeper frees the seat, and paying afterwards is refused', async () => {
    const id = await w.createEvent({ ticketTypes: [{ name: '付费票', priceFen: 5000, quota: 1 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const held = await w.as(w.members[0]).register(id, { ticketTypeId: typeId });
    expect(
      (
        await w.t.request('POST', `/api/events/${id}/registrations`, {
          token: w.members[1].token,
          body: { ticketTypeId: typeId },
        })
      ).body.code,
    ).toBe('SOLD_OUT');
    waitPastHold();
    expect(await w.t.app.get(HoldExpiryService).sweep()).toBe(1);
    expect(await sold(typeId)).toBe(0);
    expect((await w.as(w.members[0]).getRegistration(held.id)).status).toBe('expired');
    expect(
      (await w.t.request('POST', `/api/registrations/${held.id}/pay`, { token: w.members[0].token })).body.code,
    ).toBe('CLOSED');
    // The freed seat can be taken, and the member who let it expire may sign up again.
    expect((await w.as(w.members[1]).register(id, { ticketTypeId: typeId })).status).toBe('pending_payment');
    expect(await sold(typeId)).toBe(1);
  });

  it('a due hold is released lazily when a signup finds the ticket sold out (before any sweep)', async () => {
    const id = await w.createEvent({ ticketTypes: [{ name: '付费票', priceFen: 100, quota: 1 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const held = await w.as(w.members[2]).register(id, { ticketTypeId: typeId });
    waitPastHold();
    const next = await w.as(w.members[3]).register(id, { ticketTypeId: typeId });
    expect(next.status).toBe('pending_payment');
    expect((await w.as(w.members[2]).getRegistration(held.id)).status).toBe('expired');
    expect(await sold(typeId)).toBe(1);
  });

  it('an expired hold passes the seat to the waitlist head, who gets a fresh payment hold', async () => {
    const id = await w.createEvent({ waitlist: true, ticketTypes: [{ name: '付费票', priceFen: 2000, quota: 1 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const first = await w.as(w.members[0]).register(id, { ticketTypeId: typeId });
    const next = await w.as(w.members[1]).register(id, { ticketTypeId: typeId });
    expect([first.status, next.status]).toEqual(['pending_payment', 'waitlisted']);
    w.published.length = 0;
    waitPastHold();
    await w.t.app.get(HoldExpiryService).sweep();
    expect((await w.as(w.members[0]).getRegistration(first.id)).status).toBe('expired');
    // The promoted registration's fresh hold runs from the moved clock.
    const promoted = await w.t.app.get<Model<Registration>>(getModelToken(Registration.name)).findById(next.id).lean();
    expect(promoted).toMatchObject({ status: 'pending_payment', holdExpiresAt: expect.any(Date) });
    expect(promoted!.holdExpiresAt!.getTime()).toBeGreaterThan(w.t.clock.nowMs() + (HOLD_SECONDS - 60) * 1000);
    expect(w.published.find((e) => e.name === 'registration.promoted')?.payload).toMatchObject({
      registrationId: next.id,
      status: 'pending_payment',
    });
    expect(await sold(typeId)).toBe(1);
  });
});
