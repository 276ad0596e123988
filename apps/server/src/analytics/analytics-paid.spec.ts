import { DirectJoinChannel, type LoginResponse } from '@quanzi/contract';
import { shanghaiDay } from '../common/china-time';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

describe('analytics: channel ROI paidFen from order.paid / order.refunded', () => {
  let w: EventsWorld;

  beforeAll(async () => {
    w = await startEventsWorld({}, 2);
  });
  afterAll(() => w.t.close());

  const today = () => shanghaiDay(new Date());
  const directPaid = async () => {
    const { items } = await w.as(w.admin).analyticsChannels(w.circleId, { from: today(), to: today() });
    return items.find((r) => r.channel === DirectJoinChannel)!.paidFen;
  };
  const payTicket = async (m: LoginResponse, priceFen: number) => {
    const id = await w.createEvent({ title: '付费讲座', ticketTypes: [{ name: '标准票', priceFen, quota: 10 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    const held = await w.as(m).register(id, { ticketTypeId: typeId });
    const { orderId } = await w.as(m).payRegistration(held.id);
    await w.as(m).devConfirmPayment(orderId!);
    return orderId!;
  };

  it('credits what members paid to the channel they joined through, net of refunds', async () => {
    expect(await directPaid()).toBe(0);
    const first = await payTicket(w.members[0], 1990);
    await payTicket(w.members[1], 500);
    expect(await directPaid()).toBe(2490);

    await w.as(w.admin).refundOrder(first, { amountFen: 990, reason: '部分退款' });
    expect(await directPaid()).toBe(1500);
    await w.as(w.admin).refundOrder(first, { reason: '全部退款' });
    expect(await directPaid()).toBe(500);

    // Other channels stay untouched; yesterday's range holds none of it.
    const { items } = await w.as(w.admin).analyticsChannels(w.circleId, { from: today(), to: today() });
    expect(items.filter((r) => r.channel !== DirectJoinChannel).every((r) => r.paidFen === 0)).toBe(true);
    const before = shanghaiDay(new Date(Date.now() - 2 * 24 * 3600 * 1000));
    const old = await w.as(w.admin).analyticsChannels(w.circleId, { from: before, to: before });
    expect(old.items.every((r) => r.paidFen === 0)).toBe(true);
  });
});
