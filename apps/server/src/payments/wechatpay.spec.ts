import type { LoginResponse } from '@quanzi/contract';
import { startFakeWechatpay, type FakeWechatpay } from '../../../../test/fakes/wechatpay-fake';
import { startEventsWorld, type EventsWorld } from '../testing/events-world';

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
});
