import { useStack } from '../harness';
import {
  clickFor,
  describeWithBrowser,
  expectText,
  fillField,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser('H5 payments: a ¥19.90 ticket through 模拟支付, refunded by the admin', (chromiumPath) => {
  const stack = useStack({ label: 'browser-payments', env: { PAYMENT_GATEWAY: 'dev' } });
  const { openAs } = useBrowserPages(stack, chromiumPath, 'payments');

  test('the member pays through 模拟支付 and sees 已支付; the admin refunds it on 订单管理; the member sees 已退款', async () => {
    const run = Date.now() % 100_000;
    const adminName = `e2e-pay-admin-${run}`;
    const memberName = `e2e-pay-member-${run}`;
    // Circle, event and the held ticket come from the API; the scenario is about paying and refunding.
    const adminLogin = await stack.api.loginDev({ nickname: adminName });
    const circleId = (await stack.as(adminLogin.token).createCircle({ name: `读书会${run}`, joinPolicy: 'open' })).id;
    const memberLogin = await stack.api.loginDev({ nickname: memberName });
    await stack.as(memberLogin.token).joinCircle(circleId);
    const event = await stack.as(adminLogin.token).createEvent(circleId, {
      title: `读书分享会${run}`,
      mode: 'offline',
      location: '图书馆三楼',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      refundDeadline: '2031-05-31T04:00:00.000Z',
      ticketTypes: [{ name: '标准票', priceFen: 1990, quota: 5 }],
      status: 'published',
    });
    const held = await stack.as(memberLogin.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    expect(held.status).toBe('pending_payment');

    // ── The member sees the refund policy on the event, opens the ticket, taps 立即支付 and confirms in 模拟支付.
    const m = await openAs('member', memberName);
    await m.goto(`${stack.baseUrl}/packages/events/detail/index?id=${event.id}`);
    await expectText(
      visible(taroPage(m, '/packages/events/detail/index'), '.qz-event-refund-deadline'),
      /^退款截止：5月31日 周六 12:00（之前取消全额退款，之后不退款）$/,
    );
    await m.goto(`${stack.baseUrl}/packages/events/ticket/index?id=${held.id}`);
    const ticket = taroPage(m, '/packages/events/ticket/index');
    await expectText(visible(ticket, '.qz-ticket-status'), '待支付');
    await clickFor(m, visible(ticket, '.qz-ticket-pay'), 'POST', new RegExp(`^/api/registrations/${held.id}/pay$`));
    await expectText(visible(ticket, '.qz-dev-pay__amount'), '¥19.90');
    await screenshot(m, 'payments-dev-checkout');
    await clickFor(m, visible(ticket, '.qz-dev-pay__confirm'), 'POST', /^\/api\/payments\/dev\/[0-9a-f]{24}\/confirm$/);
    await expectText(visible(ticket, '.qz-ticket-status'), '已报名');
    await expectText(visible(ticket, '.qz-ticket-payment'), '已支付');
    await screenshot(m, 'payments-ticket-paid');

    // ── The admin's edit form shows the refund deadline; then they find the order on 订单管理 and refund it.
    const a = await openAs('admin', adminName);
    await a.goto(`${stack.baseUrl}/packages/events/edit/index?id=${event.id}`);
    const form = taroPage(a, '/packages/events/edit/index');
    await expectText(visible(form, '.qz-refund-deadline'), '2031-05-3112:00');
    await a.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circleId}`);
    await visible(a, '.qz-admin-orders').click();
    await a.waitForURL(/\/packages\/admin\/orders\/index/);
    const orders = taroPage(a, '/packages/admin/orders/index');
    const row = orders.locator('.qz-order', { hasText: memberName }).filter({ visible: true }).first();
    await expectText(row.locator('.qz-order-status'), '已支付');
    await row.locator('.qz-order-refund').click();
    expect(await row.locator('.qz-refund-amount input').inputValue()).toBe('19.90');
    // A reason is required before anything is sent.
    await row.locator('.qz-refund-submit').click();
    await a.getByText('请填写退款原因').filter({ visible: true }).first().waitFor();
    await fillField(row, '.qz-refund-reason', '活动调整');
    await row.locator('.qz-refund-submit').click();
    await screenshot(a, 'payments-refund-confirm');
    const refunded = await clickFor(
      a,
      a.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('退款', { exact: true }),
      'POST',
      /^\/api\/orders\/[0-9a-f]{24}\/refund$/,
    );
    expect(await refunded.json()).toMatchObject({ status: 'refunded', refundedFen: 1990 });
    await expectText(row.locator('.qz-order-status'), '已退款 · 已退 ¥19.90');
    await screenshot(a, 'payments-admin-refunded');

    // The 已退款 filter shows it; the member's ticket says 已退款 (and is cancelled).
    await orders.locator('.qz-order-filter .qz-chip', { hasText: '已退款' }).filter({ visible: true }).first().click();
    await expectText(
      orders.locator('.qz-order').filter({ visible: true }).first().locator('.qz-order-status'),
      /已退款/,
    );
    await m.reload();
    const after = taroPage(m, '/packages/events/ticket/index');
    await expectText(visible(after, '.qz-ticket-payment'), /已退款/);
    await expectText(visible(after, '.qz-ticket-status'), '已取消');
    await screenshot(m, 'payments-ticket-refunded');
  }, 180_000);
});
