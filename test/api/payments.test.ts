import type { DevCheckoutParams, LoginResponse } from '@quanzi/contract';
import { expectApiError, useStack } from '../harness';

/** The development gateway end to end over HTTP: a ¥19.90 ticket bought, then refunded by an admin. */
describe('payments over HTTP (PAYMENT_GATEWAY=dev)', () => {
  const stack = useStack({ label: 'api-payments', env: { PAYMENT_GATEWAY: 'dev' } });
  let admin: LoginResponse;
  let member: LoginResponse;
  let circleId: string;

  beforeAll(async () => {
    admin = await stack.api.loginDev({ nickname: 'pay-admin' });
    member = await stack.api.loginDev({ nickname: 'pay-member' });
    circleId = (await stack.as(admin.token).createCircle({ name: '读书会', joinPolicy: 'open' })).id;
    await stack.as(member.token).joinCircle(circleId);
  }, 60_000);

  test('a member pays ¥19.90 through 模拟支付, the admin refunds it, the member sees it refunded', async () => {
    const event = await stack.as(admin.token).createEvent(circleId, {
      title: '读书分享会',
      mode: 'offline',
      location: '图书馆',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '标准票', priceFen: 1990, quota: 5 }],
      status: 'published',
    });
    const held = await stack.as(member.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    expect(held.status).toBe('pending_payment');
    const start = await stack.as(member.token).payRegistration(held.id);
    expect(start.provider).toBe('dev');
    const checkout = start.params as unknown as DevCheckoutParams;
    expect(checkout.amountFen).toBe(1990);

    await expectApiError(stack.as(admin.token).devConfirmPayment(checkout.orderId), 403);
    expect((await stack.as(member.token).devConfirmPayment(checkout.orderId)).status).toBe('paid');
    const ticket = await stack.as(member.token).getRegistration(held.id);
    expect(ticket).toMatchObject({ status: 'confirmed', ticketCode: expect.any(String) });

    await expectApiError(stack.as(member.token).refundOrder(checkout.orderId, { reason: '不想去了' }), 403);
    const refunded = await stack.as(admin.token).refundOrder(checkout.orderId, { reason: '活动调整' });
    expect(refunded).toMatchObject({ status: 'refunded', refundedFen: 1990 });
    expect(await stack.as(member.token).registrationOrder(held.id)).toMatchObject({ status: 'refunded' });
    expect((await stack.as(member.token).getRegistration(held.id)).status).toBe('cancelled');
    const list = await stack.as(admin.token).listCircleOrders(circleId);
    expect(list.items.map((o) => [o.id, o.status, o.payer.nickname])).toEqual([
      [checkout.orderId, 'refunded', 'pay-member'],
    ]);
  });
});
