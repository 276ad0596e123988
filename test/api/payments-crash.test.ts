import type { LoginResponse } from '@quanzi/contract';
import { startFakeWechatpay, type FakeWechatpay } from '../fakes/wechatpay-fake';
import { apiClient, usePersistentServer } from '../harness';

/**
 * Issue 15: cancelling an event refunds every paid ticket through WeChat Pay exactly once, even
 * when the server is SIGKILLed part-way through the refunds (some recorded and not sent, one
 * accepted by WeChat Pay whose answer never arrived) and another process finishes the job.
 */
const TICKETS = 24;
/** Kill once WeChat Pay has received this many refund requests. */
const KILL_AFTER = 6;

describe('event cancellation refunds after a SIGKILL', () => {
  const disk = usePersistentServer('pay-crash');
  let pay: FakeWechatpay;

  beforeAll(async () => {
    // The harness's servers use this appid; payer openids belong to it.
    pay = await startFakeWechatpay({ appId: 'wxe2e0000000000000' });
  });

  afterAll(async () => {
    await pay?.stop();
  });

  // First boot: no sweep, so only the in-process refunds run until the kill; then the sweep finishes.
  const boot = (label: string, sweepMs: string) =>
    disk.boot(label, { ...pay.env(), EVENT_HOLD_SWEEP_MS: sweepMs, JOBS_POLL_MS: '200' });

  const refundCalls = () => pay.calls.filter((c) => c.path === '/v3/refund/domestic/refunds').length;

  test(`${TICKETS} paid tickets, SIGKILL after ${KILL_AFTER} refund requests: each refunded exactly once`, async () => {
    let s = await boot('pay-crash-0', '0');
    const as = (who: LoginResponse) => apiClient(s.baseUrl, who.token);
    const admin = await apiClient(s.baseUrl).loginDev({ nickname: 'crash-admin' });
    const circleId = (await as(admin).createCircle({ name: '断电退款演练', joinPolicy: 'open' })).id;
    const event = await as(admin).createEvent(circleId, {
      title: '付费工作坊',
      mode: 'offline',
      location: '会议室',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '标准票', priceFen: 1990, quota: TICKETS }],
      status: 'published',
    });
    const paid: { member: LoginResponse; orderId: string; outTradeNo: string }[] = [];
    for (let i = 0; i < TICKETS; i += 1) {
      const member = await apiClient(s.baseUrl).loginDev({ nickname: `crash-member-${i}` });
      await as(member).joinCircle(circleId);
      const held = await as(member).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      const start = await as(member).payRegistration(held.id);
      const { outTradeNo } = await as(member).getOrder(start.orderId!);
      pay.pay(outTradeNo);
      // The notification goes to PUBLIC_BASE_URL, i.e. this server.
      expect((await pay.deliver(pay.paymentNotification(outTradeNo))).status).toBe(204);
      paid.push({ member, orderId: start.orderId!, outTradeNo });
    }
    for (const p of paid) expect((await as(p.member).getOrder(p.orderId)).status).toBe('paid');

    pay.refundsSettleAtOnce = true;
    pay.refundDelayMs = 150;
    const cancelling = as(admin)
      .cancelEvent(event.id)
      .catch(() => undefined); // the kill may cut the request off
    const deadline = Date.now() + 20_000;
    while (refundCalls() < KILL_AFTER && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const atKill = refundCalls();
    await s.crash();
    await cancelling;
    expect(atKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(atKill).toBeLessThan(TICKETS);

    pay.refundDelayMs = 0;
    s = await boot('pay-crash-1', '500');
    const until = Date.now() + 60_000;
    let states: string[] = [];
    while (Date.now() < until) {
      states = await Promise.all(paid.map(async (p) => (await as(p.member).getOrder(p.orderId)).status));
      if (states.every((x) => x === 'refunded')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(states).toEqual(Array(TICKETS).fill('refunded'));
    for (const p of paid) {
      const order = await as(p.member).getOrder(p.orderId);
      expect(order.refundedFen).toBe(1990);
      expect(order.refunds).toEqual([expect.objectContaining({ cause: 'event_cancelled', status: 'success' })]);
      // WeChat Pay holds exactly one refund per trade, under the order's stable out_refund_no.
      const atWechat = [...pay.refunds.values()].filter((r) => r.outTradeNo === p.outTradeNo);
      expect(atWechat.map((r) => [r.outRefundNo, r.refundFen])).toEqual([[order.refunds[0].outRefundNo, 1990]]);
    }
    const resent = refundCalls() - TICKETS;
    process.stdout.write(`refund requests: ${atKill} before the kill, ${refundCalls()} in all (${resent} resent)\n`);
  }, 180_000);
});
