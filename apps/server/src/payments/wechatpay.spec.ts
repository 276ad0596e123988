import type { LoginResponse } from '@quanzi/contract';
import { startFakeWechatpay, type FakeNotification, type FakeWechatpay } from '../../../../test/fakes/wechatpay-fake';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';
import { HoldExpiryService } from '../events/hold-expiry.service';
import { OrdersService } from './orders.service';
import { PaymentsSweeper } from './payments-sweeper.service';

const HOLD_SECONDS = 900;

describe('payments: WeChat Pay v3 against the fake WeChat Pay server', () => {
  let pay: FakeWechatpay;
  let w: EventsWorld;

  beforeAll(async () => {
    pay = await startFakeWechatpay();
    w = await startEventsWorld(
      { ...pay.env(), WECHAT_APPID: pay.appId, EVENT_PAYMENT_HOLD_SECONDS: String(HOLD_SECONDS) },
      6,
    );
    pay.now = () => w.t.clock.nowMs();
  });
  afterAll(async () => {
    await w.t.close();
    await pay.stop();
  });

  const pricedEvent = async (priceFen = 1990) => {
    const id = await w.createEvent({ title: '付费讲座', ticketTypes: [{ name: '标准票', priceFen, quota: 10 }] });
    return { id, typeId: (await w.as(w.admin).getEvent(id)).ticketTypes[0].id };
  };
  const hold = async (m: LoginResponse, ev: { id: string; typeId: string }) => {
    const held = await w.as(m).register(ev.id, { ticketTypeId: ev.typeId });
    const start = await w.as(m).payRegistration(held.id);
    const order = await w.as(m).getOrder(start.orderId!);
    return { held, start, orderId: start.orderId!, outTradeNo: order.outTradeNo };
  };

  it('prepays through /v3/pay/transactions/jsapi with a signed request and answers signed wx.requestPayment params', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[0];
    const { start, outTradeNo, held } = await hold(m, ev);
    expect(start.provider).toBe('wechat');
    const trade = pay.trades.get(outTradeNo)!;
    // The fake refuses any request whose Authorization does not verify with the merchant key.
    expect(pay.signatureFailures).toBe(0);
    expect(trade).toMatchObject({ appid: pay.appId, mchid: pay.mchid, totalFen: 1990, description: '付费讲座' });
    // payer.openid is the login's openid (the events world logs in with `code-openid-ev…`).
    expect(trade.openid).toMatch(/^openid-ev\d+x\d+$/);
    expect(trade.notifyUrl).toMatch(/\/api\/payments\/wechat\/notify$/);
    // WeChat Pay itself refuses payment after the hold: time_expire is the order's expiry in China time.
    const order = await w.as(m).getOrder(start.orderId!);
    expect(trade.timeExpire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(new Date(trade.timeExpire).getTime()).toBe(Math.floor(new Date(order.expiresAt).getTime() / 1000) * 1000);
    const params = start.params as Record<string, string>;
    expect(params).toEqual({
      appId: pay.appId,
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.stringMatching(/^\w{16,32}$/),
      package: `prepay_id=${trade.prepayId}`,
      signType: 'RSA',
      paySign: expect.any(String),
    });
    expect(pay.checkPaySign(params)).toBe(true);
    expect(pay.checkPaySign({ ...params, package: 'prepay_id=other' })).toBe(false);
    // Paying again asks for the same trade (WeChat Pay answers the same prepay id).
    const again = await w.as(m).payRegistration(held.id);
    expect(again.orderId).toBe(start.orderId);
    expect((again.params as Record<string, string>).package).toBe(params.package);
    expect(pay.trades.size).toBe(1);
  });

  it('the fake refuses unsigned requests, and the server refuses answers not signed by the 微信支付公钥', async () => {
    const before = pay.signatureFailures;
    const unsigned = await fetch(`${pay.baseUrl}/v3/pay/transactions/jsapi`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect(pay.signatureFailures).toBe(before + 1);
    const ev = await pricedEvent(990);
    const m = w.members[5];
    const held = await w.as(m).register(ev.id, { ticketTypeId: ev.typeId });
    pay.forgeAnswers = true;
    try {
      const res = await w.t.request('POST', `/api/registrations/${held.id}/pay`, { token: m.token, body: {} });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('UPSTREAM_FAILED');
    } finally {
      pay.forgeAnswers = false;
    }
    // Our own requests were all signed correctly.
    expect(pay.signatureFailures).toBe(before + 1);
    expect((await w.as(m).payRegistration(held.id)).provider).toBe('wechat');
  });

  const notify = (n: FakeNotification, path = '/api/payments/wechat/notify') =>
    w.t.request('POST', path, { headers: n.headers, body: n.body });

  it('20 concurrent duplicate notifications confirm the ticket once; each is answered 204', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[1];
    const { held, orderId, outTradeNo } = await hold(m, ev);
    const trade = pay.pay(outTradeNo);
    w.published.length = 0;
    // WeChat Pay retries with fresh nonces: 20 distinct, validly signed copies of the same payment.
    const copies = Array.from({ length: 20 }, () => pay.paymentNotification(outTradeNo));
    const answers = await Promise.all(copies.map((n) => notify(n)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    const order = await w.as(m).getOrder(orderId);
    expect(order).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await w.as(m).getRegistration(held.id)).status).toBe('confirmed');
    expect(w.published.filter((e) => e.name === 'registration.confirmed')).toHaveLength(1);
    const raw = await w.t.app.get(OrdersService).find(orderId);
    expect(raw.transactionId).toBe(trade.transactionId);
    expect(raw.history.filter((h) => h.to === 'paid').map((h) => h.cause)).toEqual(['notification']);
  });

  it('refuses a forged, re-serialled, stale or tampered notification with 401 and changes nothing', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[2];
    const { held, orderId, outTradeNo } = await hold(m, ev);
    pay.pay(outTradeNo);
    const before = await w.t.app.get(OrdersService).find(orderId);
    const genuine = pay.paymentNotification(outTradeNo);
    const attempts = [
      pay.paymentNotification(outTradeNo, { forge: true }),
      pay.paymentNotification(outTradeNo, { serial: 'PUB_KEY_ID_0000000000000000000000000000000000' }),
      pay.paymentNotification(outTradeNo, { timestamp: Math.floor(w.t.clock.nowMs() / 1000) - 600 }),
      { ...genuine, body: genuine.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') },
      { ...genuine, headers: { 'content-type': 'application/json' } },
    ];
    for (const n of attempts) {
      const res = await notify(n);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    }
    const after = await w.t.app.get(OrdersService).find(orderId);
    expect(after.status).toBe('created');
    expect(after.history).toHaveLength(before.history.length);
    expect((await w.as(m).getRegistration(held.id)).status).toBe('pending_payment');
    // The genuine one still goes through.
    expect((await notify(genuine)).status).toBe(204);
    expect((await w.as(m).getOrder(orderId)).status).toBe('paid');
  });

  it('refuses a signed notification whose amount or merchant differs from the order', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[3];
    const { held, orderId, outTradeNo } = await hold(m, ev);
    // Signed claims of a payment WeChat Pay's own records do not hold (the order stays unpaid there).
    const success = { trade_state: 'SUCCESS', transaction_id: '4200000000000000000000000001' };
    const wrongAmount = pay.paymentNotification(outTradeNo, {
      transaction: { ...success, amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } },
    });
    const wrongMerchant = pay.paymentNotification(outTradeNo, { transaction: { ...success, mchid: '1900000999' } });
    for (const n of [wrongAmount, wrongMerchant]) {
      const res = await notify(n);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('FAIL');
    }
    expect((await w.as(m).getOrder(orderId)).status).toBe('created');
    expect((await w.as(m).getRegistration(held.id)).status).toBe('pending_payment');
  });

  it('asks WeChat Pay when the payer comes back, and on the sweep for orders without a notification', async () => {
    const ev = await pricedEvent(1990);
    const back = await hold(w.members[4], ev);
    const silent = await hold(w.members[5], ev);
    // The payer's requestPayment "success" alone changes nothing: the order is open until WeChat Pay says paid.
    expect((await w.as(w.members[4]).getOrder(back.orderId)).status).toBe('created');
    pay.pay(back.outTradeNo);
    pay.pay(silent.outTradeNo);
    // An admin's read does not ask (only the payer's return does).
    expect((await w.as(w.admin).getOrder(back.orderId)).status).toBe('created');
    expect((await w.as(w.members[4]).getOrder(back.orderId)).status).toBe('paid');
    expect((await w.as(w.members[4]).getRegistration(back.held.id)).status).toBe('confirmed');
    expect(
      pay.calls.some((c) => c.method === 'GET' && c.path.includes(`/out-trade-no/${back.outTradeNo}?mchid=`)),
    ).toBe(true);

    const result = await w.t.app.get(PaymentsSweeper).sweep();
    expect(result.paid).toBe(1);
    expect((await w.as(w.members[5]).getRegistration(silent.held.id)).status).toBe('confirmed');
    const orders = w.t.app.get(OrdersService);
    expect((await orders.find(back.orderId)).history.map((h) => h.cause)).toEqual(['pay', 'query_on_return']);
    expect((await orders.find(silent.orderId)).history.map((h) => h.cause)).toEqual(['pay', 'query_sweep']);
    // The notification that follows changes nothing.
    expect((await notify(pay.paymentNotification(silent.outTradeNo))).status).toBe(204);
    expect((await orders.find(silent.orderId)).history).toHaveLength(2);
  });

  it('closes an order at WeChat Pay when its hold runs out; a payment after the seat was released is refunded', async () => {
    const ev = await pricedEvent(1990);
    const unpaid = await hold(w.members[0], ev);
    const late = await hold(w.members[1], ev);
    // One whose trade never reached WeChat Pay (its query answers ORDER_NOT_EXIST): closed here all the same.
    const lost = await hold(w.members[2], ev);
    pay.trades.delete(lost.outTradeNo);
    w.t.clock.advance(HOLD_SECONDS * 1000 + 1000);
    await w.t.app.get(HoldExpiryService).sweep();
    expect((await w.as(w.members[1]).getRegistration(late.held.id)).status).toBe('expired');

    // Paid at WeChat Pay just before the expiry; the notification arrives after the seat was released.
    pay.pay(late.outTradeNo);
    expect((await notify(pay.paymentNotification(late.outTradeNo))).status).toBe(204);
    const orders = w.t.app.get(OrdersService);
    const refunding = await orders.find(late.orderId);
    expect(refunding).toMatchObject({ status: 'refunding' });
    expect(refunding.refunds).toEqual([expect.objectContaining({ cause: 'late_payment', status: 'processing' })]);
    const [refund] = [...pay.refunds.values()].filter((r) => r.outTradeNo === late.outTradeNo);
    expect(refund).toMatchObject({ refundFen: 1990, totalFen: 1990, outRefundNo: refunding.refunds[0].outRefundNo });
    expect((await w.as(w.members[1]).getRegistration(late.held.id)).status).toBe('expired');

    // WeChat Pay settles it and says so (verified like payments): refunded, once.
    pay.settleRefund(refund.outRefundNo);
    const settled = pay.refundNotification(refund.outRefundNo);
    const forged = pay.refundNotification(refund.outRefundNo, { forge: true });
    expect((await notify(forged, '/api/payments/wechat/refund-notify')).status).toBe(401);
    expect((await orders.find(late.orderId)).status).toBe('refunding');
    for (let i = 0; i < 3; i += 1)
      expect((await notify(settled, '/api/payments/wechat/refund-notify')).status).toBe(204);
    expect(await orders.find(late.orderId)).toMatchObject({ status: 'refunded', refundedFen: 1990 });

    // The sweep asks once more, then closes the unpaid one at WeChat Pay and here.
    const swept = await w.t.app.get(PaymentsSweeper).sweep();
    expect(swept.closed).toBeGreaterThanOrEqual(1);
    expect(pay.trades.get(unpaid.outTradeNo)!.state).toBe('CLOSED');
    expect(pay.calls.some((c) => c.method === 'POST' && c.path.endsWith(`${unpaid.outTradeNo}/close`))).toBe(true);
    expect((await w.as(w.members[0]).getOrder(unpaid.orderId)).status).toBe('closed');
    expect((await w.as(w.members[2]).getOrder(lost.orderId)).status).toBe('closed');
    expect(pay.calls.some((c) => c.path.endsWith(`${lost.outTradeNo}/close`))).toBe(false);
  });

  it('an admin refund WeChat Pay refuses for good puts the money back on the order; a passing failure is resent', async () => {
    const ev = await pricedEvent(1990);
    const m = w.members[3];
    const { orderId, outTradeNo } = await hold(m, ev);
    pay.pay(outTradeNo);
    expect((await notify(pay.paymentNotification(outTradeNo))).status).toBe(204);
    const refundUrl = `/api/orders/${orderId}/refund`;

    pay.refuseRefunds = 'INVALID_REQUEST';
    const refused = await w.t.request('POST', refundUrl, { token: w.admin.token, body: { reason: '活动调整' } });
    expect(refused.status).toBe(502);
    const back = await w.as(w.admin).getOrder(orderId);
    expect(back).toMatchObject({ status: 'paid', refundedFen: 0 });
    expect(back.refunds.map((r) => r.status)).toEqual(['failed']);

    // SYSTEM_ERROR may pass: the refund stays pending and the sweep resends it under the same number.
    pay.refuseRefunds = 'SYSTEM_ERROR';
    const failing = await w.t.request('POST', refundUrl, { token: w.admin.token, body: { reason: '活动调整' } });
    expect(failing.status).toBe(502);
    const pending = await w.as(w.admin).getOrder(orderId);
    expect(pending.status).toBe('refunding');
    expect(pending.refunds.map((r) => r.status)).toEqual(['failed', 'pending']);
    pay.refuseRefunds = null;
    expect((await w.t.app.get(PaymentsSweeper).sweep()).resent).toBeGreaterThanOrEqual(1);
    const sent = await w.as(w.admin).getOrder(orderId);
    expect(sent.refunds.map((r) => r.status)).toEqual(['failed', 'processing']);
    expect(pay.refunds.get(sent.refunds[1].outRefundNo)).toMatchObject({ refundFen: 1990 });
  });
});
