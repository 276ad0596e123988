/**
 * A fake WeChat Pay v3 server (微信支付公钥 mode) for specs and API scenarios. Plain Node http and
 * node:crypto, 127.0.0.1 on a free port; it does its own signing, independent of the library the
 * server uses, so the two meet only on the wire format.
 *
 * - Generates a merchant key pair (the server signs with the private half; the fake verifies every
 *   request's WECHATPAY2-SHA256-RSA2048 Authorization with the public half → 401 SIGN_ERROR) and a
 *   platform key pair (the fake signs every answer and notification; `env()` hands the server the
 *   public half under a PUB_KEY_ID_… id).
 * - POST /v3/pay/transactions/jsapi · GET /v3/pay/transactions/out-trade-no/{no}?mchid= ·
 *   POST …/{no}/close · POST /v3/refund/domestic/refunds (idempotent per out_refund_no).
 * - The test plays the payer (`pay`), settles refunds (`settleRefund`) and builds signed,
 *   AES-256-GCM-encrypted notifications (`paymentNotification`, `refundNotification`), which it can
 *   forge, and sends them (`deliver`) to the URL the server registered or hands them to inject.
 */
import {
  createCipheriv,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTrade {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  totalFen: number;
  openid: string;
  notifyUrl: string;
  /** As the server sent it (RFC 3339, +08:00). */
  timeExpire: string;
  prepayId: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string | null;
}

export interface FakeRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refundFen: number;
  totalFen: number;
  reason: string;
  notifyUrl: string;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL';
}

export interface FakeWechatpayCall {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeNotification {
  headers: Record<string, string>;
  body: string;
  url: string;
}

export interface NotificationOptions {
  /** Sign with another key (a forger's). */
  forge?: boolean;
  serial?: string;
  /** Seconds since the epoch written in Wechatpay-Timestamp (default: the fake's `now`). */
  timestamp?: number;
  /** Fields written over the decrypted transaction (e.g. a wrong amount). */
  transaction?: Record<string, unknown>;
}

export interface FakeWechatpay {
  baseUrl: string;
  mchid: string;
  appId: string;
  publicKeyId: string;
  apiV3Key: string;
  trades: Map<string, FakeTrade>;
  refunds: Map<string, FakeRefund>;
  calls: FakeWechatpayCall[];
  /** Requests refused for a bad Authorization. */
  signatureFailures: number;
  /** The clock notifications are stamped with (tests that move the server's clock move this too). */
  now: () => number;
  /** Refunds answer SUCCESS at once instead of PROCESSING. */
  refundsSettleAtOnce: boolean;
  /** A refund is recorded at once but answered this much later (a crash test kills the server in between). */
  refundDelayMs: number;
  /** Answers signed with a forger's key (the server must refuse to believe them). */
  forgeAnswers: boolean;
  /** Refund requests are refused with this error code (e.g. INVALID_REQUEST → 400, SYSTEM_ERROR → 500). */
  refuseRefunds: string | null;
  /** The server's environment for this merchant (PUBLIC_BASE_URL decides where notifications go). */
  env(): Record<string, string>;
  /** The payer pays: the trade becomes SUCCESS (no notification is sent; see paymentNotification). */
  pay(outTradeNo: string): FakeTrade;
  settleRefund(outRefundNo: string, status?: 'SUCCESS' | 'ABNORMAL'): FakeRefund;
  paymentNotification(outTradeNo: string, options?: NotificationOptions): FakeNotification;
  refundNotification(outRefundNo: string, options?: NotificationOptions): FakeNotification;
  /** Whether `wx.requestPayment` parameters carry a valid merchant paySign (what the WeChat client checks). */
  checkPaySign(params: Record<string, unknown>): boolean;
  /** POSTs a notification to its URL; the server's status and body. */
  deliver(n: FakeNotification): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

const pemOf = (k: KeyObject, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString();
const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const sign = (message: string, key: KeyObject) => createSign('RSA-SHA256').update(message).sign(key, 'base64');

export async function startFakeWechatpay(options: { appId?: string; mchid?: string } = {}): Promise<FakeWechatpay> {
  const merchant = rsaPair();
  const platform = rsaPair();
  const forger = rsaPair();
  const appId = options.appId ?? 'wx-fake-appid';
  const mchid = options.mchid ?? '1900000109';
  const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  const publicKeyId = 'PUB_KEY_ID_0119000001092025120800000000000001';
  const apiV3Key = randomBytes(16).toString('hex');
  const trades = new Map<string, FakeTrade>();
  const refunds = new Map<string, FakeRefund>();
  const calls: FakeWechatpayCall[] = [];
  let seq = 0;

  /** Our request signature: `METHOD\nURL\ntimestamp\nnonce\nbody\n` with the merchant key. */
  const authorized = (req: http.IncomingMessage, raw: string): boolean => {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return false;
    const f = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (f.mchid !== mchid || f.serial_no !== serial) return false;
    if (Math.abs(Date.now() / 1000 - Number(f.timestamp)) > 300) return false;
    const message = `${req.method}\n${req.url}\n${f.timestamp}\n${f.nonce_str}\n${raw}\n`;
    return createVerify('RSA-SHA256')
      .update(message)
      .verify(merchant.publicKey, f.signature ?? '', 'base64');
  };

  /** Every answer is signed with the platform key over `timestamp\nnonce\nbody\n` (wall clock). */
  const answer = (res: http.ServerResponse, status: number, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    res.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'wechatpay-timestamp': ts,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': publicKeyId,
      'wechatpay-signature': sign(
        `${ts}\n${nonce}\n${text}\n`,
        fake.forgeAnswers ? forger.privateKey : platform.privateKey,
      ),
    });
    res.end(text);
  };
  const fail = (res: http.ServerResponse, status: number, code: string, message: string) =>
    answer(res, status, { code, message });

  const route = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies as WeChat Pay documents them
    const body: any = raw ? JSON.parse(raw) : undefined;
    calls.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });
    if (!authorized(req, raw)) {
      fake.signatureFailures += 1;
      return fail(res, 401, 'SIGN_ERROR', '签名错误');
    }
    const byNo = url.pathname.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/);
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/jsapi') {
      if (body.mchid !== mchid || body.appid !== appId) return fail(res, 400, 'PARAM_ERROR', 'mchid/appid');
      if (!body.payer?.openid || !Number.isInteger(body.amount?.total) || body.amount.currency !== 'CNY')
        return fail(res, 400, 'PARAM_ERROR', 'payer/amount');
      const existing = trades.get(body.out_trade_no);
      if (existing) {
        if (existing.state === 'CLOSED') return fail(res, 400, 'ORDER_CLOSED', '订单已关闭');
        if (existing.totalFen !== body.amount.total) return fail(res, 400, 'INVALID_REQUEST', '订单号重复');
        return answer(res, 200, { prepay_id: existing.prepayId });
      }
      const trade: FakeTrade = {
        appid: body.appid,
        mchid,
        outTradeNo: body.out_trade_no,
        description: body.description,
        totalFen: body.amount.total,
        openid: body.payer.openid,
        notifyUrl: body.notify_url,
        timeExpire: body.time_expire,
        prepayId: `wx${Date.now()}${(seq += 1)}`,
        state: 'NOTPAY',
        transactionId: null,
      };
      trades.set(trade.outTradeNo, trade);
      return answer(res, 200, { prepay_id: trade.prepayId });
    }
    if (byNo) {
      const trade = trades.get(decodeURIComponent(byNo[1]));
      if (!trade) return fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
      if (req.method === 'GET' && !byNo[2]) {
        if (url.searchParams.get('mchid') !== mchid) return fail(res, 400, 'PARAM_ERROR', 'mchid');
        return answer(res, 200, transactionOf(trade));
      }
      if (req.method === 'POST' && byNo[2]) {
        if (trade.state === 'SUCCESS' || trade.state === 'REFUND') return fail(res, 400, 'ORDERPAID', '订单已支付');
        trade.state = 'CLOSED';
        return answer(res, 204);
      }
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      if (fake.refuseRefunds)
        return fail(res, fake.refuseRefunds === 'SYSTEM_ERROR' ? 500 : 400, fake.refuseRefunds, '退款被拒绝');
      const trade = trades.get(body.out_trade_no);
      if (!trade || (trade.state !== 'SUCCESS' && trade.state !== 'REFUND'))
        return fail(res, 400, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
      const same = refunds.get(body.out_refund_no);
      if (same) return answer(res, 200, refundOf(same));
      const refunded = [...refunds.values()]
        .filter((r) => r.outTradeNo === trade.outTradeNo && r.status !== 'ABNORMAL')
        .reduce((sum, r) => sum + r.refundFen, 0);
      if (body.amount?.total !== trade.totalFen || refunded + body.amount.refund > trade.totalFen)
        return fail(res, 400, 'INVALID_REQUEST', '退款金额错误');
      const refund: FakeRefund = {
        outRefundNo: body.out_refund_no,
        outTradeNo: trade.outTradeNo,
        refundId: `50${Date.now()}${(seq += 1)}`,
        refundFen: body.amount.refund,
        totalFen: trade.totalFen,
        reason: body.reason ?? '',
        notifyUrl: body.notify_url,
        status: fake.refundsSettleAtOnce ? 'SUCCESS' : 'PROCESSING',
      };
      refunds.set(refund.outRefundNo, refund);
      trade.state = 'REFUND';
      if (fake.refundDelayMs > 0) return void setTimeout(() => answer(res, 200, refundOf(refund)), fake.refundDelayMs);
      return answer(res, 200, refundOf(refund));
    }
    return fail(res, 404, 'NOT_FOUND', `${req.method} ${url.pathname}`);
  };

  const transactionOf = (t: FakeTrade) => ({
    appid: t.appid,
    mchid: t.mchid,
    out_trade_no: t.outTradeNo,
    transaction_id: t.transactionId ?? undefined,
    trade_type: 'JSAPI',
    trade_state: t.state,
    trade_state_desc: t.state,
    payer: { openid: t.openid },
    amount: { total: t.totalFen, payer_total: t.totalFen, currency: 'CNY', payer_currency: 'CNY' },
    ...(t.transactionId ? { success_time: new Date(fake.now()).toISOString() } : {}),
  });
  const refundOf = (r: FakeRefund) => ({
    refund_id: r.refundId,
    out_refund_no: r.outRefundNo,
    out_trade_no: r.outTradeNo,
    status: r.status,
    amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen },
  });

  /** A notification as WeChat Pay sends it: resource encrypted with the APIv3 key, body signed. */
  const notification = (
    url: string,
    eventType: string,
    aad: 'transaction' | 'refund',
    plain: Record<string, unknown>,
    o: NotificationOptions,
  ): FakeNotification => {
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), nonce).setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify({ ...plain, ...o.transaction })),
      cipher.final(),
      cipher.getAuthTag(),
    ]).toString('base64');
    const body = JSON.stringify({
      id: `EV-${Date.now()}-${(seq += 1)}`,
      create_time: new Date(fake.now()).toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType,
      resource: { original_type: aad, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
    });
    const ts = String(o.timestamp ?? Math.floor(fake.now() / 1000));
    const headerNonce = randomBytes(16).toString('hex');
    return {
      url,
      body,
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': headerNonce,
        'wechatpay-serial': o.serial ?? publicKeyId,
        'wechatpay-signature': sign(
          `${ts}\n${headerNonce}\n${body}\n`,
          o.forge ? forger.privateKey : platform.privateKey,
        ),
      },
    };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      try {
        route(req, res, raw);
      } catch (error) {
        fail(res, 500, 'SYSTEM_ERROR', (error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeWechatpay = {
    baseUrl: `http://127.0.0.1:${port}`,
    mchid,
    appId,
    publicKeyId,
    apiV3Key,
    trades,
    refunds,
    calls,
    signatureFailures: 0,
    now: () => Date.now(),
    refundsSettleAtOnce: false,
    refundDelayMs: 0,
    forgeAnswers: false,
    refuseRefunds: null,
    env: () => ({
      PAYMENT_GATEWAY: 'wechat',
      WECHATPAY_MCHID: mchid,
      WECHATPAY_SERIAL: serial,
      WECHATPAY_PRIVATE_KEY: pemOf(merchant.privateKey, 'pkcs8'),
      WECHATPAY_APIV3_KEY: apiV3Key,
      WECHATPAY_PUBLIC_KEY: pemOf(platform.publicKey, 'spki'),
      WECHATPAY_PUBLIC_KEY_ID: publicKeyId,
      WECHATPAY_BASE_URL: `http://127.0.0.1:${port}`,
    }),
    pay(outTradeNo) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      trade.state = 'SUCCESS';
      trade.transactionId ??= `4200${Date.now()}${(seq += 1)}`;
      return trade;
    },
    settleRefund(outRefundNo, status = 'SUCCESS') {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`no refund ${outRefundNo}`);
      refund.status = status;
      return refund;
    },
    paymentNotification(outTradeNo, o = {}) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      return notification(trade.notifyUrl, 'TRANSACTION.SUCCESS', 'transaction', transactionOf(trade), o);
    },
    refundNotification(outRefundNo, o = {}) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`no refund ${outRefundNo}`);
      const trade = trades.get(r.outTradeNo);
      const plain = {
        mchid,
        out_trade_no: r.outTradeNo,
        transaction_id: trade?.transactionId,
        out_refund_no: r.outRefundNo,
        refund_id: r.refundId,
        refund_status: r.status,
        amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen },
      };
      return notification(r.notifyUrl, `REFUND.${r.status}`, 'refund', plain, o);
    },
    checkPaySign(p) {
      const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
      return (
        p.signType === 'RSA' &&
        createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, String(p.paySign), 'base64')
      );
    },
    async deliver(n) {
      const res = await fetch(n.url, { method: 'POST', headers: n.headers, body: n.body });
      return { status: res.status, body: await res.text() };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
