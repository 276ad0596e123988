import type { LoginResponse } from '@quanzi/contract';
import { startFakeWechatpay, type FakeNotification, type FakeWechatpay } from '../../../../test/fakes/wechatpay-fake';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';
import { OrdersService } from './orders.service';

describe('payments: WeChat Pay v3 against the fake WeChat Pay server', () => {
  let pay: FakeWechatpay;
  let w: EventsWorld;

  beforeAll(async () => {
    pay = await startFakeWechatpay();
    w = await startEventsWorld({ ...pay.env(), WECHAT_APPID: pay.appId }, 6);
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
    pay.pay(outTradeNo);
    const wrongAmount = pay.paymentNotification(outTradeNo, {
      transaction: { amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } },
    });
    const wrongMerchant = pay.paymentNotification(outTradeNo, { transaction: { mchid: '1900000999' } });
    for (const n of [wrongAmount, wrongMerchant]) {
      const res = await notify(n);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('FAIL');
    }
    expect((await w.as(m).getOrder(orderId)).status).toBe('created');
    expect((await w.as(m).getRegistration(held.id)).status).toBe('pending_payment');
  });
});
